"""Enumerations of the domain. Pure Python: no SQLAlchemy, no Textual.

Values are stable identifiers stored in the database and used on the command line; labels for
people come from ``officer_tui.labels`` (translated).
"""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    ENTERPRISE = "enterprise"  # Eigenbetrieb, e.g. the culture department with its houses
    DEPARTMENT = "department"  # Fachbereich / Amt
    CITY_OFFICE = "city_office"
    MUSEUM = "museum"
    LIBRARY = "library"
    MUSIC_SCHOOL = "music_school"
    EVENTS = "events"
    HOUSE = "house"  # another cultural house: archive, theatre, adult education ...
    IT_PROVIDER = "it_provider"
    EXTERNAL = "external"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Channel(StrEnum):
    MAIL = "mail"
    PHONE = "phone"
    MEETING = "meeting"
    IN_PERSON = "in_person"
    TICKET = "ticket"


class RequestStatus(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    FORWARDED = "forwarded"
    DONE = "done"
    DECLINED = "declined"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset({RequestStatus.DONE, RequestStatus.DECLINED})
OPEN_STATUSES = frozenset(set(RequestStatus) - CLOSED_STATUSES)

# Which status may follow which. Nothing goes back to "new"; closed requests can be reopened.
STATUS_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.NEW: frozenset(OPEN_STATUSES - {RequestStatus.NEW} | CLOSED_STATUSES),
    RequestStatus.TRIAGED: frozenset(
        {RequestStatus.IN_PROGRESS, RequestStatus.WAITING, RequestStatus.FORWARDED}
        | CLOSED_STATUSES
    ),
    RequestStatus.IN_PROGRESS: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.WAITING, RequestStatus.FORWARDED} | CLOSED_STATUSES
    ),
    RequestStatus.WAITING: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS, RequestStatus.FORWARDED}
        | CLOSED_STATUSES
    ),
    RequestStatus.FORWARDED: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS, RequestStatus.WAITING} | CLOSED_STATUSES
    ),
    RequestStatus.DONE: frozenset({RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS}),
    RequestStatus.DECLINED: frozenset({RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS}),
}


def parse_enum(enum_type: type[StrEnum], text: str) -> StrEnum:
    """Read an enum value as people type it: case-insensitive, ``-`` or space for ``_``."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    return enum_type(key)
