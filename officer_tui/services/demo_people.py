"""Demo data for the stakeholders: GDPR fields, stay-in-touch intervals and logged contacts.

Runs on top of the demo (``seed.seed_demo``): the people exist already. German on purpose, as
the rest of the demo. Dates are relative to ``today``; two people are past their review date and
a few are "losing touch". Does not commit (the caller's transaction does).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from officer_tui.models.enums import Channel, UnitKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.services.contacts import log_contact, update_contact

_PURPOSE_STAFF = "Ansprechperson für Digitalisierungsvorhaben, IT-Anfragen und Schulungen"
_PURPOSE_EXTERNAL = "Zusammenarbeit in gemeinsamen Projekten und Förderanträgen"
_BASIS_STAFF = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 NDSG (Aufgabenerfüllung)"
_BASIS_PROVIDER = "Art. 6 Abs. 1 lit. b DSGVO (Vertrag mit dem IT-Dienstleister)"
_BASIS_EXTERNAL = "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung vom 12.05.2025)"

# (name, stay in touch every N days or None, review in N days (negative: past))
_PEOPLE: tuple[tuple[str, int | None, int | None], ...] = (
    ("Dr. Katharina Albers", 30, 300),
    ("Markus Engel", 21, 280),
    ("Frank Oltmanns", None, 200),
    ("Gisela Hartung", 120, -12),  # external, consent to be renewed: past review
    ("Dr. Ralf Neumeyer", None, -40),  # external: past review
    ("Dr. Anja Lorenz", 45, 330),
)

# (name, days ago, channel, note)
_LOGS: tuple[tuple[str, int, Channel, str], ...] = (
    ("Dr. Katharina Albers", 9, Channel.MEETING, "Jour fixe: Prioritäten der Häuser für 2026"),
    ("Dr. Katharina Albers", 52, Channel.PHONE, "Haushaltsanmeldung Digitalisierung abgestimmt"),
    ("Markus Engel", 33, Channel.MEETING, "IT-Koordinierungsrunde: Rahmenvertrag Lizenzen"),
    ("Frank Oltmanns", 27, Channel.PHONE, "Eskalation offener Tickets der Musikschule"),
    ("Frank Oltmanns", 61, Channel.IN_PERSON, "Quartalsgespräch Servicequalität"),
    ("Dr. Wolfgang Reiners", 130, Channel.IN_PERSON, "Rundgang Magazin, Bedarf Digitalisierung"),
    ("Birte Sommer", 8, Channel.MAIL, "Angebote Aufsichtscanner weitergeleitet"),
    ("Ute Hagedorn", 4, Channel.PHONE, "Termin WLAN-Begehung vereinbart"),
    ("Clara Wendt", 150, Channel.MEETING, "Vorgespräch digitale Ausstellungsführung"),
    ("Gisela Hartung", 200, Channel.MAIL, "Förderverein: Spende für Medienstationen"),
    ("Dr. Ralf Neumeyer", 95, Channel.PHONE, "Austausch zu museum-digital und Normdaten"),
    ("Dr. Anja Lorenz", 14, Channel.MAIL, "Rückfrage Einwilligungen für Veranstaltungsfotos"),
    ("Heike Brinkmann", 70, Channel.MEETING, "Fortbildungsplan: KI-Grundlagen für alle Häuser"),
)


def seed_stakeholders(session: Session, *, today: date) -> dict[str, int]:
    """Add GDPR fields, intervals and logged contacts to the demo's people."""
    people = {
        name: (contact_id, kind)
        for name, contact_id, kind in session.exec(
            select(Contact.name, Contact.id, OrgUnit.kind).join(
                OrgUnit, Contact.unit_id == OrgUnit.id, isouter=True
            )
        ).all()
    }
    update = getattr(update_contact, "__wrapped__", update_contact)
    log = getattr(log_contact, "__wrapped__", log_contact)
    settings = {name: (days, review) for name, days, review in _PEOPLE}
    for name, (contact_id, kind) in people.items():
        days, review_in = settings.get(name, (None, 365))
        if kind == UnitKind.EXTERNAL:
            purpose, basis = _PURPOSE_EXTERNAL, _BASIS_EXTERNAL
        elif kind == UnitKind.IT_PROVIDER:
            purpose, basis = _PURPOSE_STAFF, _BASIS_PROVIDER
        else:
            purpose, basis = _PURPOSE_STAFF, _BASIS_STAFF
        changes: dict = {
            "purpose": purpose,
            "legal_basis": basis,
            "review_on": today + timedelta(days=review_in) if review_in is not None else None,
        }
        if days is not None:
            changes["stay_in_touch_days"] = days
        update(session, contact_id=contact_id, changes=changes)
    logs = 0
    for name, ago, channel, note in _LOGS:
        if name in people:
            log(
                session,
                contact_id=people[name][0],
                happened_on=today - timedelta(days=ago),
                channel=channel,
                note=note,
                today=today,
            )
            logs += 1
    return {"contact_logs": logs, "reviews_due": sum(1 for *_n, r in _PEOPLE if r and r < 0)}
