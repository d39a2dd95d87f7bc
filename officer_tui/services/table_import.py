"""Import requests or contacts from a spreadsheet (CSV or XLSX), with a preview first.

1. ``read_table(path)`` (``services.tables``): header row and data rows; encodings detected,
   garbled or unknown ones refused. ``guess_kind`` / ``guess_mapping`` (``table_import_fields``)
   say what the table holds and which column is which field, from German or English headers.
2. ``preview(...)``: every line checked as the request and contact services check a new record
   (``requests.new_request``, ``contacts.new_contact``), each with its result: **new**,
   **duplicate** (already stored, or an earlier line of the file) or **error** with the column
   and the reason. Nothing is written.
3. ``apply_import(...)``: one transaction; the lines are checked again against the database as
   it is then, the new ones are created, duplicates and errors skipped. Importing the same file
   twice creates nothing the second time.

Duplicates: a request with the same title (case- and accent-blind) in the same unit received on
the same day (any day when the line has no date); a contact with the same e-mail address, or the
same name in the same unit. Units are matched by name or short name; an unknown unit is an error
of the line (with the closest names suggested): units are few and kept by hand, so a typo must
not create a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import _
from officer_tui.models.enums import CLOSED_STATUSES, Channel, Priority, RequestStatus
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.services._common import transactional
from officer_tui.services.errors import ValidationError
from officer_tui.services.progress import Progress
from officer_tui.services.table_import_fields import (
    FIELD_LABELS,
    KINDS,
    date_value,
    enum_value,
    fields_of,
)
from officer_tui.text import closest, fold

REPORT_EVERY = 250

NEW, DUPLICATE, ERROR = "new", "duplicate", "error"


@dataclass(frozen=True)
class TableLine:
    line_no: int  # as in the file (the header is line 1)
    outcome: str  # NEW, DUPLICATE or ERROR
    label: str  # the request's title or the person's name, as read
    unit: str  # the unit as written in the file
    message: str = ""  # the error's reason, or what the line duplicates
    column: str = ""  # the header of the column at fault (errors)
    existing_id: int | None = None  # the stored record a duplicate matches


@dataclass(frozen=True)
class TablePreview:
    kind: str
    headers: tuple[str, ...]
    mapping: dict[str, int]
    lines: tuple[TableLine, ...]
    records: tuple[Any, ...] = field(default=(), repr=False, compare=False)  # for apply

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def errors(self) -> int:
        return self.count(ERROR)


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created_ids: tuple[int, ...]
    duplicates: int
    errors: int

    @property
    def created(self) -> int:
        return len(self.created_ids)


class _LineError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_mapping(kind: str, headers: Sequence[str], mapping: dict[str, int]) -> None:
    """Refuse a mapping that names an unknown field or column, or lacks the essential one."""
    if kind not in KINDS:
        raise ValidationError("kind", _("must be requests or contacts"))
    fields = fields_of(kind)
    for name, index in mapping.items():
        if name not in fields:
            raise ValidationError("column", _("unknown field {field!r}").format(field=name))
        if not 0 <= index < len(headers):
            raise ValidationError("column", _("the file has no column {n}").format(n=index + 1))
    found = ", ".join(h for h in headers if h) or "-"
    if kind == "requests" and ("title" not in mapping or "unit" not in mapping):
        raise ValidationError("column", _(
            "a request needs a title and a unit: no column for {missing} (found: {headers}); "
            "name the columns Titel and Bereich, or map them").format(
            missing=" / ".join(_(FIELD_LABELS[f]) for f in ("title", "unit") if f not in mapping),
            headers=found))
    if kind == "contacts" and not {"name", "last_name"} & set(mapping):
        raise ValidationError("column", _(
            "no column with the people's names (found: {headers}); name a column Name, "
            "or Vorname and Nachname, or map it").format(headers=found))


def _cells(row: Sequence[str], mapping: dict[str, int]) -> dict[str, str]:
    cells = {}
    for name, index in mapping.items():
        value = row[index] if index < len(row) else ""
        # Descriptions keep their line breaks; other cells are one line.
        cells[name] = value.strip() if name in ("description", "notes", "resolution") else (
            " ".join(str(value).split()))
    return cells


def _person_name(cells: dict[str, str]) -> str:
    name = cells.get("name", "")
    if name:
        if name.count(",") == 1:  # "Müller, Anna"
            last, first = (part.strip() for part in name.split(","))
            name = f"{first} {last}".strip()
        return name
    return " ".join(p for p in (cells.get("first_name", ""), cells.get("last_name", "")) if p)


class _Units:
    """Units by folded name and short name."""

    def __init__(self, rows: Sequence[tuple[int, str, str | None]]) -> None:
        self.index: dict[str, int] = {}
        self.names = [name for _id, name, _short in rows]
        for unit_id, name, _short in rows:
            self.index[fold(name)] = unit_id
        for unit_id, _name, short in rows:
            if short and short.strip():
                self.index.setdefault(fold(short.strip()), unit_id)

    def find(self, text: str) -> int | None:
        return self.index.get(fold(text.strip()))

    def closest(self, text: str) -> list[str]:
        return closest(text, self.names)


class _Context:
    """What the checks look up, read once per preview."""

    def __init__(self, session: Session, kind: str, today: date) -> None:
        self.session = session
        self.today = today
        self.units = _Units(session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.short_name)).all())
        people = session.execute(select(Contact.id, Contact.name, Contact.email, Contact.unit_id)
                                 .where(Contact.erased_at.is_(None))).all()
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, int | None, str]]] = {}
        for contact_id, name, email, unit_id in people:
            if email:
                self.by_email.setdefault(email.strip().lower(), contact_id)
            self.by_name.setdefault(fold(name), []).append((contact_id, unit_id, name))
        self.requests: dict[tuple[str, int], list[tuple[int, date]]] = {}
        # The services look units and people up by id: held here, they stay in the session's
        # (weak) identity map, so each is read once, not once per line.
        self.loaded: list[Any] = list(session.execute(select(OrgUnit)).scalars())
        if kind == "requests":
            self.loaded += session.execute(select(Contact)).scalars().all()
            for request_id, title, unit_id, received in session.execute(
                    select(Request.id, Request.title, Request.unit_id, Request.received_on)):
                self.requests.setdefault((fold(title), unit_id), []).append((request_id, received))

    def unit(self, text: str, field: str) -> int:
        unit_id = self.units.find(text)
        if unit_id is None:
            suggestions = self.units.closest(text)
            if suggestions:
                raise _LineError(field, _("unknown unit {name!r}; did you mean: {options}?").format(
                    name=text, options=", ".join(suggestions)))
            raise _LineError(field, _("unknown unit {name!r}").format(name=text))
        return unit_id

    def person(self, text: str, unit_id: int | None) -> int:
        if "@" in text:
            found = self.by_email.get(text.lower())
            if found is None:
                raise _LineError("requester", _("no contact has the e-mail address {text!r}")
                                 .format(text=text))
            return found
        candidates = self.by_name.get(fold(text), [])
        if len(candidates) > 1 and unit_id is not None:
            candidates = [c for c in candidates if c[1] == unit_id] or candidates
        if len(candidates) == 1:
            return candidates[0][0]
        if candidates:
            raise _LineError("requester", _(
                "{count} contacts are called {name!r}; write the e-mail address instead").format(
                count=len(candidates), name=text))
        pool = [c[2] for group in self.by_name.values() for c in group if c[1] == unit_id]
        suggestions = closest(text, pool) if pool else []
        if suggestions:
            raise _LineError("requester", _("unknown contact {name!r}; did you mean: {options}?")
                             .format(name=text, options=", ".join(suggestions)))
        raise _LineError("requester", _("unknown contact {name!r}").format(name=text))


def _service_error(exc: ValidationError) -> _LineError:
    name = {"received": "received_on", "unit_id": "unit", "requester_id": "requester"}.get(
        exc.field, exc.field)
    return _LineError(name, exc.message)


def _check_request(context: _Context, cells: dict[str, str]) -> tuple[Request, tuple]:
    """A new request from a line's cells, and its duplicate key; raises _LineError."""
    from officer_tui.services.requests import new_request, urgency

    title = cells.get("title", "")
    if not title:
        raise _LineError("title", _("no title"))
    if not cells.get("unit"):
        raise _LineError("unit", _("no unit"))
    unit_id = context.unit(cells["unit"], "unit")
    today = context.today
    data: dict[str, Any] = {"title": title, "unit_id": unit_id,
                            "description": cells.get("description", "")}
    for name in ("received_on", "due_on"):
        if cells.get(name):
            data[name] = _value(lambda n=name: date_value(cells[n], n, today))
    if cells.get("requester"):
        data["requester_id"] = context.person(cells["requester"], unit_id)
    if cells.get("channel"):
        data["channel"] = _value(lambda: enum_value(Channel, cells["channel"], "channel"))
    if cells.get("priority"):
        data["priority"] = _value(lambda: enum_value(Priority, cells["priority"], "priority"))
    if cells.get("category"):
        data["category"] = cells["category"]
    status = RequestStatus.NEW
    if cells.get("status"):
        status = _value(lambda: enum_value(RequestStatus, cells["status"], "status"))
    forwarded_to = None
    if cells.get("forwarded_to"):
        forwarded_to = context.unit(cells["forwarded_to"], "forwarded_to")
        if forwarded_to == unit_id:
            raise _LineError("forwarded_to",
                             _("cannot forward a request to the unit it came from"))
        if not cells.get("status"):
            status = RequestStatus.FORWARDED
    if status == RequestStatus.FORWARDED and forwarded_to is None:
        raise _LineError("status", _("say to which unit the request is forwarded"))
    resolution = cells.get("resolution", "")
    if status in CLOSED_STATUSES and not resolution:
        raise _LineError("status", _("a resolution note is required to close a request"))
    closed_on = None
    if status in CLOSED_STATUSES:
        closed_on = _value(lambda: date_value(cells.get("closed_on", ""), "closed_on", today))
    try:
        request = new_request(context.session, data=data, today=today)
    except ValidationError as exc:
        raise _service_error(exc) from None
    if closed_on is not None and closed_on > today:
        raise _LineError("closed_on", _("cannot lie in the future"))
    if len(cells.get("ticket_ref", "")) > 120:
        raise _LineError("ticket_ref", _("is too long (at most {n} characters)").format(n=120))
    request.status = status
    request.forwarded_to_id = forwarded_to
    request.ticket_ref = cells.get("ticket_ref") or None
    request.resolution = resolution
    if status in CLOSED_STATUSES:
        request.closed_on = closed_on or request.received_on
    request.urgency = urgency(priority=request.priority, received_on=request.received_on,
                              due_on=request.due_on, status=status, today=today)
    key = (fold(request.title), unit_id, request.received_on if "received_on" in data else None)
    return request, key


