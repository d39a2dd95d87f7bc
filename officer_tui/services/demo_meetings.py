"""Demo and scale data for meetings.

The demo runs the real services on top of the demo's people, requests and projects: a biweekly
jour fixe with the IT provider (five past meetings, closed, items carried over, and the next one
prepared), the steering group of the digital strategy, a workshop with the city library today
and the network of peers in other cities. German on purpose, as the rest of the demo. Dates
are relative to ``today``. Does not commit (the caller's transaction does).

The scale data writes 20,000 meetings per 100,000 requests with bulk inserts, computing the
search texts exactly as the services do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)
from officer_tui.models.meeting import (
    AgendaItem,
    Meeting,
    MeetingParticipant,
    MeetingSeries,
    Outcome,
)
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import FollowUp, Project
from officer_tui.models.request import Request
from officer_tui.services import followups, meetings
from officer_tui.services._bulk import bulk_insert, stamp
from officer_tui.services.meetings import meeting_search_text, outcome_search_text

_RAUM = "Verwaltungsgebäude Marktstraße 4, Raum 2.14"
_TEAMS = "https://konferenz.hohenstein.example/jf-kommunalit"

# One meeting of the demo: its items, each item
#   (title, presenter, minutes, subject, notes, status, outcomes)
#   subject:  ("request" | "project", title) or None
#   status:   "done", "open" (carries over to the next meeting) or "keep" (a carried item
#             stays open once more)
#   outcomes: (kind, text) or ("action", text, owner, due in days, done in days or None)
# and attendance: {name: "present" | "excused" | "absent"} (others present).
JOUR_FIXE = (
    (-59, (
        ("Ticketstand der Kulturhäuser", "Frank Oltmanns", 15, None,
         "14 offene Tickets, davon 4 älter als 30 Tage (3 × Musikschule).", "done", (
             ("information", "Die Musikschule hat die meisten Alt-Tickets (Kassensystem)."),
             ("action", "Alt-Tickets mit den Häusern einzeln durchgehen", "Frank Oltmanns",
              -52, -50),
         )),
        ("Besucher-WLAN: Bestellung der Access Points", "Lars Behrens", 20,
         ("project", "Besucher-WLAN in allen Häusern"),
         "Angebot über den Rahmenvertrag des Landes liegt vor.\n\n- 38 Access Points\n"
         "- Lieferzeit laut Händler 6 Wochen", "done", (
             ("decision", "Die Access Points werden über den Rahmenvertrag des Landes bestellt."),
             ("action", "Bestellung der Access Points auslösen", "Lars Behrens", -52, -53),
         )),
        ("Rahmenvertrag Microsoft-Lizenzen", "Markus Engel", 10, None,
         "Klärung, ob Honorarkräfte der Musikschule unter den Rahmenvertrag fallen.", "open", ()),
    ), {}),
    (-45, (
        ("Beamer im Vortragssaal flackert", "Frank Oltmanns", 10,
         ("request", "Beamer im Vortragssaal flackert"), "", "done", (
             ("information", "Ersatzlampe ist bestellt; KommunalIT tauscht sie vor Ort."),
         )),
        ("Notfallhandbuch IT für die Häuser", "Sandra Pietsch", 15, None,
         "Was tun bei Ausfall von Kasse, Telefon, Netz? Vorlage des Landes als Ausgangspunkt.",
         "open", ()),
    ), {"Sandra Pietsch": "excused"}),
    (-31, (
        ("WLAN für Besucher in der Bibliothek", "Lars Behrens", 15,
         ("request", "WLAN für Besucher in der Bibliothek"),
         "Begehung mit Frau Hagedorn am Dienstag. **Wichtig:** getrennt vom Verwaltungsnetz.",
         "done", (
             ("decision", "Das Gäste-WLAN läuft als eigenes VLAN mit Vorschaltseite "
                          "(Nutzungsbedingungen)."),
             ("action", "Ausleuchtungsmessung in der Bibliothek durchführen", "Lars Behrens",
              -20, -22),
         )),
    ), {}),
    (-17, (
        ("Telefonanlage Stadtarchiv: Rufumleitung in den Lesesaal", "Frank Oltmanns", 5,
         ("request", "Telefonanlage Stadtarchiv: Rufumleitung in den Lesesaal"), "", "open", ()),
        ("Besucher-WLAN: Lieferverzug der Access Points", "Frank Oltmanns", 20,
         ("project", "Besucher-WLAN in allen Häusern"),
         "Der Händler meldet Lieferverzug bis KW 14. Der Verwendungsnachweis ist in Gefahr.",
         "done", (
             ("information", "Liefertermin laut Händler frühestens in sechs Wochen."),
             ("action", "Ersatzlieferanten für die Access Points anfragen", "Frank Oltmanns",
              -5, None),
         )),
    ), {"Lars Behrens": "absent"}),
    (-3, (
        ("Drucker im Foyer defekt", "Frank Oltmanns", 10, ("request", "Drucker im Foyer defekt"),
         "Ticket INC-2026-04711; Techniker ist für diese Woche angefragt.", "open", ()),
        ("Rollout Windows 11 in den Häusern", "Markus Engel", 20, None,
         "Reihenfolge der Häuser und Schulungsbedarf klären.", "open", ()),
    ), {"Sandra Pietsch": "excused"}),
)
# What happens to carried items in the meeting they arrive in (by title): done with outcomes.
CARRIED_OUTCOMES = {
    (-45, "Rahmenvertrag Microsoft-Lizenzen"): ("done", (
        ("decision", "Lizenzen für Honorarkräfte laufen über den städtischen Rahmenvertrag."),
    )),
    (-31, "Notfallhandbuch IT für die Häuser"): ("keep", ()),
    (-17, "Notfallhandbuch IT für die Häuser"): ("done", (
        ("decision", "Jedes Haus benennt eine Ansprechperson für IT-Notfälle."),
        ("action", "Entwurf des Notfallhandbuchs an die Hausleitungen schicken",
         "Sandra Pietsch", 10, None),
    )),
    (-3, "Telefonanlage Stadtarchiv: Rufumleitung in den Lesesaal"): ("done", (
        ("decision", "Die Rufumleitung richtet KommunalIT per Fernwartung ein."),
    )),
}
JOUR_FIXE_PEOPLE = ("Frank Oltmanns", "Lars Behrens", "Markus Engel", "Sandra Pietsch")

STEERING = (
    ("Priorisierung Projektportfolio 2026", "Dr. Katharina Albers", 45, None,
     "Grundlage: Projektliste mit Ampeln, Stand Vormonat.", "done", (
         ("decision", "Besucher-WLAN und Digitale Sammlung Online haben 2026 Vorrang."),
         ("decision", "Die Musikschul-App wird auf 2027 verschoben."),
     )),
    ("Förderantrag Digitalisierung des kulturellen Erbes", "Dr. Henrik Brandes", 20,
     ("request", "Förderantrag Digitalisierung des kulturellen Erbes"),
     "Eigenanteil 20 %, Antragsfrist in drei Wochen.", "done", (
         ("decision", "Der Eigenanteil von 20 % wird aus dem Budget des Kulturbetriebs getragen."),
         ("action", "Förderantrag fristgerecht einreichen", "Dr. Henrik Brandes", 18, None),
     )),
    ("Besucher-WLAN: Verwendungsnachweis in Gefahr", "Jonas Weidemann", 20,
     ("project", "Besucher-WLAN in allen Häusern"), "", "done", (
         ("action", "Fristverlängerung beim Fördermittelgeber beantragen", "Jonas Weidemann",
          -10, -12),
     )),
    ("KI-Leitlinie für den Kulturbetrieb", "Markus Engel", 15, None,
     "Entwurf des Amts für Digitalisierung; Abstimmung mit Personalrat und Datenschutz offen.",
     "open", ()),
)
STEERING_PEOPLE = {
    "Dr. Katharina Albers": "present", "Jonas Weidemann": "present", "Markus Engel": "present",
    "Dr. Henrik Brandes": "present", "Ute Hagedorn": "present", "Andreas Vogt": "excused",
    "Nina Hartmann": "present", "Dr. Anja Lorenz": "absent",
}

NETWORK = (
    ("Sammlungsdigitalisierung mit museum-digital", "Dr. Ralf Neumeyer", 30,
     ("request", "Bildrechte für die Online-Sammlung klären"),
     "Erfahrungen aus Lindenau und Wiesbrück: Bildrechte sind der Engpass, nicht die Technik.",
     "done", (
         ("decision", "Das Netzwerk erstellt eine gemeinsame Vorlage zur Klärung von Bildrechten."),
         ("action", "Musterformular Bildrechte an das Netzwerk schicken", "Dr. Ralf Neumeyer",
          -20, -24),
     )),
    ("Förderprogramme 2026 im Überblick", "Birte Sommer", 20, None,
     "- Land: Digitalisierung kulturelles Erbe\n- Bund: WissensWandel\n- Stiftungen", "done", (
         ("information", "Die Programme des Landes öffnen im Frühjahr; Fristen sind knapp."),
     )),
    ("Gemeinsame Schulungen KI-Grundlagen", "Markus Engel", 15,
     ("project", "KI-Basisschulung"), "", "open", ()),
)
NETWORK_PEOPLE = {"Dr. Ralf Neumeyer": "present", "Birte Sommer": "present",
                  "Markus Engel": "excused"}

WORKSHOP = (
    ("Selbstverbuchung und Onleihe: Erfahrungen des ersten Jahres", "Gerd Pohlmann", 30,
     ("project", "Digitale Ausleihe Stadtbibliothek"),
     "Zahlen mitbringen: Ausleihen am Terminal, Fehlerquote, Anteil E-Medien.", "open", ()),
    ("Bibliotheksanmeldung mit Online-Ausweis (eID)", "Marco Szymański", 30,
     ("request", "Bibliotheksanmeldung mit Online-Ausweis (eID)"),
     "Welche Anbieter unterstützt die Bibliothekssoftware? Datenschutz vorab klären.", "open", ()),
    ("Schulungsraum: Präsentationstechnik", "Ute Hagedorn", 20,
     ("request", "Schulungsraum der Bibliothek: Präsentationstechnik"), "", "open", ()),
    ("Digitale Kompetenzen für das Team", "Leonie Barth", 40,
     ("project", "Digitale Kompetenzen für Bibliotheksteams"),
     "Bedarfe sammeln: **KI**, Medienbildung, Makerspace.", "open", ()),
)


class _Demo:
    """The demo's people, records and counters while it seeds."""

    def __init__(self, session: Session, today: date) -> None:
        self.session, self.today = session, today
        self.people = dict(session.execute(select(Contact.name, Contact.id)).all())
        self.requests = dict(session.execute(select(Request.title, Request.id)).all())
        self.projects = dict(session.execute(select(Project.title, Project.id)).all())
        self.units = dict(session.execute(select(OrgUnit.name, OrgUnit.id)).all())
        self.counts = {"meeting_series": 0, "meetings": 0, "agenda_items": 0, "outcomes": 0,
                       "decisions": 0, "followups": 0}

    def record(self, subject) -> tuple[RecordKind, int] | None:
        if subject is None:
            return None
        kind, title = subject
        found = (self.requests if kind == "request" else self.projects).get(title)
        return (RecordKind(kind), found) if found is not None else None

    def meeting(self, **data) -> Meeting:
        if data.get("recur_every"):
            self.counts["meeting_series"] += 1
        self.counts["meetings"] += 1
        data["participant_ids"] = [self.people[n] for n in data.pop("people") if n in self.people]
        return meetings.add_meeting.__wrapped__(self.session, data=data)

    def items(self, meeting: Meeting, items) -> None:
        for title, presenter, minutes, subject, notes, status, outcomes in items:
            record = self.record(subject)
            item = meetings.add_item.__wrapped__(self.session, meeting_id=meeting.id, data={
                "title": title, "presenter_id": self.people.get(presenter), "minutes": minutes,
                "notes": notes, "subject_kind": record[0] if record else None,
                "subject_id": record[1] if record else None,
            })
            self.counts["agenda_items"] += 1
            self.outcomes(item, status, outcomes)

    def outcomes(self, item: AgendaItem, status: str, outcomes) -> None:
        for kind, text, *action in outcomes:
            owner = due = None
            if action:
                owner, due = self.people.get(action[0]), self.today + timedelta(days=action[1])
            outcome = meetings.add_outcome.__wrapped__(
                self.session, item_id=item.id, kind=OutcomeKind(kind), text=text, owner_id=owner,
                due_on=due,
            )
            self.counts["outcomes"] += 1
            self.counts["decisions"] += kind == "decision"
            if outcome.followup_id:
                self.counts["followups"] += 1
                if action[2] is not None:
                    followups.mark_done.__wrapped__(
                        self.session, followup_id=outcome.followup_id,
                        today=self.today + timedelta(days=action[2]),
                    )
        if status == "done":
            meetings.set_item_status.__wrapped__(
                self.session, item_id=item.id, status=AgendaStatus.DONE
            )

    def attendance(self, meeting: Meeting, marks: dict[str, str], everyone) -> None:
        for name in everyone:
            if name in self.people:
                meetings.set_attendance.__wrapped__(
                    self.session, meeting_id=meeting.id, contact_id=self.people[name],
                    attendance=Attendance(marks.get(name, "present")),
                )

    def close(self, meeting: Meeting) -> None:
        meetings.close_meeting.__wrapped__(self.session, meeting_id=meeting.id)

    def plan_next(self, meeting: Meeting, days: int | None = None) -> Meeting:
        held_on = self.today + timedelta(days=days) if days is not None else None
        following = meetings.plan_next.__wrapped__(
            self.session, meeting_id=meeting.id, held_on=held_on
        )
        self.counts["meetings"] += 1
        self.counts["agenda_items"] += self.session.execute(
            select(func.count()).select_from(AgendaItem)
            .where(AgendaItem.meeting_id == following.id)
        ).scalar_one()
        return following


