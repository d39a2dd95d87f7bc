"""Demo and scale data for competence building.

The demo: the "KI-Grundlagen" rollout over the houses of the Kulturbetrieb (goal: 80 % of the
staff within four months) with past sessions and their attendance, upcoming sessions with
registrations and a full one with a waiting list, feedback scores; plus "IT-Sicherheit
Awareness" and "E-Rechnung für Sachbearbeitung". A few more (fictional) staff of the houses
are added through the contacts service, so coverage has people to count. German on purpose,
like the rest of the demo. Runs inside the seeder's transaction (no commit).

``scale_training``: 50,000 enrollments per 100,000 requests (bulk inserts), in programmes of
about 25 sessions of about 20 people each.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from officer_tui.models.enums import EnrollmentStatus, RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.training import (
    Enrollment,
    ProgrammeTarget,
    TrainingProgramme,
    TrainingSession,
)
from officer_tui.services._bulk import bulk_insert, stamp
from officer_tui.services.contacts import create_contact
from officer_tui.services.followups import add_followup
from officer_tui.services.trainings import add_programme, add_session, enroll, set_feedback
from officer_tui.text import fold

E = EnrollmentStatus
_CITY = "hohenstein.example"
_PURPOSE = "Teilnahme an Qualifizierung"
_BASIS = "Art. 6 Abs. 1 lit. e DSGVO, Art. 88 DSGVO (Fortbildung der Beschäftigten)"

# fmt: off
# More (fictional) staff of the houses, so the rollout reaches people beyond the usual contacts.
# (unit name, role, names)
STAFF = (
    ("Stadtmuseum Hohenstein", "Aufsicht und Besucherservice",
     ("Katrin Bode", "Jürgen Schmidt", "Melanie Ostrowski", "Ömer Kaya", "Sophie Landwehr",
      "Rainer Tiedemann", "Ines Brockmann", "Lukas Feldkamp")),
    ("Stadtbibliothek Hohenstein", "Bibliotheksassistenz",
     ("Anja Rohde", "Bernd Schulte-Bockum", "Dana Petrović", "Hannah Wiese", "Kerstin Lamprecht",
      "Mats Oltmann", "Renate Sievers", "Yusuf Aydın")),
    ("Kunsthalle Hohenstein", "Kunstvermittlung",
     ("Greta Vollmer", "Johannes Stuckenberg", "Lea Marquardt", "Vincent Albrecht")),
    ("Kulturbüro und Veranstaltungen", "Veranstaltungsorganisation",
     ("Carsten Ehlers", "Maike Dreyer", "Tanja Volkmer")),
    ("Stadtarchiv Hohenstein", "Archivassistenz",
     ("Gesine Harms", "Olaf Wittkamp", "Pia Sturm")),
    ("Musikschule Hohenstein", "Lehrkraft",
     ("Annette Fromm", "Boris Lange", "Chiara Russo", "Dirk Wendland", "Eva Hollmann")),
)

AI = "KI-Grundlagen für Beschäftigte"
SECURITY = "IT-Sicherheit Awareness"
INVOICE = "E-Rechnung für Sachbearbeitung"

# (title, topic, description, goal %, goal in days, target units (name, headcount or None))
PROGRAMMES = (
    (AI, "Künstliche Intelligenz",
     "Was KI-Werkzeuge können und was nicht: Texte entwerfen, zusammenfassen, übersetzen; "
     "Datenschutz, Urheberrecht und die Dienstanweisung KI der Stadt. 3 Stunden, praxisnah.",
     80, 120,
     (("Stadtmuseum Hohenstein", None), ("Stadtbibliothek Hohenstein", None),
      ("Kunsthalle Hohenstein", None), ("Kulturbüro und Veranstaltungen", None),
      ("Stadtarchiv Hohenstein", None))),
    (SECURITY, "Informationssicherheit",
     "Phishing erkennen, sichere Passwörter, Umgang mit USB-Sticks und Besuchern am Arbeitsplatz. "
     "Pflichtschulung nach der Leitlinie Informationssicherheit.",
     100, 200,
     (("Kulturbetrieb der Stadt Hohenstein", 60), ("Hauptamt", None))),
    (INVOICE, "Finanzen",
     "Eingangsrechnungen als XRechnung und ZUGFeRD prüfen, im Workflow freigeben und "
     "kontieren. Für alle, die Rechnungen sachlich richtig zeichnen.",
     90, 60,
     (("Kämmerei", 6), ("Kulturbetrieb der Stadt Hohenstein", 5))),
)

# (programme, days from today, from, to, place, online link, trainer, capacity, feedback
#  (score, comment) or None, people, share attended of the past)
SESSIONS = (
    (AI, -63, time(9), time(12), "Stadtbibliothek, Veranstaltungsraum", "",
     "Heike Brinkmann", 16, (4.4, "Sehr praxisnah, mehr Zeit für Übungen gewünscht."), 15),
    (AI, -42, time(13), time(16), "Stadtmuseum, Seminarraum 1", "",
     "Dr. Lea Voss (KI-Campus Niedersachsen)", 16, (4.7, "Gute Beispiele aus dem Museumsalltag."),
     16),
    (AI, -21, time(9), time(12), "", "https://meet.hohenstein.example/ki-grundlagen",
     "Dr. Lea Voss (KI-Campus Niedersachsen)", 25, (3.9, "Online schwieriger, Ton teils schlecht."),
     13),
    (AI, -7, time(9), time(12), "Kunsthalle, Atelier", "", "Heike Brinkmann", 12,
     (4.5, ""), 12),
    (AI, 9, time(9), time(12), "Stadtbibliothek, Veranstaltungsraum", "", "Heike Brinkmann",
     12, None, 12),
    (AI, 23, time(13), time(16), "Stadtarchiv, Lesesaal", "",
     "Dr. Lea Voss (KI-Campus Niedersachsen)", 8, None, 11),  # full: 3 on the waiting list
    (AI, 44, time(9), time(12), "", "https://meet.hohenstein.example/ki-grundlagen",
     "Heike Brinkmann", None, None, 6),
    (SECURITY, -30, time(10), time(11, 30), "Rathaus, Sitzungssaal", "", "Sandra Pietsch", 30,
     (4.1, "Phishing-Beispiele waren sehr hilfreich."), 14),
    (SECURITY, 16, time(10), time(11, 30), "", "https://meet.hohenstein.example/awareness",
     "Sandra Pietsch", 40, None, 10),
    (INVOICE, -14, time(8, 30), time(12), "Kämmerei, Schulungsraum", "",
     "Julia Evers", 8, (4.8, "Endlich verständlich erklärt."), 6),
    (INVOICE, 30, time(8, 30), time(12), "Kämmerei, Schulungsraum", "", "Julia Evers", 8,
     None, 3),
)
# fmt: on


FILL = 0.9  # known staff of the rollout's houses: 90 % of their headcount


def _add_staff(session: Session, units: dict[str, int]) -> int:
    """The named staff above, then generated names until each house of STAFF has 90 % of its
    headcount as contacts (the rest are people the officer has not met yet)."""
    from officer_tui.services.scale_data import FIRST_NAMES, LAST_NAMES

    rng = random.Random(61)
    taken = {fold(n) for n in session.execute(select(Contact.name)).scalars()}
    # Generated names share no word with the named people (searches for them stay exact).
    words = {word for name in taken for word in name.split()}
    added = 0

    def add(name: str, unit_id: int, role: str) -> None:
        nonlocal added
        first, _space, last = name.partition(" ")
        local = f"{fold(first)}.{fold(last)}".replace(" ", "").replace("ı", "i")
        create_contact.__wrapped__(
            session,
            data={"name": name, "unit_id": unit_id, "role": role, "email": f"{local}@{_CITY}",
                  "phone": f"05555 1234-{700 + added}", "purpose": _PURPOSE,
                  "legal_basis": _BASIS},
        )
        taken.add(fold(name))
        added += 1

    for unit_name, role, names in STAFF:
        unit_id = units.get(unit_name)
        if unit_id is None:
            continue
        for name in names:
            add(name, unit_id, role)
        headcount = session.get(OrgUnit, unit_id).headcount or 0
        known = session.execute(
            select(func.count()).select_from(Contact).where(Contact.unit_id == unit_id)
        ).scalar_one()
        while known < int(headcount * FILL):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if fold(name) not in taken and not {fold(first), fold(last)} & words:
                add(name, unit_id, role)
                known += 1
    return added


def _people_of(session: Session, unit_ids: set[int]) -> list[int]:
    return list(
        session.execute(
            select(Contact.id).where(Contact.unit_id.in_(unit_ids)).order_by(Contact.id)
        ).scalars()
    )


def _subtree(session: Session, unit_ids: set[int]) -> set[int]:
    from officer_tui.services.units import unit_and_descendants

    found: set[int] = set()
    for unit_id in unit_ids:
        found |= unit_and_descendants(session, unit_id)
    return found


def seed_training(session: Session, *, today: date) -> dict[str, int]:
    units = {name: uid for uid, name in session.execute(select(OrgUnit.id, OrgUnit.name)).all()}
    added = _add_staff(session, units)
    rng = random.Random(6)
    programmes: dict[str, tuple[int, list[int]]] = {}
    for title, topic, description, goal, days, targets in PROGRAMMES:
        wanted = [(units[name], headcount) for name, headcount in targets if name in units]
        programme = add_programme.__wrapped__(
            session,
            data={"title": title, "topic": topic, "description": description,
                  "goal_percent": goal, "goal_by": today + timedelta(days=days),
                  "targets": wanted},
        )
        pool = _people_of(session, _subtree(session, {uid for uid, _h in wanted}))
        rng.shuffle(pool)
        programmes[title] = (programme.id, pool)
    sessions = enrollments = 0
    reached: dict[str, set[int]] = {title: set() for title in programmes}
    for (title, days, start, end, place, url, trainer, capacity, feedback,
         people) in SESSIONS:
        programme_id, pool = programmes[title]
        held_on = today + timedelta(days=days)
        training = add_session.__wrapped__(
            session,
            data={"programme_id": programme_id, "held_on": held_on, "start_time": start,
                  "end_time": end, "place": place, "online_url": url, "trainer": trainer,
                  "capacity": capacity},
        )
        sessions += 1
        fresh = [p for p in pool if p not in reached[title]]
        chosen = fresh[:people]
        for index, contact_id in enumerate(chosen):
            if days < 0:
                roll = rng.random()
                status = E.ATTENDED if roll < 0.8 else E.EXCUSED if roll < 0.9 else E.NO_SHOW
                if status == E.ATTENDED:
                    reached[title].add(contact_id)
            elif capacity is None and index % 2:
                status = E.INVITED
            else:
                status = E.REGISTERED  # beyond the capacity: the waiting list
            enroll.__wrapped__(session, session_id=training.id, contact_id=contact_id,
                               status=status)
            enrollments += 1
        if days > 0:
            for contact_id in chosen:  # booked people are not "fresh" for the next session
                reached[title].add(contact_id)
        if feedback is not None:
            set_feedback.__wrapped__(session, session_id=training.id, score=feedback[0],
                                     comment=feedback[1])
    add_followup.__wrapped__(
        session,
        data={"title": "KI-Grundlagen: Termine für das zweite Halbjahr festlegen",
              "due_on": today + timedelta(days=21),
              "owner_id": session.execute(
                  select(Contact.id).where(Contact.name == "Heike Brinkmann")).scalar(),
              "subject_kind": RecordKind.TRAINING, "subject_id": programmes[AI][0]},
    )
    return {"contacts": added, "programmes": len(programmes), "sessions": sessions,
            "enrollments": enrollments, "followups": 1}


# --- scale ----------------------------------------------------------------------------------

ENROLLMENTS_PER_REQUEST = 0.5  # 50,000 per 100,000 requests
PEOPLE_PER_SESSION = 20
SESSIONS_PER_PROGRAMME = 25

_TOPICS = (
    ("KI-Grundlagen", "Künstliche Intelligenz"), ("IT-Sicherheit Awareness", "Informationssicherheit"),
    ("E-Rechnung", "Finanzen"), ("Barrierefreie Dokumente", "Barrierefreiheit"),
    ("Datenschutz im Alltag", "Datenschutz"), ("Videokonferenzen sicher nutzen", "Arbeitsplatz"),
    ("Digitale Ausleihe erklären", "Kulturvermittlung"), ("Social Media im Kulturbetrieb", "Kommunikation"),
    ("Tabellenkalkulation für Einsteiger", "Office"), ("E-Akte", "Verwaltung"),
    ("Open Data veröffentlichen", "Daten"), ("Digitale Sammlung pflegen", "Kulturvermittlung"),
)
_PLACES = ("Stadtbibliothek, Veranstaltungsraum", "Stadtmuseum, Seminarraum 1",
           "Rathaus, Sitzungssaal", "Kämmerei, Schulungsraum", "Musikschule, Saal")
_TRAINERS = ("Heike Brinkmann", "Sandra Pietsch", "Dr. Lea Voss", "Julia Evers", "Tim Schuster")


def scale_training(
    session: Session, *, count_requests: int, today: date, rng: random.Random
) -> dict[str, int]:
    """Generated programmes, sessions and enrollments (bulk; no commit)."""
    wanted = int(count_requests * ENROLLMENTS_PER_REQUEST)
    people = list(session.execute(select(Contact.id, Contact.unit_id)).all())
    unit_ids = [uid for uid in session.execute(select(OrgUnit.id)).scalars()]
    if wanted <= 0 or not people or not unit_ids:
        return {"programmes": 0, "sessions": 0, "enrollments": 0}
    by_unit: dict[int | None, list[int]] = {}
    for contact_id, unit_id in people:
        by_unit.setdefault(unit_id, []).append(contact_id)
    all_people = [contact_id for contact_id, _u in people]
    session_count = max(wanted // PEOPLE_PER_SESSION, 1)
    programme_count = max(session_count // SESSIONS_PER_PROGRAMME, 1)

    def next_id(model) -> int:
        return (session.execute(select(func.max(model.id))).scalar() or 0) + 1

    first_programme = next_id(TrainingProgramme)

    def programme_rows() -> Iterator[dict]:
        for index in range(programme_count):
            title, topic = _TOPICS[index % len(_TOPICS)]
            title = f"{title} {2020 + index // len(_TOPICS)}" if index >= len(_TOPICS) else title
            yield {"title": title, "topic": topic, "description": "",
                   "goal_percent": rng.choice((None, 60, 75, 80, 90, 100)),
                   "goal_by": today + timedelta(days=rng.randint(-200, 400)),
                   "search_text": fold(f"{title}\n{topic}\n")}

    programmes = bulk_insert(session, TrainingProgramme, programme_rows(), constants=stamp())
    pools: list[list[int]] = []
    targets = []
    for offset in range(programmes):
        chosen = rng.sample(unit_ids, min(len(unit_ids), rng.randint(2, 6)))
        for unit_id in chosen:
            known = len(by_unit.get(unit_id, ()))  # staff: more than the officer knows
            targets.append({"programme_id": first_programme + offset, "unit_id": unit_id,
                            "headcount": int(known * rng.uniform(1.1, 1.6)) if known else None})
        pool = [c for unit_id in chosen for c in by_unit.get(unit_id, [])]
        pools.append(pool if len(pool) >= PEOPLE_PER_SESSION else all_people)
    bulk_insert(session, ProgrammeTarget, iter(targets), constants={})

    first_session = next_id(TrainingSession)
    plan: list[tuple[int, date, int]] = []  # programme offset, day, people

    def session_rows() -> Iterator[dict]:
        left = wanted
        for index in range(session_count):
            offset = index % programmes
            day = today + timedelta(days=int(rng.triangular(-700, 120, -60)))
            size = min(max(int(rng.gauss(PEOPLE_PER_SESSION, 5)), 3), len(pools[offset]), left)
            if index == session_count - 1:
                size = min(left, len(pools[offset]))
            left -= size
            plan.append((offset, day, size))
            hour = rng.choice((8, 9, 10, 13, 14))
            yield {"programme_id": first_programme + offset, "held_on": day,
                   "start_time": time(hour), "end_time": time(hour + 3),
                   "place": rng.choice(_PLACES), "online_url": "", "trainer": rng.choice(_TRAINERS),
                   "capacity": rng.choice((None, size, size + 5)),
                   "feedback_score": round(rng.uniform(3.0, 5.0), 1) if day < today else None,
                   "feedback_comment": ""}

    sessions = bulk_insert(session, TrainingSession, session_rows(), constants=stamp())
    moment = datetime.now(UTC)

    def enrollment_rows() -> Iterator[dict]:
        for index, (offset, day, size) in enumerate(plan):
            past = day < today
            for contact_id in rng.sample(pools[offset], size):
                roll = rng.random()
                if past:
                    status = E.ATTENDED if roll < 0.78 else E.EXCUSED if roll < 0.88 else (
                        E.NO_SHOW if roll < 0.95 else E.CANCELLED)
                else:
                    status = E.REGISTERED if roll < 0.85 else E.INVITED if roll < 0.95 else (
                        E.CANCELLED)
                yield {"session_id": first_session + index, "contact_id": contact_id,
                       "status": status,
                       "requested_at": moment - timedelta(days=max((today - day).days, 0) + 14,
                                                          seconds=int(roll * 86400))}

    enrollments = bulk_insert(session, Enrollment, enrollment_rows(), constants=stamp())
    return {"programmes": programmes, "sessions": sessions, "enrollments": enrollments}
