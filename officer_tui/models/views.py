"""Plain, light descriptions of what lists show and how they are filtered.

Pure Python (no SQLAlchemy): the UI builds filters and renders rows without loading the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from officer_tui.models.enums import OPEN_STATUSES, Priority, RequestStatus, UnitKind


class RequestSort(StrEnum):
    URGENCY = "urgency"  # most urgent first
    RECEIVED = "received"  # newest first
    DUE = "due"  # soonest due first, requests without due date last


@dataclass(frozen=True)
class RequestFilter:
    """What the Requests list shows. The default hides done and declined requests."""

    text: str = ""
    statuses: frozenset[RequestStatus] | None = OPEN_STATUSES  # None: every status
    priority: Priority | None = None
    unit_id: int | None = None  # includes the units below it
    category: str | None = None
    overdue: bool = False
    waiting_days: int | None = None  # open and received more than N days ago
    changed_by: str | None = None  # created or changed by this person (the history's user)

    @property
    def is_default(self) -> bool:
        return self == RequestFilter()


@dataclass(frozen=True)
class RequestRow:
    """One line of the Requests list."""

    id: int
    title: str
    status: RequestStatus
    priority: Priority
    unit_name: str
    category: str | None
    received_on: date
    due_on: date | None
    age_days: int
    urgency: int
    requester_name: str | None
    ticket_ref: str | None
    version: int
    overdue: bool


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    short_name: str | None
    kind: UnitKind
    parent_id: int | None
    parent_name: str | None
    headcount: int | None
    contacts: int
    version: int
    depth: int = 0


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    unit_id: int | None
    unit_name: str | None
    role: str
    email: str
    phone: str
    version: int