def _carried(demo: _Demo, meeting: Meeting, days: int) -> None:
    """Deal with the items carried into ``meeting`` as the demo's script says."""
    for item in demo.session.execute(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
    ).scalars().all():
        status, outcomes = CARRIED_OUTCOMES.get((days, item.title), ("keep", ()))
        demo.outcomes(item, status, outcomes)


def _jour_fixe(demo: _Demo) -> None:
    link = demo.record(("project", "Besucher-WLAN in allen Häusern"))
    first_days, first_items, first_marks = JOUR_FIXE[0]
    meeting = demo.meeting(
        title="Jour fixe IT-Dienstleister", kind=MeetingKind.JOUR_FIXE,
        held_on=demo.today + timedelta(days=first_days), start_time=time(10),
        end_time=time(11), place=_RAUM, online_url=_TEAMS, unit_id=demo.units.get(
            "KommunalIT Hohenstein"), people=JOUR_FIXE_PEOPLE, links=[link] if link else [],
        recur_every=2, recur_unit=RecurUnit.WEEKS,
        notes="Regeltermin mit **KommunalIT**: Tickets, laufende Vorhaben, Termine.\n\n"
              "Protokoll: Digitalisierungsbeauftragte des Kulturbetriebs.",
    )
    demo.items(meeting, first_items)
    demo.attendance(meeting, first_marks, JOUR_FIXE_PEOPLE)
    demo.close(meeting)
    for days, items, marks in JOUR_FIXE[1:]:
        meeting = demo.plan_next(meeting)  # the series' rhythm: two weeks later
        assert meeting.held_on == demo.today + timedelta(days=days)
        _carried(demo, meeting, days)
        demo.items(meeting, items)
        demo.attendance(meeting, marks, JOUR_FIXE_PEOPLE)
        demo.close(meeting)
    upcoming = demo.plan_next(meeting)
    demo.items(upcoming, (
        ("Ticketstand der Kulturhäuser", "Frank Oltmanns", 15, None, "", "open", ()),
    ))