def _value(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ValidationError as exc:
        raise _service_error(exc) from None


def _request_duplicate(context: _Context, key: tuple) -> int | None:
    title, unit_id, received = key
    for request_id, stored in context.requests.get((title, unit_id), []):
        if received is None or stored == received:
            return request_id
    return None


def _check_contact(context: _Context, cells: dict[str, str]) -> tuple[Contact, tuple]:
    from officer_tui.services.contacts import new_contact

    name = _person_name(cells)
    if not name:
        raise _LineError("name" if "name" in cells else "last_name", _("no name"))
    unit_id = context.unit(cells["unit"], "unit") if cells.get("unit") else None
    data = {"name": name, "unit_id": unit_id}
    for key in ("email", "phone", "role", "notes", "purpose", "legal_basis"):
        if cells.get(key):
            data[key] = cells[key]
    try:
        contact = new_contact(context.session, data=data)
    except ValidationError as exc:
        raise _service_error(exc) from None
    return contact, (contact.email.lower(), contact.name_folded, unit_id)


def _contact_duplicate(context: _Context, key: tuple) -> int | None:
    email, folded, unit_id = key
    if email and email in context.by_email:
        return context.by_email[email]
    for contact_id, other_unit, _name in context.by_name.get(folded, []):
        if other_unit == unit_id:
            return contact_id
    return None


def _column_of(name: str, headers: Sequence[str], mapping: dict[str, int]) -> str:
    if name == "name" and "name" not in mapping:
        parts = [headers[mapping[f]] for f in ("first_name", "last_name") if f in mapping]
        return " / ".join(parts)
    index = mapping.get(name)
    return headers[index] if index is not None and index < len(headers) else ""


def preview(session: Session, *, kind: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
            mapping: dict[str, int], today: date | None = None,
            progress: Progress | None = None) -> TablePreview:
    """What an import would do, line by line. Nothing is written."""
    check_mapping(kind, headers, mapping)
    if not rows:
        raise ValidationError("file", _("has a header row but no lines with data"))
    today = today or clock.today()
    context = _Context(session, kind, today)
    check, duplicate = ((_check_request, _request_duplicate) if kind == "requests"
                        else (_check_contact, _contact_duplicate))
    seen: dict[tuple, int] = {}  # duplicate key -> earlier line of the file
    lines, records = [], []
    label_field = "title" if kind == "requests" else "name"
    total = len(rows)
    for number, row in enumerate(rows, start=2):
        cells = _cells(row, mapping)
        label = cells.get("title", "") if kind == "requests" else _person_name(cells)
        unit = cells.get("unit", "")
        try:
            record, key = check(context, cells)
        except _LineError as exc:
            lines.append(TableLine(number, ERROR, label, unit, exc.message,
                                   _column_of(exc.field, headers, mapping)))
        else:
            existing = duplicate(context, key)
            keys = [key]
            if kind == "contacts":  # the same name in the same unit, or the same e-mail
                keys = [("name", key[1], key[2])] + ([("@", key[0])] if key[0] else [])
            earlier = next((seen[k] for k in keys if k in seen), None)
            if existing is not None:
                lines.append(TableLine(number, DUPLICATE, label, unit,
                                       _("already stored as #{id}").format(id=existing),
                                       existing_id=existing))
            elif earlier is not None:
                lines.append(TableLine(number, DUPLICATE, label, unit,
                                       _("the same as line {n}").format(n=earlier)))
            else:
                for k in keys:
                    seen[k] = number
                lines.append(TableLine(number, NEW, label or getattr(record, label_field), unit))
                records.append(record)
        if progress is not None and (number - 1) % REPORT_EVERY == 0:
            progress(_("Checking"), number - 1, total)
    if progress is not None:
        progress(_("Checking"), total, total)
    return TablePreview(kind=kind, headers=tuple(headers), mapping=dict(mapping),
                        lines=tuple(lines), records=tuple(records))


@transactional
def apply_import(session: Session, *, kind: str, headers: Sequence[str],
                 rows: Sequence[Sequence[str]], mapping: dict[str, int], today: date | None = None,
                 progress: Progress | None = None) -> ImportResult:
    """Check the lines again (against the data as it is now) and create the new ones, in one
    transaction: all of them, or, on a failure, none. Takes what ``preview`` takes."""
    checked = preview(session, kind=kind, headers=headers, rows=rows, mapping=mapping,
                      today=today, progress=progress)
    records = list(checked.records)
    total = len(records)
    for start in range(0, total, 500):
        session.add_all(records[start:start + 500])
        session.flush()
        if progress is not None:
            progress(_("Importing"), min(start + 500, total), total)
    return ImportResult(kind=kind, created_ids=tuple(r.id for r in records),
                        duplicates=checked.duplicates, errors=checked.errors)
