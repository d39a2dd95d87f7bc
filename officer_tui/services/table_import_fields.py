"""The fields a request or contact table may hold, the headers people give them, and how
cell text becomes a value (dates, priorities, statuses, channels in German or English).
"""

from __future__ import annotations

import re
from datetime import date

from officer_tui.i18n import N_, _
from officer_tui.models.enums import Channel, Priority, RequestStatus
from officer_tui.services.dates import parse_date
from officer_tui.services.errors import ValidationError
from officer_tui.services.tables import header_key
from officer_tui.text import fold

KINDS = ("requests", "contacts")
KIND_LABELS = {"requests": N_("requests"), "contacts": N_("contacts")}

_UNIT_NAMES = ("unit", "bereich", "fachbereich", "amt", "abteilung", "einrichtung", "haus",
               "organisationseinheit", "oe", "dienststelle", "department", "institution",
               "fachdienst", "sachgebiet", "team")

# field -> header names as people write them (compared by ``header_key``: folded, no spaces,
# dashes, dots, underscores). The export's own headers (``received_on``) are among them.
REQUEST_HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "betreff", "anfrage", "bezeichnung", "subject", "kurztitel",
              "kurzbeschreibung", "anliegen", "bedarf", "request", "vorgang"),
    "description": ("description", "beschreibung", "details", "inhalt", "langtext",
                    "ausfuhrlichebeschreibung", "text", "problembeschreibung"),
    "unit": _UNIT_NAMES,
    "requester": ("requester", "anfragende", "anfragender", "anfragendeperson", "antragsteller",
                  "antragstellerin", "ansprechpartner", "ansprechpartnerin", "ansprechperson",
                  "kontakt", "kontaktperson", "melder", "melderin", "gemeldetvon", "von",
                  "person", "contact", "requestedby"),
    "channel": ("channel", "kanal", "eingangsweg", "eingangskanal", "weg", "quelle", "via"),
    "received_on": ("receivedon", "received", "eingang", "eingangam", "eingegangen",
                    "eingegangenam", "eingangsdatum", "datum", "date", "erfasst", "erfasstam",
                    "gemeldetam", "datumeingang"),
    "category": ("category", "kategorie", "art", "typ", "type", "themenbereich"),
    "priority": ("priority", "prioritat", "prio", "dringlichkeit", "wichtigkeit"),
    "status": ("status", "stand", "state", "bearbeitungsstand"),
    "due_on": ("dueon", "due", "fallig", "falligam", "falligkeit", "falligbis", "frist", "bis",
               "deadline", "erledigenbis", "zieltermin", "duedate"),
    "ticket_ref": ("ticketref", "ticket", "ticketnr", "ticketnummer", "ticketid", "ticketno",
                   "ticketnumber", "vorgangsnummer", "referenz", "reference", "incident"),
    "forwarded_to": ("forwardedto", "weitergeleitetan", "weitergeleitet", "zustandig",
                     "zustandigestelle", "bearbeitendestelle"),
    "resolution": ("resolution", "losung", "erledigung", "ergebnis", "antwort",
                   "erledigungsvermerk", "abschlussvermerk"),
    "closed_on": ("closedon", "closed", "erledigtam", "abgeschlossenam", "geschlossenam"),
}

CONTACT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "vollername", "vollstandigername", "fullname", "namevorname", "person",
             "kontakt", "ansprechpartner", "ansprechpartnerin", "ansprechperson", "mitarbeiter",
             "mitarbeiterin", "beschaftigte", "contact"),
    "first_name": ("firstname", "vorname", "givenname", "rufname"),
    "last_name": ("lastname", "nachname", "familienname", "surname", "familyname", "zuname"),
    "email": ("email", "mail", "emailadresse", "mailadresse", "emailaddress", "epost"),
    "phone": ("phone", "telefon", "tel", "telefonnummer", "telnr", "rufnummer", "durchwahl",
              "mobil", "handy", "telephone", "phonenumber"),
    "role": ("role", "rolle", "funktion", "position", "stelle", "tatigkeit", "jobtitle",
             "berufsbezeichnung", "aufgabe"),
    "unit": _UNIT_NAMES,
    "notes": ("notes", "notizen", "notiz", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen",
              "kommentar", "note"),
    "purpose": ("purpose", "zweck", "verarbeitungszweck"),
    "legal_basis": ("legalbasis", "rechtsgrundlage"),
}

HEADERS = {"requests": REQUEST_HEADERS, "contacts": CONTACT_HEADERS}

FIELD_LABELS = {
    "title": N_("Title"), "description": N_("Description"), "unit": N_("Unit"),
    "requester": N_("Requester"), "channel": N_("Channel"), "received_on": N_("Received"),
    "category": N_("Category"), "priority": N_("Priority"), "status": N_("Status"),
    "due_on": N_("Due"), "ticket_ref": N_("Ticket"), "forwarded_to": N_("Forwarded to"),
    "resolution": N_("Resolution"), "closed_on": N_("Closed on"),
    "name": N_("Name"), "first_name": N_("First name"), "last_name": N_("Last name"),
    "email": N_("E-mail"), "phone": N_("Phone"), "role": N_("Role"), "notes": N_("Notes"),
    "purpose": N_("Purpose"), "legal_basis": N_("Legal basis"),
}