def _steering_group(demo: _Demo) -> None:
    links = [demo.record(("project", "Besucher-WLAN in allen Häusern")),
             demo.record(("project", "Digitale Sammlung Online"))]
    meeting = demo.meeting(
        title="Lenkungsgruppe Digitalstrategie", kind=MeetingKind.STEERING_GROUP,
        held_on=demo.today - timedelta(days=24), start_time=time(14), end_time=time(16),
        place="Rathaus, Sitzungssaal 1", unit_id=demo.units.get(
            "Kulturbetrieb der Stadt Hohenstein"), people=STEERING_PEOPLE,
        links=[link for link in links if link], recur_every=2, recur_unit=RecurUnit.MONTHS,
        notes="Vorsitz: Betriebsleitung. Beschlussfähig mit mindestens fünf Mitgliedern.",
    )
    demo.items(meeting, STEERING)
    demo.attendance(meeting, STEERING_PEOPLE, STEERING_PEOPLE)
    demo.close(meeting)
    upcoming = demo.plan_next(meeting)
    demo.items(upcoming, (
        ("Halbjahresbericht Digitalstrategie", "Markus Engel", 30, None,
         "Stand der Handlungsfelder, Ampeln, Budget.", "open", ()),
    ))


def _network(demo: _Demo) -> None:
    meeting = demo.meeting(
        title="Netzwerk Digitale Kultur", kind=MeetingKind.NETWORK,
        held_on=demo.today - timedelta(days=38), start_time=time(10), end_time=time(12),
        online_url="https://konferenz.example/netzwerk-digitale-kultur", people=NETWORK_PEOPLE,
        recur_every=3, recur_unit=RecurUnit.MONTHS,
        notes="Austausch der Digitalisierungsbeauftragten der Kulturverwaltungen in der Region\n\n"
              "Dabei: Kulturamt Lindenau, Fachbereich Kultur Wiesbrück, Museen der Stadt "
              "Altenfeld, Landesmuseumsverband.",
    )
    demo.items(meeting, NETWORK)
    demo.attendance(meeting, NETWORK_PEOPLE, NETWORK_PEOPLE)
    demo.close(meeting)
    demo.plan_next(meeting)


