"""Demo projects of the culture department of Hohenstein, and generated ones for load tests.

``seed_projects`` goes through the services (so the demo obeys every rule) and does not
commit: the caller's transaction does. It needs the demo units and contacts (looked up by
name); strategic goals are linked by code when they exist (``HF1.1`` ... as ``demo_ideas``
seeds them), else left out.
Some pairs of projects of different units share a field of action and words on purpose, so
the synergy candidates have something to show.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlmodel import Session, select

from officer_tui.models.enums import Funding, LinkKind, ProjectPhase, TrafficLight
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import Project, ProjectGoal, StrategicGoal
from officer_tui.services._bulk import bulk_insert, stamp
from officer_tui.services.projects import create_project, link_projects
from officer_tui.text import fold

DATEN = "Daten und Open Data"
NETZE = "Arbeitsplatz und Infrastruktur"
TEILHABE = "Digitale Kulturvermittlung"
VERWALTUNG = "Digitale Verwaltung"
KOMPETENZ = "Kompetenzen und Qualifizierung"
FIELDS = (DATEN, NETZE, TEILHABE, VERWALTUNG, KOMPETENZ)

LAND = "Förderprogramm Digitale Kultur des Landes"
BUND = "Bundesprogramm Kultur digital"
STIFTUNG = "Kulturstiftung Hohenstein"
WISSEN = "Programm WissensWandel (Bibliotheken)"

P, F, T = ProjectPhase, Funding, TrafficLight

# fmt: off
# (title, unit name, lead name, field, phase, funding, amount, programme, proof of use in days,
#  light, note, start in days, end in days, goal codes, description)
PROJECTS: tuple[tuple, ...] = (
    ("Digitale Sammlung Online", "Stadtmuseum Hohenstein", "Miriam Osterkamp", DATEN,
     P.IN_IMPLEMENTATION, F.FUNDED, 45_000, LAND, 120, T.AT_RISK,
     "Dienstleister für die Fotografie fällt aus; neue Ausschreibung läuft", -240, 300,
     ("HF2.1", "HF3.1"), "Digitalisierung der Sammlung, Online-Sammlung mit offenen Lizenzen (CC BY)."),
    ("Digitalisierung Fotobestand Stadtarchiv", "Stadtarchiv Hohenstein", "Birte Sommer", DATEN,
     P.PLANNED, F.APPLIED, 28_000, LAND, None, T.ON_TRACK, "", 60, 420,
     ("HF2.1",), "Digitalisierung der Sammlung historischer Fotografien, Erschließung und Online-Sammlung."),
    ("Open-Data-Portal", "Amt für Digitalisierung und IT", "Markus Engel", DATEN,
     P.IN_IMPLEMENTATION, F.UNFUNDED, None, "", None, T.ON_TRACK, "", -150, 200,
     ("HF3.1",), "Offene Daten der Stadt: Veranstaltungen, Öffnungszeiten, Besucherzahlen als CSV und API."),
    ("Veranstaltungsdaten als Open Data", "Kulturbüro und Veranstaltungen", "Nina Hartmann", DATEN,
     P.FUTURE, F.UNFUNDED, None, "", None, T.ON_TRACK, "", None, None,
     ("HF3.1",), "Veranstaltungskalender als offene Daten für das Open-Data-Portal und Tourismus."),
    ("Besucher-WLAN in allen Häusern", "Kulturbetrieb der Stadt Hohenstein", "Jonas Weidemann", NETZE,
     P.IN_IMPLEMENTATION, F.FUNDED, 80_000, BUND, 45, T.OFF_TRACK,
     "Lieferverzug Access Points; Verwendungsnachweis in Gefahr", -300, 30,
     ("HF2.2", "HF4.2"), "Öffentliches Besucher-WLAN in Museum, Kunsthalle, Bibliothek und Musikschule."),
    ("Glasfaseranbindung Musikschule", "Musikschule Hohenstein", "Andreas Vogt", NETZE,
     P.PLANNED, F.APPLIED, 35_000, BUND, None, T.ON_TRACK, "", 90, 365,
     ("HF4.2",), "Glasfaser und WLAN für Unterrichtsräume, Voraussetzung für Online-Unterricht."),
    ("Medientechnik Kunsthalle", "Kunsthalle Hohenstein", "Paul Kessler", NETZE,
     P.DONE, F.FUNDED, 22_000, STIFTUNG, 20, T.ON_TRACK, "Abgeschlossen, Nachweis in Arbeit", -500, -40,
     (), "Beamer, Medienstationen und Netzwerk für Ausstellungen."),
    ("Ticketing Kulturbüro", "Kulturbüro und Veranstaltungen", "Nina Hartmann", VERWALTUNG,
     P.IN_IMPLEMENTATION, F.UNFUNDED, None, "", None, T.AT_RISK,
     "Schnittstelle zur Kasse des Museums ungeklärt", -120, 150,
     ("HF1.1",), "Online-Ticketing für Veranstaltungen mit Kassensystem und Besucherstatistik."),
    ("Online-Ticketing Stadtmuseum", "Stadtmuseum Hohenstein", "Aylin Demir", VERWALTUNG,
     P.PLANNED, F.UNFUNDED, None, "", None, T.ON_TRACK, "", 30, 240,
     ("HF1.1",), "Zeitfenster-Tickets online, Anbindung an das Kassensystem und Besucherstatistik."),
    ("E-Akte Kulturverwaltung", "Kulturbetrieb der Stadt Hohenstein", "Sabine Kröger", VERWALTUNG,
     P.PLANNED, F.UNFUNDED, None, "", None, T.ON_TRACK, "", 120, 600,
     ("HF1.2",), "Elektronische Akte für Verwaltung und Personal des Kulturbetriebs."),
    ("E-Rechnung im Kulturbetrieb", "Kämmerei", "Julia Evers", VERWALTUNG,
     P.DONE, F.UNFUNDED, None, "", None, T.ON_TRACK, "", -400, -60,
     ("HF1.2",), "Eingangsrechnungen elektronisch (XRechnung) in den Workflow der Kämmerei."),
    ("Digitale Ausleihe Stadtbibliothek", "Stadtbibliothek Hohenstein", "Gerd Pohlmann", TEILHABE,
     P.IN_IMPLEMENTATION, F.FUNDED, 18_500, WISSEN, 200, T.ON_TRACK, "", -200, 160,
     ("HF2.2",), "E-Medien, Onleihe und Selbstverbuchung; Ausleihe rund um die Uhr."),
    ("Musikschul-App", "Musikschule Hohenstein", "Petra Nowak", TEILHABE,
     P.FUTURE, F.UNFUNDED, None, "", None, T.ON_TRACK, "", None, None,
     ("HF1.1",), "App für Anmeldungen, Stundenplan und Gebühren; Nachrichten an Eltern."),
    ("Barrierefreie Websites der Kulturhäuser", "Kulturbüro und Veranstaltungen", "Jana Krüger",
     TEILHABE, P.PLANNED, F.APPLIED, 30_000, LAND, None, T.ON_TRACK, "", 45, 330,
     ("HF5.2", "HF2.2"), "Barrierefreiheit (BITV) für die Websites von Museum, Bibliothek und Musikschule."),
    ("Digitale Führungen im Stadtmuseum", "Stadtmuseum Hohenstein", "Tobias Lindner", TEILHABE,
     P.ON_HOLD, F.APPLIED, 12_000, STIFTUNG, None, T.AT_RISK, "Wartet auf Förderbescheid", None, None,
     ("HF2.2",), "Mediaguide und Audioguide als App, Führungen in einfacher Sprache."),
    ("KI-Basisschulung", "Personalamt", "Heike Brinkmann", KOMPETENZ,
     P.IN_IMPLEMENTATION, F.FUNDED, 9_000, LAND, 75, T.ON_TRACK, "", -60, 120,
     ("HF4.1",), "Schulung künstliche Intelligenz: Grundlagen, Datenschutz, Einsatz im Arbeitsalltag."),
    ("Digitale Kompetenzen für Bibliotheksteams", "Stadtbibliothek Hohenstein", "Leonie Barth",
     KOMPETENZ, P.PLANNED, F.UNFUNDED, None, "", None, T.ON_TRACK, "", 30, 270,
     ("HF4.1",), "Schulung für Teams: künstliche Intelligenz, Medienbildung, Makerspace."),
    ("Informationssicherheit im Kulturbetrieb", "Amt für Digitalisierung und IT", "Sandra Pietsch",
     KOMPETENZ, P.FUTURE, F.UNFUNDED, None, "", None, T.ON_TRACK, "", None, None,
     ("HF3.2", "HF4.1"), "Awareness-Kampagne, Phishing-Übungen und Notfallhandbuch."),
)

# (from title, to title, kind, note)
LINKS: tuple[tuple[str, str, LinkKind, str], ...] = (
    ("Veranstaltungsdaten als Open Data", "Open-Data-Portal", LinkKind.DEPENDS_ON,
     "Braucht das Portal als Plattform"),
    ("Musikschul-App", "Glasfaseranbindung Musikschule", LinkKind.DEPENDS_ON, ""),
    ("Digitale Führungen im Stadtmuseum", "Besucher-WLAN in allen Häusern", LinkKind.DEPENDS_ON,
     "Audioguide braucht WLAN in den Ausstellungsräumen"),
    ("Online-Ticketing Stadtmuseum", "Ticketing Kulturbüro", LinkKind.REPLICATES,
     "Gleiches System, eigener Mandant"),
)
# fmt: on


def seed_projects(session: Session, *, today: date) -> dict[str, int]:
    """The demo projects and their links (no commit; the caller's transaction does)."""
    add, connect = create_project.__wrapped__, link_projects.__wrapped__
    units = {name: uid for uid, name in session.exec(select(OrgUnit.id, OrgUnit.name)).all()}
    people = {name: cid for cid, name in session.exec(select(Contact.id, Contact.name)).all()}
    goals = {code: gid for gid, code in session.exec(select(StrategicGoal.id, StrategicGoal.code))}
    ids: dict[str, int] = {}
    for (title, unit, lead, field_name, phase, funding, amount, programme, proof_in, light, note,
         start_in, end_in, goal_codes, description) in PROJECTS:
        if unit not in units:
            continue  # the demo units are missing: no project without its owner
        project = add(session, data={
            "title": title,
            "description": description,
            "owner_unit_id": units[unit],
            "lead_id": people.get(lead),
            "field_of_action": field_name,
            "phase": phase,
            "funding": funding,
            "funding_amount": amount,
            "funding_programme": programme,
            "proof_of_use_due": today + timedelta(days=proof_in) if proof_in is not None else None,
            "traffic_light": light,
            "traffic_note": note,
            "start_on": today + timedelta(days=start_in) if start_in is not None else None,
            "end_on": today + timedelta(days=end_in) if end_in is not None else None,
            "goal_ids": [goals[code] for code in goal_codes if code in goals],
        })
        ids[title] = project.id
    links = 0
    for source, target, kind, note in LINKS:
        if source in ids and target in ids:
            connect(session, from_project_id=ids[source], to_project_id=ids[target], kind=kind,
                    note=note)
            links += 1
    return {"projects": len(ids), "project_links": links}


# --- scale --------------------------------------------------------------------------------

PROJECTS_PER_REQUEST = 5_000 / 100_000

_TOPICS = (
    "Sammlung", "Ausleihe", "Ticketing", "WLAN", "Website", "Archiv", "Schulung", "Kasse",
    "Besucherzählung", "Mediathek", "Anmeldung", "Raumbuchung", "Newsletter", "Fotobestand",
    "Veranstaltungskalender", "Medientechnik", "E-Akte", "Telefonie", "Datenbank", "Makerspace",
)
_KINDS = (
    "Digitalisierung", "Einführung", "Modernisierung", "Erneuerung", "Pilot", "Ausbau",
    "Umstellung", "Konzept",
)
_SPECIFICS = (
    "Lesesaal", "Depot", "Foyer", "Stadtteil", "Kinderbereich", "Außenstelle", "Konzertsaal",
    "Werkstatt", "Magazin", "Galerie", "Bühne", "Seminarraum", "Ausstellung", "Jugendzentrum",
    "Stadtfest", "Sommerakademie", "Volkshochschule", "Partnerstadt", "Schulen", "Senioren",
)
_NOTES = ("Lieferverzug", "Personal fehlt", "Förderbescheid steht aus", "Kosten steigen",
          "Schnittstelle ungeklärt", "Ausschreibung verzögert")
_PROGRAMMES = (LAND, BUND, STIFTUNG, WISSEN)
_PHASES = (P.FUTURE, P.PLANNED, P.PLANNED, P.IN_IMPLEMENTATION, P.IN_IMPLEMENTATION,
           P.IN_IMPLEMENTATION, P.DONE, P.DONE, P.ON_HOLD)


def scale_projects(session: Session, *, count_requests: int, today: date,
                   rng: random.Random) -> dict[str, int]:
    """5,000 generated projects per 100,000 requests (bulk inserts; no commit)."""
    count = max(1, round(count_requests * PROJECTS_PER_REQUEST))
    units = list(session.exec(select(OrgUnit.id)).all())
    if not units:
        return {"projects": 0}
    leads = list(session.exec(select(Contact.id).limit(2000)).all())
    goals = list(session.exec(select(StrategicGoal.id)).all())
    folded = functools.lru_cache(maxsize=4096)(fold)
    last_id = session.exec(select(Project.id).order_by(Project.id.desc())).first() or 0

    def rows() -> Iterator[dict]:
        for index in range(count):
            topic, kind, place = rng.choice(_TOPICS), rng.choice(_KINDS), rng.choice(_SPECIFICS)
            title = f"{kind} {topic} {place}"
            description = f"{kind} {topic} für {place}, Vorhaben {index + 1}."
            phase = rng.choice(_PHASES)
            funding = rng.choice((F.FUNDED, F.APPLIED, F.UNFUNDED, F.UNFUNDED))
            amount = rng.randrange(2, 200) * 1000 if funding != F.UNFUNDED else None
            light = rng.choices(tuple(T), weights=(7, 2, 1))[0]
            start = today + timedelta(days=rng.randrange(-900, 300))
            end = start + timedelta(days=rng.randrange(60, 900)) if rng.random() < 0.8 else None
            programme = rng.choice(_PROGRAMMES) if funding != F.UNFUNDED else ""
            yield {
                "title": title,
                "description": description,
                "search_text": f"{folded(title)}\n{folded(description)}\n{folded(programme)}",
                "owner_unit_id": rng.choice(units),
                "lead_id": rng.choice(leads) if leads and rng.random() < 0.8 else None,
                "field_of_action": rng.choice(FIELDS),
                "phase": phase,
                "funding": funding,
                "funding_amount": amount,
                "funding_programme": programme,
                "proof_of_use_due": end + timedelta(days=90)
                if funding == F.FUNDED and end is not None else None,
                "traffic_light": light,
                "traffic_note": rng.choice(_NOTES) if light != T.ON_TRACK else "",
                "start_on": start,
                "end_on": end,
                "source_idea_id": None,
            }

    written = bulk_insert(session, Project, rows(), constants=stamp())
    goal_rows = 0
    if goals:
        new_ids = session.exec(select(Project.id).where(Project.id > last_id)).all()
        pairs = {
            (project_id, rng.choice(goals))
            for project_id in new_ids
            for _ in range(rng.randrange(0, 3))
        }
        goal_rows = bulk_insert(
            session, ProjectGoal,
            ({"project_id": pid, "goal_id": gid} for pid, gid in sorted(pairs)), constants={},
        )
    return {"projects": written, "project_goals": goal_rows}