def fields_of(kind: str) -> tuple[str, ...]:
    return tuple(HEADERS[kind])


def guess_mapping(kind: str, headers: list[str] | tuple[str, ...]) -> dict[str, int]:
    """Which column holds which field, from the header names (German or English)."""
    names = HEADERS[kind]
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    for field, known in names.items():  # exact names first, in the fields' order
        for index, key in enumerate(keys):
            if key and key in known and index not in mapping.values():
                mapping[field] = index
                break
    hints = {"email": ("mail",), "phone": ("telefon", "phone"), "title": ("titel", "betreff"),
             "received_on": ("eingang",), "due_on": ("fallig",), "ticket_ref": ("ticket",),
             "priority": ("prio",), "name": ("name",)}
    for field, parts in hints.items():  # then headers that contain a telling word
        if field not in names or field in mapping:
            continue
        if field == "name" and ("first_name" in mapping or "last_name" in mapping):
            continue
        for index, key in enumerate(keys):
            if index not in mapping.values() and any(part in key for part in parts) and not (
                    key.endswith("id") and key not in names.get(field, ())):
                mapping[field] = index
                break
    return mapping


def guess_kind(headers: list[str] | tuple[str, ...]) -> str | None:
    """``requests`` when a column looks like a request's title, ``contacts`` when one holds
    people's names or e-mail addresses and none a title, else None."""
    requests = guess_mapping("requests", headers)
    contacts = guess_mapping("contacts", headers)
    if "title" in requests:
        return "requests"
    if {"name", "last_name", "email"} & set(contacts):
        return "contacts"
    return None


# --- cell values ----------------------------------------------------------------------------

_WORDS: dict[type, dict[str, object]] = {
    Priority: {
        "niedrig": Priority.LOW, "gering": Priority.LOW, "low": Priority.LOW,
        "normal": Priority.NORMAL, "mittel": Priority.NORMAL, "medium": Priority.NORMAL,
        "hoch": Priority.HIGH, "high": Priority.HIGH, "wichtig": Priority.HIGH,
        "dringend": Priority.URGENT, "urgent": Priority.URGENT, "eilig": Priority.URGENT,
        "sehrhoch": Priority.URGENT, "kritisch": Priority.URGENT, "critical": Priority.URGENT,
    },
    RequestStatus: {
        "neu": RequestStatus.NEW, "offen": RequestStatus.NEW, "open": RequestStatus.NEW,
        "gesichtet": RequestStatus.TRIAGED, "triagiert": RequestStatus.TRIAGED,
        "inbearbeitung": RequestStatus.IN_PROGRESS, "inarbeit": RequestStatus.IN_PROGRESS,
        "laufend": RequestStatus.IN_PROGRESS, "wartet": RequestStatus.WAITING,
        "wartend": RequestStatus.WAITING, "weitergeleitet": RequestStatus.FORWARDED,
        "erledigt": RequestStatus.DONE, "abgeschlossen": RequestStatus.DONE,
        "geschlossen": RequestStatus.DONE, "closed": RequestStatus.DONE,
        "abgelehnt": RequestStatus.DECLINED, "rejected": RequestStatus.DECLINED,
    },
    Channel: {
        "email": Channel.MAIL, "mail": Channel.MAIL, "telefon": Channel.PHONE,
        "telefonisch": Channel.PHONE, "anruf": Channel.PHONE, "besprechung": Channel.MEETING,
        "termin": Channel.MEETING, "sitzung": Channel.MEETING, "personlich": Channel.IN_PERSON,
        "vorort": Channel.IN_PERSON, "inperson": Channel.IN_PERSON,
    },
}


def enum_value(enum_type: type, text: str, field: str) -> object:
    """``hoch``, ``High``, ``in_progress``, ``in Bearbeitung`` ... as the enum member."""
    key = re.sub(r"[\s\-_.]+", "", fold(text))
    for member in enum_type:  # type: ignore[attr-defined]
        if key == member.value.replace("_", ""):
            return member
    found = _WORDS.get(enum_type, {}).get(key)
    if found is not None:
        return found
    options = ", ".join(member.value for member in enum_type)  # type: ignore[attr-defined]
    raise ValidationError(field, _("{text!r} is not one of: {options}").format(
        text=text, options=options))


_STAMP = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2})?\s*$")
_SHORT_YEAR = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2})\s*$")


def date_value(text: str, field: str, today: date) -> date | None:
    """``02.03.2026``, ``2.3.26``, ``2026-03-02`` (also with a time, as Excel gives it)."""
    if not text.strip():
        return None
    if match := _STAMP.match(text):
        text = match.group(1)
    elif match := _SHORT_YEAR.match(text):
        day, month, year = match.groups()
        text = f"{day}.{month}.20{year}"
    return parse_date(text, field=field, today=today)