def _workshop(demo: _Demo) -> None:
    links = [demo.record(("project", "Digitale Ausleihe Stadtbibliothek")),
             demo.record(("request", "Schulungsraum der Bibliothek: Präsentationstechnik"))]
    meeting = demo.meeting(
        title="Workshop Digitale Bibliothek", kind=MeetingKind.WORKSHOP,
        # Today, so that the day's meetings show one; on a weekend the next Monday instead.
        held_on=demo.today + timedelta(days=(7 - demo.today.weekday()) % 7
                                       if demo.today.weekday() >= 5 else 0),
        start_time=time(13), end_time=time(15, 30),
        place="Stadtbibliothek Hohenstein, Schulungsraum (1. OG)",
        unit_id=demo.units.get("Stadtbibliothek Hohenstein"),
        people=("Ute Hagedorn", "Marco Szymański", "Leonie Barth", "Gerd Pohlmann"),
        links=[link for link in links if link],
        notes="## Ziel\n\nGemeinsame Prioritäten der Bibliothek für die nächsten zwölf Monate.\n\n"
              "## Vorbereitung\n\n- Nutzungszahlen Onleihe und Terminal\n"
              "- Wunschliste des Teams (Umfrage bis Freitag)",
    )
    demo.items(meeting, WORKSHOP)


