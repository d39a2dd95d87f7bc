"""What the full export knows about the tables: their order, links, keys and value formats.

Everything is read from ``SQLModel.metadata``, so a table added later is exported and imported
without code changes. Only two facts are spelled out here: which table a ``RecordKind`` names
(the polymorphic ``subject_kind/subject_id`` and ``record_kind/record_id`` pairs), and the
human name of each table for progress and summaries.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa

from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind

# Local facts of one database (urgency day, last backup ...): never exported.
LOCAL_TABLES = frozenset({"appstate"})

# The table behind each kind of record a polymorphic pair can name.
KIND_TABLES: dict[str, str] = {
    RecordKind.REQUEST.value: "request",
    RecordKind.IDEA.value: "idea",
    RecordKind.PROJECT.value: "project",
    RecordKind.MEETING.value: "meeting",
    RecordKind.TRAINING.value: "trainingprogramme",
    RecordKind.TRAINING_SESSION.value: "trainingsession",
    RecordKind.CONTACT.value: "contact",
    RecordKind.FOLLOWUP.value: "followup",
    RecordKind.CONTACT_LOG.value: "contactlog",
}

_LABELS = {
    "orgunit": N_("Units"),
    "contact": N_("Contacts"),
    "contactlog": N_("Logged contacts"),
    "request": N_("Requests"),
    "strategicgoal": N_("Strategic goals"),
    "idea": N_("Ideas"),
    "ideagoal": N_("Goals of ideas"),
    "project": N_("Projects"),
    "projectgoal": N_("Goals of projects"),
    "projectlink": N_("Project links"),
    "synergydismissal": N_("Dismissed synergies"),
    "followup": N_("Follow-ups"),
    "meetingseries": N_("Meeting series"),
    "meeting": N_("Meetings"),
    "meetingparticipant": N_("Meeting participants"),
    "meetinglink": N_("Records meetings are about"),
    "agendaitem": N_("Agenda items"),
    "outcome": N_("Outcomes"),
    "trainingprogramme": N_("Training programmes"),
    "programmetarget": N_("Target units of programmes"),
    "trainingsession": N_("Training sessions"),
    "enrollment": N_("Enrollments"),
    "change": N_("Change history"),
}


def table_label(name: str) -> str:
    """The human name of a table (``request`` -> "Requests"); unknown tables by their name."""
    return _(_LABELS[name]) if name in _LABELS else name


class BadValue(ValueError):
    """A file value that does not fit its column; the message says why (translated)."""


@dataclass(frozen=True)
class TableInfo:
    """One exported table as the export and the import see it."""

    table: sa.Table
    name: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    tracked: bool  # has ``id`` and ``uid``: matched across databases by its uid
    links: dict[str, str]  # column -> referenced table (single-column foreign keys to ``id``)
    pairs: tuple[tuple[str, str], ...]  # polymorphic (kind column, id column)
    unique_keys: tuple[tuple[str, ...], ...]  # unique constraints besides the pk and uid
    to_json: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    from_json: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    @property
    def self_links(self) -> tuple[str, ...]:
        return tuple(column for column, target in self.links.items() if target == self.name)

    @property
    def refers_to_itself(self) -> bool:
        """Rows of this table may point to rows of the same table (a parent, an earlier item)."""
        return bool(self.self_links) or (bool(self.pairs) and self.name in KIND_TABLES.values())

    def dependencies(self) -> set[str]:
        needed = {target for target in self.links.values() if target != self.name}
        if self.pairs:
            needed |= set(KIND_TABLES.values())
        needed.discard(self.name)
        return needed


def _record_kind_pairs(table: sa.Table) -> tuple[tuple[str, str], ...]:
    pairs = []
    for column in table.columns:
        enum_class = getattr(column.type, "enum_class", None)
        if enum_class is RecordKind and column.name.endswith("_kind"):
            partner = column.name[: -len("_kind")] + "_id"
            if partner in table.columns:
                pairs.append((column.name, partner))
    return tuple(pairs)


def _links(table: sa.Table) -> dict[str, str]:
    links = {}
    for constraint in table.foreign_key_constraints:
        if len(constraint.elements) != 1:
            continue
        element = constraint.elements[0]
        links[element.parent.name] = element.column.table.name
    return links


def _unique_keys(table: sa.Table) -> tuple[tuple[str, ...], ...]:
    keys: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint):
            keys.append(tuple(column.name for column in constraint.columns))
    for index in table.indexes:
        if index.unique:
            keys.append(tuple(column.name for column in index.columns))
    for column in table.columns:
        if column.unique:
            keys.append((column.name,))
    primary = tuple(column.name for column in table.primary_key.columns)
    found = []
    for key in keys:
        if key and key not in found and key != ("uid",) and key != primary:
            found.append(key)
    return tuple(found)


# --- values ---------------------------------------------------------------------------------


def _is_aware(column_type: Any) -> bool:
    return bool(getattr(column_type, "timezone", False)) or type(column_type).__name__ == "UTCDateTime"


def _datetime_out(aware: bool) -> Callable[[Any], Any]:
    def convert(value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            value = value.replace(tzinfo=UTC) if aware else value
        else:
            value = value.astimezone(UTC)
        return value.isoformat()

    return convert


def _iso_out(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _enum_out(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _datetime_in(aware: bool) -> Callable[[Any], Any]:
    def convert(value: Any) -> datetime:
        if not isinstance(value, str):
            raise BadValue(_("is not a date and time (ISO 8601 text)"))
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise BadValue(_("{value!r} is not a date and time").format(value=value)) from None
        if aware:
            return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)
        return moment if moment.utcoffset() is None else moment.astimezone(UTC).replace(tzinfo=None)

    return convert


def _date_in(value: Any) -> date:
    if not isinstance(value, str):
        raise BadValue(_("is not a date (YYYY-MM-DD)"))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadValue(_("{value!r} is not a date").format(value=value)) from None


def _time_in(value: Any) -> time:
    if not isinstance(value, str):
        raise BadValue(_("is not a time of day (HH:MM)"))
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadValue(_("{value!r} is not a time of day").format(value=value)) from None


def _int_in(value: Any) -> int:
    if type(value) is not int:
        raise BadValue(_("{value!r} is not a whole number").format(value=value))
    return value


def _float_in(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(_("{value!r} is not a number").format(value=value))
    return value


def _bool_in(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(_("{value!r} is not true or false").format(value=value))
    return value


def _text_in(length: int | None) -> Callable[[Any], Any]:
    def convert(value: Any) -> str:
        if type(value) is not str:
            raise BadValue(_("{value!r} is not text").format(value=value))
        if length is not None and len(value) > length:
            raise BadValue(_("is too long (at most {n} characters)").format(n=length))
        if not value.isascii():
            try:  # a "\ud800" escape in JSON decodes to a lone surrogate: SQLite cannot store it
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadValue(_("contains bytes that are not valid text (a broken encoding?)")) from None
        return value

    return convert


def _enum_in(values: tuple[str, ...]) -> Callable[[Any], Any]:
    allowed = frozenset(values)

    def convert(value: Any) -> str:
        if value not in allowed:
            raise BadValue(
                _("{value!r} is not one of: {options}").format(value=value, options=", ".join(values))
            )
        return value

    return convert


def _as_is(value: Any) -> Any:
    return value


def _converters(column: sa.Column) -> tuple[Callable[[Any], Any] | None, Callable[[Any], Any]]:
    """(to JSON or None for values JSON takes as they are, from JSON) for one column."""
    column_type = column.type
    impl = _impl(column_type)
    if isinstance(impl, sa.DateTime):
        aware = _is_aware(column_type) or _is_aware(impl)
        return _datetime_out(aware), _datetime_in(aware)
    if isinstance(impl, sa.Date):
        return _iso_out, _date_in
    if isinstance(impl, sa.Time):
        return _iso_out, _time_in
    if isinstance(impl, sa.Enum):
        return _enum_out, _enum_in(tuple(impl.enums))
    if isinstance(impl, sa.Boolean):
        return None, _bool_in
    if isinstance(impl, sa.Integer):
        return None, _int_in
    if isinstance(impl, sa.Float | sa.Numeric):
        return None, _float_in
    if isinstance(impl, sa.String):
        return None, _text_in(impl.length)
    return None, _as_is


def _impl(column_type: Any) -> Any:
    if isinstance(column_type, sa.TypeDecorator):
        impl = column_type.impl
        return impl if isinstance(impl, sa.types.TypeEngine) else impl()
    return column_type


def sqlite_converters(info: TableInfo, dialect: Any) -> list[tuple[int, Callable[[Any], Any]]]:
    """(column index, converter) from the values SQLite stores to the file's values.

    SQLAlchemy stores dates, times and enums on SQLite already as the file writes them, and
    date-times as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC: those are rewritten as text, several
    times faster than parsing them. Anything else goes through the column type.
    """
    found = []
    for index, column in enumerate(info.table.columns):
        impl = _impl(column.type)
        generic = info.to_json.get(column.name)
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        slow = _through(process, generic)
        if isinstance(impl, sa.DateTime):
            suffix = "+00:00" if _is_aware(column.type) or _is_aware(impl) else ""
            found.append((index, _stored_datetime(suffix, slow)))
        elif isinstance(impl, sa.Time):
            found.append((index, _stored_time(slow)))
        elif isinstance(impl, sa.Boolean):
            found.append((index, bool))
        elif isinstance(impl, sa.Date | sa.Enum | sa.Integer | sa.Float | sa.String):
            continue
        elif process is not None or generic is not None:
            found.append((index, slow))
    return found


def _through(process: Any, generic: Any) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        value = process(value) if process is not None else value
        return generic(value) if generic is not None and value is not None else value

    return convert


def _stored_datetime(suffix: str, slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 26 and value[10] == " ":
            clock = value[11:19] if value.endswith(".000000") else value[11:]
            return value[:10] + "T" + clock + suffix
        return slow(value)

    return convert


def _stored_time(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 15 and value[8] == ".":
            return value[:8] if value.endswith(".000000") else value
        return slow(value)

    return convert


def describe(table: sa.Table) -> TableInfo:
    to_json: dict[str, Callable[[Any], Any]] = {}
    from_json: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        out, into = _converters(column)
        if out is not None:
            to_json[column.name] = out
        from_json[column.name] = into
    names = tuple(column.name for column in table.columns)
    return TableInfo(
        table=table,
        name=table.name,
        columns=names,
        primary_key=tuple(column.name for column in table.primary_key.columns),
        tracked="id" in names and "uid" in names,
        links=_links(table),
        pairs=_record_kind_pairs(table),
        unique_keys=_unique_keys(table),
        to_json=to_json,
        from_json=from_json,
    )


@functools.cache
def exported_tables() -> tuple[TableInfo, ...]:
    """Every exported table, each after the tables it refers to (links and record kinds)."""
    from sqlmodel import SQLModel

    from officer_tui.models import register_all

    register_all()
    tables = [table for table in SQLModel.metadata.sorted_tables if table.name not in LOCAL_TABLES]
    infos = {table.name: describe(table) for table in tables}
    rank = {table.name: index for index, table in enumerate(tables)}
    waiting = {name: info.dependencies() & set(infos) for name, info in infos.items()}
    ordered: list[TableInfo] = []
    while waiting:
        ready = sorted((name for name, needs in waiting.items() if not needs), key=rank.__getitem__)
        if not ready:  # a cycle through record kinds: fall back to the foreign keys' order
            ready = [min(waiting, key=rank.__getitem__)]
        for name in ready:
            ordered.append(infos[name])
            del waiting[name]
        for needs in waiting.values():
            needs.difference_update(ready)
    return tuple(ordered)


def table_info(name: str) -> TableInfo | None:
    return next((info for info in exported_tables() if info.name == name), None)
