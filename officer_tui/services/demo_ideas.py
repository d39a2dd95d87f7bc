"""Demo ideas, strategic goals and follow-ups for Hohenstein, on top of the demo units,
contacts and requests (looked up by name). ``scale_ideas`` generates many ideas in bulk.

German on purpose, like ``demo_data``: a German city's strategy and its staff's ideas.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from officer_tui.models.enums import IdeaStatus, RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import Idea, IdeaGoal, StrategicGoal
from officer_tui.models.request import Request
from officer_tui.services._bulk import bulk_insert, stamp
from officer_tui.services.followups import add_followup, mark_done
from officer_tui.services.goals import create_goal
from officer_tui.services.ideas import assess, convert, create_idea, set_goals, set_status
from officer_tui.text import fold

# fmt: off
# Handlungsfelder (HF) und Ziele der Digitalstrategie "Hohenstein digital 2030".
GOALS = (
    ("HF1.1", "Verwaltungsleistungen vollständig online anbieten (OZG)"),
    ("HF1.2", "Interne Abläufe medienbruchfrei digitalisieren"),
    ("HF2.1", "Kulturelles Erbe digital zugänglich machen"),
    ("HF2.2", "Digitale Vermittlungsangebote für alle Altersgruppen"),
    ("HF3.1", "Offene Daten bereitstellen"),
    ("HF3.2", "Datenschutz und Informationssicherheit stärken"),
    ("HF4.1", "Digitale Kompetenzen der Beschäftigten aufbauen"),
    ("HF4.2", "Moderne, mobile Arbeitsplätze"),
    ("HF5.1", "Beteiligung der Bürgerinnen und Bürger digital ermöglichen"),
    ("HF5.2", "Nachhaltige und barrierefreie IT"),
)

FIELDS = {
    "verwaltung": "Digitale Verwaltung",
    "kultur": "Digitale Kulturvermittlung",
    "daten": "Daten und Open Data",
    "arbeit": "Arbeitsplatz und Infrastruktur",
    "kompetenz": "Kompetenzen und Qualifizierung",
    "beteiligung": "Beteiligung und Kommunikation",
}

# (title, submitter, field key, days ago, goals, assessment (b, e, s, r) or None,
#  status steps, description)
IDEAS = (
    ("Online-Sammlung des Stadtmuseums mit 3D-Objekten", "Miriam Osterkamp", "kultur", 120,
     ("HF2.1",), (5, 4, 5, 4), ("accepted", "convert"),
     "Ausgewählte Objekte der Sammlung als 3D-Scans in der Online-Sammlung zeigen."),
    ("Digitaler Lesesaal im Stadtarchiv", "Birte Sommer", "kultur", 90, ("HF2.1", "HF3.1"),
     (5, 4, 4, 3), ("accepted",),
     "Digitalisierte Bestände mit Findbuch online einsehbar machen; Bestellung von Akten online."),
    ("Tablets zur Ausleihe in der Stadtbibliothek", "Leonie Barth", "kultur", 60, ("HF2.2",),
     (4, 2, 3, 4), ("accepted",),
     "Tablets mit vorinstallierten Lern-Apps für Kinder und Seniorinnen zur Ausleihe."),
    ("Online-Anmeldung und Gebührenbescheid der Musikschule", "Petra Nowak", "verwaltung", 75,
     ("HF1.1", "HF1.2"), (5, 3, 5, 4), ("in_review",),
     "Anmeldung, Vertrag und Gebührenbescheid ohne Papier; Anbindung an die Kasse."),
    ("Digitale Leihverträge für Ausstellungen", "Paul Kessler", "verwaltung", 40, ("HF1.2",),
     (3, 2, 3, 2), ("in_review",),
     "Leihverträge mit Leihgebern elektronisch unterschreiben statt Post und Kurier."),
    ("Open-Data-Portal: Besuchszahlen der Kultureinrichtungen", "Markus Engel", "daten", 30,
     ("HF3.1",), (3, 2, 4, 3), ("in_review",),
     "Monatliche Besuchszahlen als offene Daten veröffentlichen (CSV, Lizenz CC BY 4.0)."),
    ("KI-Sprechstunde für Beschäftigte", "Heike Brinkmann", "kompetenz", 25, ("HF4.1",),
     (4, 1, 4, 3), ("accepted",),
     "Einmal im Monat offene Sprechstunde zu KI-Werkzeugen im Arbeitsalltag."),
    ("Audioguide als Web-App statt Leihgeräten", "Tobias Lindner", "kultur", 50, ("HF2.2",),
     (4, 3, 3, 4), ("parked",), "Audioguide im Browser des eigenen Smartphones, mehrsprachig."),
    ("Eigene App für alle Kulturhäuser", "Jana Krüger", "beteiligung", 110, ("HF5.1",),
     (2, 5, 2, 3), ("rejected",),
     "Eine gemeinsame App mit Programm, Tickets und Push-Nachrichten."),
    ("Papierlose Sitzungen des Kulturausschusses", "Michael Berger", "verwaltung", 14, ("HF1.2",),
     None, (), "Sitzungsunterlagen im Ratsinformationssystem, Tablets für die Mitglieder."),
    ("Digitale Besucherbefragung in allen Häusern", "Nina Hartmann", "beteiligung", 9,
     ("HF5.1",), None, (), "Kurze Befragung per QR-Code am Ausgang; Auswertung je Haus."),
    ("Barrierefreie PDFs als Standard", "Jana Krüger", "kompetenz", 7, ("HF5.2",), None, (),
     "Vorlagen und Schulung, damit alle Veröffentlichungen barrierefrei sind."),
    ("Gemeinsamer Veranstaltungskalender als offene Daten", "Sven Jacobs", "daten", 5,
     ("HF3.1", "HF5.1"), None, (),
     "Alle Veranstaltungen der Häuser in einem Kalender, auch als offene Schnittstelle."),
    ("Sensoren für Raumklima im Außendepot", "Miriam Osterkamp", "arbeit", 3, (), None, (),
     "Temperatur und Luftfeuchte automatisch messen und bei Abweichung warnen."),
    ("Leihgeräte-Pool für mobiles Arbeiten", "Sabine Kröger", "arbeit", 2, ("HF4.2",), None, (),
     "Ein paar Laptops zum Ausleihen für Homeoffice und Dienstreisen."),
)
REJECTED_REASON = ("Zu teuer im Betrieb; die Häuser nutzen stattdessen die Stadt-App "
                   "und das gemeinsame Veranstaltungsportal.")

# (title, owner, subject (kind, request title or idea title) or None, due in days,
#  done days ago or None, recurrence (every, unit, from) or None)
FOLLOWUPS = (
    ("Beim Service-Desk nach dem Ticket fragen", "Frank Oltmanns",
     ("request", "Drucker im Foyer defekt"), -3, None, None),
    ("Angebot für Selbstverbuchung nachfassen", "Marco Szymański",
     ("request", "Selbstverbuchungsterminal zeigt Fehler"), -1, None, None),
    ("Rückmeldung Datenschutz zu Fotos einholen", "Dr. Anja Lorenz",
     ("request", "Datenschutzfrage: Fotos bei Veranstaltungen"), 2, None, None),
    ("Testzugang Online-Anmeldung prüfen", "Petra Nowak",
     ("request", "Online-Anmeldung für Kurse der Musikschule"), 7, None, None),
    ("BITV-Prüfbericht anfordern", "Jana Krüger",
     ("request", "Website: Barrierefreiheit prüfen (BITV 2.0)"), 14, None, None),
    ("Zugangsdaten Onleihe: Bestätigung abwarten", "Ute Hagedorn",
     ("request", "Onleihe-Anbindung: Zugangsdaten erneuern"), -10, 12, None),
    ("Kostenschätzung 3D-Scans einholen", "Miriam Osterkamp",
     ("idea", "Online-Sammlung des Stadtmuseums mit 3D-Objekten"), -5, None, None),
    ("Findbuch-Export mit dem Archivdienstleister klären", "Birte Sommer",
     ("idea", "Digitaler Lesesaal im Stadtarchiv"), 10, None, None),
    ("Tablets: Angebote von drei Händlern", "Leonie Barth",
     ("idea", "Tablets zur Ausleihe in der Stadtbibliothek"), 21, None, None),
    ("Musikschule: Schnittstelle zur Kasse mit Kämmerei besprechen", "Julia Evers",
     ("idea", "Online-Anmeldung und Gebührenbescheid der Musikschule"), -2, None, None),
    ("Datensatz Besuchszahlen mit den Häusern abstimmen", "Markus Engel",
     ("idea", "Open-Data-Portal: Besuchszahlen der Kultureinrichtungen"), 30, None, None),
    ("Termine KI-Sprechstunde bekannt geben", "Heike Brinkmann",
     ("idea", "KI-Sprechstunde für Beschäftigte"), 0, None, None),
    ("Jour fixe mit KommunalIT vorbereiten", "Lars Behrens", None, -7, None, (2, "weeks", "due")),
    ("Lizenzübersicht aktualisieren", "Sandra Pietsch", None, 25, None, (1, "months", "done")),
    ("Digitalstrategie: Fortschrittsbericht an die Betriebsleitung", "Dr. Katharina Albers",
     None, 45, None, None),
)
# fmt: on


def _ids_by(session: Session, column, key_column) -> dict[str, int]:
    return {key: record_id for record_id, key in session.execute(select(column, key_column)).all()}


def seed_ideas(session: Session, *, today: date) -> dict[str, int]:
    """Goals, ideas in every status (one converted into a project) and follow-ups.

    Runs inside the caller's transaction (no commit); the demo units, contacts and requests
    must be there already.
    """
    people = _ids_by(session, Contact.id, Contact.name)
    contact_units = dict(session.execute(select(Contact.id, Contact.unit_id)).all())
    goals: dict[str, int] = {}
    for code, title in GOALS:
        goals[code] = create_goal.__wrapped__(session, code=code, title=title).id
    ideas: dict[str, int] = {}
    projects = 0
    for title, submitter, field, ago, codes, rating, steps, description in IDEAS:
        person = people.get(submitter)
        idea = create_idea.__wrapped__(
            session,
            data={
                "title": title,
                "description": description,
                "submitter_id": person,
                "unit_id": contact_units.get(person),
                "field_of_action": FIELDS[field],
                "submitted_on": today - timedelta(days=ago),
            },
            today=today,
        )
        ideas[title] = idea.id
        if codes:
            set_goals.__wrapped__(session, idea_id=idea.id, goal_ids=[goals[c] for c in codes])
        if rating:
            b, e, s, r = rating
            assess.__wrapped__(
                session, idea_id=idea.id, benefit=b, effort=e, strategic_fit=s, reach=r
            )
        for step in steps:
            if step == "convert":
                convert.__wrapped__(session, idea_id=idea.id)
                projects += 1
            else:
                status = IdeaStatus(step)
                reason = REJECTED_REASON if status == IdeaStatus.REJECTED else None
                set_status.__wrapped__(session, idea_id=idea.id, status=status, reason=reason)
    requests = _ids_by(session, Request.id, Request.title)
    followups = 0
    for title, owner, subject, due_in, done_ago, recurrence in FOLLOWUPS:
        kind = subject_id = None
        if subject is not None:
            kind = RecordKind(subject[0])
            subject_id = (requests if kind == RecordKind.REQUEST else ideas).get(subject[1])
            if subject_id is None:
                continue
        every, unit, counted_from = recurrence or (None, None, None)
        followup = add_followup.__wrapped__(
            session,
            data={
                "title": title,
                "due_on": today + timedelta(days=due_in),
                "owner_id": people.get(owner),
                "subject_kind": kind,
                "subject_id": subject_id,
                "recur_every": every,
                "recur_unit": unit,
                "recur_from": counted_from,
            },
        )
        followups += 1
        if done_ago is not None:
            mark_done.__wrapped__(
                session, followup_id=followup.id, today=today - timedelta(days=done_ago)
            )
    return {"goals": len(goals), "ideas": len(ideas), "projects": projects,
            "followups": followups}


# --- scale ----------------------------------------------------------------------------------

IDEAS_PER_REQUEST = 0.2  # 20,000 ideas per 100,000 requests

_SUBJECTS = (
    "Online-Anmeldung", "Digitale Ausleihe", "Terminbuchung", "Besucherzählung", "Newsletter",
    "Online-Sammlung", "Chatbot", "Open-Data-Schnittstelle", "Videokonferenzraum",
    "E-Rechnung", "Raumbuchung", "Digitale Signatur", "Lernplattform", "Podcast",
    "Barrierefreie Website", "Kassensystem", "Digitale Führung", "Ticketing", "Ehrenamtsportal",
    "Inventarisierung", "Zeiterfassung", "Social-Media-Redaktionsplan", "WLAN-Ausbau",
    "Mobiles Arbeiten", "KI-Assistent", "Medienstation", "Digitalisierung Fotobestand",
)
_FOR = (
    "für die Bibliothek", "im Museum", "für die Musikschule", "für Veranstaltungen",
    "im Archiv", "für alle Häuser", "für Schulklassen", "für Seniorinnen und Senioren",
    "im Kulturbüro", "für Ehrenamtliche",
)
_WHY = (
    "Spart Wege und Papier.", "Viele Anfragen kommen heute per Telefon.",
    "Andere Städte machen gute Erfahrungen damit.", "Würde die Häuser sichtbarer machen.",
    "Entlastet das Personal an der Kasse.", "Wunsch aus der Besucherbefragung.",
)
_STATUS_WEIGHTS = (
    (IdeaStatus.SUBMITTED, 30), (IdeaStatus.IN_REVIEW, 25), (IdeaStatus.ACCEPTED, 15),
    (IdeaStatus.PARKED, 15), (IdeaStatus.REJECTED, 15),  # converted ones need a project
)


def scale_ideas(
    session: Session, *, count_requests: int, today: date, rng: random.Random
) -> dict[str, int]:
    """``count_requests * 0.2`` generated ideas (bulk insert; no commit). Uses existing units
    and contacts; links a third of them to existing goals."""
    count = int(count_requests * IDEAS_PER_REQUEST)
    if count <= 0:
        return {"ideas": 0}
    people = list(session.execute(select(Contact.id, Contact.unit_id)).all())
    unit_ids = list(session.execute(select(OrgUnit.id)).scalars())
    goal_ids = list(session.execute(select(StrategicGoal.id)).scalars())
    fields = list(FIELDS.values())
    statuses = [s for s, weight in _STATUS_WEIGHTS for _ in range(weight)]
    first_id = (session.execute(select(Idea.id).order_by(Idea.id.desc())).scalar() or 0) + 1

    def rows() -> Iterator[dict]:
        for _index in range(count):
            title = f"{rng.choice(_SUBJECTS)} {rng.choice(_FOR)}"
            description = rng.choice(_WHY)
            status = rng.choice(statuses)
            person, unit = rng.choice(people) if people and rng.random() < 0.85 else (None, None)
            rated = status != IdeaStatus.SUBMITTED and rng.random() < 0.9
            yield {
                "title": title,
                "description": description,
                "submitter_id": person,
                "unit_id": unit if unit is not None else (rng.choice(unit_ids) if unit_ids else None),
                "field_of_action": rng.choice(fields),
                "submitted_on": today - timedelta(days=int(rng.random() * 1460)),
                "status": status,
                "status_reason": "Kein Budget in diesem Jahr." if status == IdeaStatus.REJECTED else "",
                "benefit": rng.randint(1, 5) if rated else None,
                "effort": rng.randint(1, 5) if rated else None,
                "strategic_fit": rng.randint(1, 5) if rated else None,
                "reach": rng.randint(1, 5) if rated else None,
                "search_text": fold(f"{title}\n{description}"),
            }

    written = bulk_insert(session, Idea, rows(), constants=stamp())
    if goal_ids:
        links = (
            {"idea_id": first_id + index, "goal_id": rng.choice(goal_ids)}
            for index in range(0, written, 3)
        )
        bulk_insert(session, IdeaGoal, links, constants={})
    return {"ideas": written}