def _one_off(demo: _Demo) -> None:
    record = demo.record(("request", "Datenschutzfrage: Fotos bei Veranstaltungen"))
    meeting = demo.meeting(
        title="Abstimmung Fotos bei Veranstaltungen", kind=MeetingKind.OTHER,
        held_on=demo.today - timedelta(days=12), start_time=time(9), end_time=time(9, 30),
        place="Telefon", people=("Dr. Anja Lorenz", "Jana Krüger", "Nina Hartmann"),
        links=[record] if record else [],
    )
    demo.items(meeting, (
        ("Einwilligungen und Aushänge bei Veranstaltungen", "Dr. Anja Lorenz", 20,
         ("request", "Datenschutzfrage: Fotos bei Veranstaltungen"), "", "done", (
             ("decision", "Bei Veranstaltungen hängt ein Hinweis zu Fotoaufnahmen aus; "
                          "Nahaufnahmen nur mit schriftlicher Einwilligung."),
             ("action", "Aushang und Einwilligungsformular gestalten", "Jana Krüger", 7, None),
         )),
    ))
    demo.attendance(meeting, {}, ("Dr. Anja Lorenz", "Jana Krüger", "Nina Hartmann"))
    demo.close(meeting)


def seed_meetings(session: Session, *, today: date) -> dict[str, int]:
    """The demo's meetings (see the module's docstring). Needs the demo's people and records."""
    if not session.execute(select(Contact.id).limit(1)).first():
        return {}
    demo = _Demo(session, today)
    for seed in (_jour_fixe, _steering_group, _network, _workshop, _one_off):
        seed(demo)
    session.flush()
    return {key: value for key, value in demo.counts.items() if value}


