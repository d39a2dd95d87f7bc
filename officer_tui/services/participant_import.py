"""Import participant lists (the spreadsheets people already keep) into a training session.

Three steps, so nothing is written before the user has seen what will happen:

1. ``read_table(path)`` (from ``services.tables``): headers and rows of a .csv (UTF-8 with or
   without BOM, else Windows-1252; ``;``, ``,`` or tab, sniffed) or .xlsx (first sheet).
2. ``guess_mapping(headers)`` and ``preview(...)``: which column is the name, e-mail, unit,
   role; each line matched to a known contact (by e-mail first, then by name), a new contact,
   or a problem with its reason (no name, bad e-mail, unknown unit, a duplicate line).
3. ``apply_import(...)``: one transaction; creates the missing contacts (with the GDPR purpose
   of the data) and enrolls every good line. A full session puts people on the waiting list.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.models.base import utcnow
from officer_tui.models.enums import SEAT_HOLDING, EnrollmentStatus
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.training import Enrollment, TrainingSession
from officer_tui.services._common import clean, transactional
from officer_tui.services.errors import ValidationError
from officer_tui.services.tables import header_key, read_table  # noqa: F401 - read_table re-exported
from officer_tui.services.training_views import ImportLine, ImportPreview
from officer_tui.text import fold

FIELDS = ("name", "first_name", "last_name", "email", "unit", "role")
PURPOSE = "Teilnahme an Qualifizierung"  # GDPR: why we keep the data of imported people
LEGAL_BASIS = "Art. 6 Abs. 1 lit. e DSGVO, Art. 88 DSGVO (Fortbildung der Beschäftigten)"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Header names as people write them (folded, without spaces, dashes, dots, underscores).
_HEADER_NAMES = {
    "name": ("name", "namevorname", "vollstandigername", "fullname", "teilnehmer",
             "teilnehmerin", "teilnehmende", "teilnehmerinnen", "person", "participant",
             "mitarbeiter", "mitarbeiterin", "beschaftigte", "employee"),
    "first_name": ("vorname", "firstname", "givenname", "rufname"),
    "last_name": ("nachname", "familienname", "lastname", "surname", "familyname", "zuname"),
    "email": ("email", "mail", "emailadresse", "mailadresse", "emailaddress", "epost",
              "dienstlicheemail", "emaildienstlich"),
    "unit": ("fachbereich", "abteilung", "einrichtung", "amt", "bereich", "dienststelle",
             "organisationseinheit", "oe", "haus", "unit", "department", "team", "institution",
             "fachdienst", "sachgebiet"),
    "role": ("funktion", "rolle", "position", "stelle", "taetigkeit", "tatigkeit", "role",
             "jobtitle", "title", "berufsbezeichnung"),
}


def _key(header: str) -> str:
    return header_key(header)


# --- mapping --------------------------------------------------------------------------------


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Which column holds which field, from German and English header names."""
    mapping: dict[str, int] = {}
    keys = [_key(h) for h in headers]
    for field in FIELDS:
        names = _HEADER_NAMES[field]
        for index, key in enumerate(keys):
            if index in mapping.values():
                continue
            if key in names or (field == "email" and ("mail" in key)):
                mapping[field] = index
                break
    if "name" not in mapping and "last_name" not in mapping:
        for index, key in enumerate(keys):  # "Name der Person", "Teilnehmer/in"
            if index not in mapping.values() and ("name" in key or "teilnehm" in key):
                mapping["name"] = index
                break
    return mapping


def _check_mapping(headers: Sequence[str], mapping: dict[str, int]) -> None:
    for field, index in mapping.items():
        if field not in FIELDS:
            raise ValidationError("column", _("unknown field {field!r}").format(field=field))
        if not 0 <= index < len(headers):
            raise ValidationError("column", _("the file has no column {n}").format(n=index + 1))
    if "name" not in mapping and "last_name" not in mapping:
        raise ValidationError(
            "column",
            _("no column with the participants' names (found: {headers}); "
              "name a column Name, or Vorname and Nachname").format(
                headers=", ".join(h for h in headers if h) or "-"),
        )


def _cell(row: Sequence[str], mapping: dict[str, int], field: str) -> str:
    index = mapping.get(field)
    if index is None or index >= len(row):
        return ""
    text = str(row[index]).encode("utf-8", "replace").decode("utf-8")  # lone surrogates: "?"
    return " ".join(clean(text, field, limit=sys.maxsize).split())  # no control characters


def _name_of(row: Sequence[str], mapping: dict[str, int]) -> str:
    name = _cell(row, mapping, "name")
    if name:
        if "," in name and name.count(",") == 1:  # "Müller, Anna"
            last, first = (part.strip() for part in name.split(","))
            name = f"{first} {last}".strip()
        return name
    return " ".join(part for part in (_cell(row, mapping, "first_name"),
                                      _cell(row, mapping, "last_name")) if part)


# --- preview --------------------------------------------------------------------------------


def _unit_index(session: Session) -> dict[str, int]:
    index: dict[str, int] = {}
    for unit_id, name, short in session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.short_name)
    ).all():
        index[fold(name)] = unit_id
        if short:
            index.setdefault(fold(short.strip()), unit_id)
    return index


def _contact_index(session: Session):
    by_email: dict[str, int] = {}
    by_name: dict[str, list[tuple[int, int | None]]] = {}
    for contact_id, folded, email, unit_id in session.execute(
        select(Contact.id, Contact.name_folded, Contact.email, Contact.unit_id).where(
            Contact.erased_at.is_(None)
        )
    ).all():
        if email:
            by_email.setdefault(email.strip().lower(), contact_id)
        by_name.setdefault(folded, []).append((contact_id, unit_id))
    return by_email, by_name


def preview(
    session: Session,
    *,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    mapping: dict[str, int],
    session_id: int,
) -> ImportPreview:
    """What an import would do, line by line. Nothing is written."""
    if session.get(TrainingSession, session_id) is None:
        raise ValidationError("session", _("unknown session"))
    _check_mapping(headers, mapping)
    units = _unit_index(session)
    by_email, by_name = _contact_index(session)
    enrolled = set(
        session.execute(
            select(Enrollment.contact_id).where(Enrollment.session_id == session_id)
        ).scalars()
    )
    seen: dict[str, int] = {}  # e-mail or folded name -> line
    taken: dict[int, int] = {}  # contact -> line
    lines = []
    for number, row in enumerate(rows, start=2):
        name = _name_of(row, mapping)
        email = _cell(row, mapping, "email")
        unit = _cell(row, mapping, "unit")
        role = _cell(row, mapping, "role")
        problem, contact_id, unit_id = None, None, None
        if unit:
            unit_id = units.get(fold(unit))
        if not name:
            problem = _("no name")
        elif len(name) > 200:
            problem = _("the name is too long (at most {n} characters)").format(n=200)
        elif email and not _EMAIL.match(email):
            problem = _("{text!r} is not an e-mail address").format(text=email)
        if problem is None:
            key = email.lower() if email else f"name:{fold(name)}"
            if key in seen:
                problem = _("the same person as line {n}").format(n=seen[key])
            else:
                seen[key] = number
        if problem is None:
            contact_id = by_email.get(email.lower()) if email else None
            if contact_id is None:
                candidates = by_name.get(fold(name), [])
                if len(candidates) > 1 and unit_id is not None:
                    candidates = [c for c in candidates if c[1] == unit_id] or candidates
                if len(candidates) == 1:
                    contact_id = candidates[0][0]
                elif len(candidates) > 1:
                    problem = _("{n} contacts are called {name!r}; add the e-mail "
                                "address").format(n=len(candidates), name=name)
        if problem is None and contact_id is None and unit and unit_id is None:
            problem = _("unknown unit {name!r}").format(name=unit)
        if problem is None and contact_id is not None and contact_id in taken:
            problem = _("the same person as line {n}").format(n=taken[contact_id])
        lines.append(
            ImportLine(
                line_no=number, name=name, email=email, unit=unit,
                contact_id=contact_id if problem is None else None,
                creates_contact=problem is None and contact_id is None,
                already_enrolled=problem is None and contact_id in enrolled,
                problem=problem, role=role, unit_id=unit_id,
            )
        )
        if problem is None and contact_id is not None:
            taken[contact_id] = number
    return ImportPreview(headers=tuple(headers), mapping=dict(mapping), lines=tuple(lines))


# --- apply ----------------------------------------------------------------------------------


@transactional
def apply_import(
    session: Session,
    *,
    preview: ImportPreview,
    session_id: int,
    status: EnrollmentStatus = EnrollmentStatus.REGISTERED,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Create the missing contacts and enroll every good line, in one transaction.

    Returns counts: enrolled, waitlisted, contacts_created, already_enrolled, skipped.
    """
    from officer_tui.services.trainings import seats_taken

    training = session.get(TrainingSession, session_id)
    if training is None:
        raise ValidationError("session", _("unknown session"))
    status = EnrollmentStatus(status)
    if status == EnrollmentStatus.CANCELLED:
        raise ValidationError("status", _("a new enrollment cannot be cancelled"))
    counts = {"enrolled": 0, "waitlisted": 0, "contacts_created": 0, "already_enrolled": 0,
              "skipped": preview.bad}
    good = [line for line in preview.lines if line.problem is None]
    total = len(good)
    enrolled = set(
        session.execute(
            select(Enrollment.contact_id).where(Enrollment.session_id == session_id)
        ).scalars()
    )
    usable = set(session.execute(select(Contact.id).where(Contact.erased_at.is_(None))).scalars())
    known_units = set(session.execute(select(OrgUnit.id)).scalars())
    # New contacts first, in one flush (ids come back in one round trip).
    created: dict[int, Contact] = {}
    for line in good:
        if line.contact_id is None:
            created[line.line_no] = Contact(
                name=line.name, name_folded=fold(line.name),
                unit_id=line.unit_id if line.unit_id in known_units else None,
                role=line.role[:200], email=line.email[:320], purpose=PURPOSE,
                legal_basis=LEGAL_BASIS,
            )
        elif line.contact_id not in usable:
            raise ValidationError(
                "contact",
                _("line {n}: the contact no longer exists").format(n=line.line_no),
            )
    session.add_all(created.values())
    session.flush()
    counts["contacts_created"] = len(created)
    free = None if training.capacity is None else training.capacity - seats_taken(
        session, training.id
    )
    now = utcnow()
    for done, line in enumerate(good, start=1):
        contact_id = line.contact_id if line.contact_id is not None else created[line.line_no].id
        if contact_id in enrolled:
            counts["already_enrolled"] += 1
        else:
            given = status
            if given in (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED):
                given = EnrollmentStatus.REGISTERED if free is None or free > 0 else (
                    EnrollmentStatus.WAITLISTED)
            if given in SEAT_HOLDING and free is not None:
                free -= 1
            session.add(Enrollment(session_id=training.id, contact_id=contact_id, status=given,
                                   requested_at=now + timedelta(microseconds=done)))
            enrolled.add(contact_id)
            counts["waitlisted" if given == EnrollmentStatus.WAITLISTED else "enrolled"] += 1
        if progress is not None and (done % 250 == 0 or done == total):
            progress(done, total)
    session.flush()
    return counts


def enrolled_count(session: Session, session_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(Enrollment).where(Enrollment.session_id == session_id)
    ).scalar_one()