# --- scale ----------------------------------------------------------------------------------

MEETINGS_PER_REQUEST = 0.2  # 20,000 meetings per 100,000 requests

_TOPICS = (
    "Ticketstand", "WLAN-Ausbau", "Kassensystem", "Website-Relaunch", "Lizenzen", "E-Akte",
    "Onleihe", "Datenschutz", "Notfallhandbuch", "Druckerkonzept", "Schulungsplanung",
    "Förderantrag", "Open Data", "Social Media", "Medientechnik", "Telefonanlage",
    "Digitale Sammlung", "Zeiterfassung", "Barrierefreiheit", "KI-Leitlinie",
)
_SERIES = (
    ("Jour fixe IT-Dienstleister", MeetingKind.JOUR_FIXE, 2, RecurUnit.WEEKS),
    ("Jour fixe Hausleitungen", MeetingKind.JOUR_FIXE, 1, RecurUnit.MONTHS),
    ("Lenkungsgruppe Digitalstrategie", MeetingKind.STEERING_GROUP, 2, RecurUnit.MONTHS),
    ("Netzwerk Digitale Kultur", MeetingKind.NETWORK, 3, RecurUnit.MONTHS),
)
_ONE_OFF = (
    ("Workshop", MeetingKind.WORKSHOP), ("Abstimmung", MeetingKind.OTHER),
    ("Auftaktgespräch", MeetingKind.OTHER), ("Werkstattgespräch", MeetingKind.WORKSHOP),
)
_PLACES = ("Rathaus, Sitzungssaal 1", _RAUM, "Stadtbibliothek, Schulungsraum",
           "Stadtmuseum, Besprechungsraum", "Musikschule, Raum 12", "")
_DECISIONS = ("Wird umgesetzt wie vorgeschlagen.", "Angebot B wird beauftragt.",
              "Wird auf das nächste Quartal verschoben.", "Pilot in einem Haus, dann Rollout.")
_ACTIONS = ("Angebot einholen", "Termin mit dem Dienstleister vereinbaren",
            "Entwurf an die Hausleitungen schicken", "Bedarf in den Häusern abfragen")
_INFOS = ("Stand wurde berichtet.", "Keine Änderungen seit dem letzten Termin.")


def scale_meetings(
    session: Session, *, count_requests: int, today: date, rng: random.Random
) -> dict[str, int]:
    """``count_requests * 0.2`` generated meetings (bulk insert; no commit) with participants,
    agenda items and outcomes; actions become follow-ups. Uses existing contacts, units,
    requests and projects."""
    count = int(count_requests * MEETINGS_PER_REQUEST)
    people = list(session.execute(select(Contact.id).limit(5000)).scalars())
    if count <= 0 or not people:
        return {}
    unit_ids = list(session.execute(select(OrgUnit.id)).scalars())
    request_ids = list(session.execute(select(Request.id).limit(5000)).scalars())
    project_ids = list(session.execute(select(Project.id).limit(2000)).scalars())

    def next_id(model) -> int:
        return (session.execute(select(func.max(model.id))).scalar() or 0) + 1

    series_first = next_id(MeetingSeries)
    bulk_insert(session, MeetingSeries, (
        {"title": title, "kind": kind, "recur_every": every, "recur_unit": unit}
        for title, kind, every, unit in _SERIES
    ), constants=stamp())
    meeting_id, item_id = next_id(Meeting), next_id(AgendaItem)
    followup_id = first_followup = next_id(FollowUp)
    participants: list[dict] = []
    items: list[dict] = []
    outcomes: list[dict] = []
    actions: list[dict] = []

    def meeting_rows() -> Iterator[dict]:
        nonlocal meeting_id, item_id, followup_id
        for _index in range(count):
            held_on = today + timedelta(days=int(rng.random() * 1460) - 1280)
            past = held_on < today
            if rng.random() < 0.6:
                which = rng.randrange(len(_SERIES))
                title, kind = _SERIES[which][:2]
                series_id = series_first + which
            else:
                prefix, kind = rng.choice(_ONE_OFF)
                title, series_id = f"{prefix} {rng.choice(_TOPICS)}", None
            start = time(rng.choice((8, 9, 10, 11, 13, 14, 15)), rng.choice((0, 0, 30)))
            length = rng.choice((30, 60, 60, 90, 120))
            minutes_end = start.hour * 60 + start.minute + length
            place = rng.choice(_PLACES)
            item_titles = []
            for position in range(1, rng.randint(1, 5) + 1):
                topic = rng.choice(_TOPICS)
                subject = None
                if request_ids and rng.random() < 0.3:
                    subject = (RecordKind.REQUEST, rng.choice(request_ids))
                elif project_ids and rng.random() < 0.3:
                    subject = (RecordKind.PROJECT, rng.choice(project_ids))
                item_titles.append(topic)
                items.append({
                    "id": item_id, "meeting_id": meeting_id, "position": position, "title": topic,
                    "presenter_id": rng.choice(people) if rng.random() < 0.6 else None,
                    "minutes": rng.choice((5, 10, 15, 20, 30)), "notes": "",
                    "status": (AgendaStatus.DONE if past else AgendaStatus.OPEN),
                    "subject_kind": subject[0] if subject else None,
                    "subject_id": subject[1] if subject else None, "carried_from_id": None,
                })
                if past:
                    outcomes.extend(_outcomes(
                        rng, today, held_on, meeting_id, item_id, topic, title, subject, people,
                        actions, followup_id,
                    ))
                    followup_id = first_followup + len(actions)
                item_id += 1
            for contact_id in set(rng.sample(people, min(len(people), rng.randint(2, 6)))):
                participants.append({
                    "meeting_id": meeting_id, "contact_id": contact_id,
                    "attendance": rng.choice((Attendance.PRESENT,) * 6 + (
                        Attendance.EXCUSED, Attendance.ABSENT)) if past else Attendance.INVITED,
                })
            yield {
                "id": meeting_id, "title": title, "kind": kind, "held_on": held_on, "start_time": start,
                "end_time": time(minutes_end // 60, minutes_end % 60),  # 17:30 at the latest
                "place": place, "online_url": "" if place else _TEAMS, "notes": "",
                "series_id": series_id,
                "unit_id": rng.choice(unit_ids) if unit_ids and rng.random() < 0.5 else None,
                "closed_at": stamp()["created_at"] if past and rng.random() < 0.9 else None,
                "search_text": meeting_search_text(title, place, "", item_titles),
            }
            meeting_id += 1

    written = bulk_insert(session, Meeting, meeting_rows(), constants=stamp())
    bulk_insert(session, FollowUp, iter(actions), constants=stamp())
    bulk_insert(session, AgendaItem, iter(items), constants=stamp())
    bulk_insert(session, Outcome, iter(outcomes), constants=stamp())
    bulk_insert(session, MeetingParticipant, iter(participants), constants={})
    return {
        "meeting_series": len(_SERIES), "meetings": written, "agenda_items": len(items),
        "outcomes": len(outcomes),
        "decisions": sum(o["kind"] == OutcomeKind.DECISION for o in outcomes),
    }


def _outcomes(rng, today, held_on, meeting_id, item_id, topic, title, subject, people, actions,
              followup_id) -> list[dict]:
    found = []
    for _n in range(rng.choice((0, 1, 1, 2))):
        roll = rng.random()
        kind = (OutcomeKind.DECISION if roll < 0.4 else OutcomeKind.ACTION if roll < 0.7
                else OutcomeKind.INFORMATION)
        text = rng.choice({OutcomeKind.DECISION: _DECISIONS, OutcomeKind.ACTION: _ACTIONS,
                           OutcomeKind.INFORMATION: _INFOS}[kind])
        linked = None
        if kind == OutcomeKind.ACTION:
            due = held_on + timedelta(days=rng.choice((7, 14, 14, 28)))
            linked = followup_id
            actions.append({
                "id": followup_id, "title": text, "due_on": due, "owner_id": rng.choice(people),
                "done_on": min(due, today) if due < today and rng.random() < 0.85 else None,
                "subject_kind": subject[0] if subject else RecordKind.MEETING,
                "subject_id": subject[1] if subject else meeting_id, "notes": "",
                "recur_every": None, "recur_unit": None, "recur_from": None,
            })
            followup_id += 1
        found.append({
            "item_id": item_id, "meeting_id": meeting_id, "kind": kind, "text": text,
            "followup_id": linked, "search_text": outcome_search_text(text, topic, title),
        })
    return found
