"""Plain descriptions of what the Meetings pane shows and how its list is filtered.

Pure Python (no SQLAlchemy, no Textual), like ``services.idea_views``: the UI builds filters
and renders rows and details without loading the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)


class MeetingWhen(StrEnum):
    UPCOMING = "upcoming"  # today and later
    PAST = "past"  # before today
    ALL = "all"


@dataclass
class MeetingFilter:
    """What the Meetings list shows. The default shows every meeting."""

    text: str = ""  # folded; matches title, place, notes and agenda item titles
    when: MeetingWhen = MeetingWhen.ALL
    kind: MeetingKind | None = None
    unit_id: int | None = None  # the host unit
    contact_id: int | None = None  # a participant
    series_id: int | None = None
    open_only: bool = False  # not closed

    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and MeetingWhen(self.when) == MeetingWhen.ALL
            and self.kind is None
            and self.unit_id is None
            and self.contact_id is None
            and self.series_id is None
            and not self.open_only
        )


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meetings list."""

    id: int
    title: str
    kind: MeetingKind
    held_on: date
    start_time: time | None
    end_time: time | None
    place: str
    online: bool
    participants: int
    items: int
    decisions: int
    open_actions: int  # actions whose follow-up is not done yet
    closed: bool
    series_title: str | None

    @property
    def duration_minutes(self) -> int | None:
        return duration_minutes(self.start_time, self.end_time)


@dataclass(frozen=True)
class LinkView:
    """A record a meeting or an agenda item is about."""

    kind: RecordKind
    record_id: int
    title: str


@dataclass(frozen=True)
class ParticipantView:
    contact_id: int
    name: str
    unit: str | None
    attendance: Attendance


@dataclass(frozen=True)
class OutcomeView:
    id: int
    kind: OutcomeKind
    text: str
    followup_id: int | None  # an action's follow-up
    owner_id: int | None
    owner_name: str | None
    due_on: date | None
    done_on: date | None
    version: int


@dataclass(frozen=True)
class ItemView:
    """One agenda item with its outcomes."""

    id: int
    position: int
    title: str
    presenter_id: int | None
    presenter_name: str | None
    minutes: int | None
    notes: str  # Markdown
    status: AgendaStatus
    subject: LinkView | None
    carried_from: tuple[int, date] | None  # (meeting id, its date) the item came from
    outcomes: tuple[OutcomeView, ...]
    version: int


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    title: str
    kind: MeetingKind
    held_on: date
    start_time: time | None
    end_time: time | None
    place: str
    online_url: str
    notes: str  # Markdown
    unit_id: int | None
    unit_name: str | None
    series_id: int | None
    series_title: str | None
    series_every: tuple[int, RecurUnit] | None
    previous_id: int | None  # neighbours in the series
    next_id: int | None
    closed_at: datetime | None
    version: int
    participants: tuple[ParticipantView, ...]
    links: tuple[LinkView, ...]
    items: tuple[ItemView, ...]

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def duration_minutes(self) -> int | None:
        return duration_minutes(self.start_time, self.end_time)

    @property
    def planned_minutes(self) -> int:
        """The agenda's planned time (items without minutes count 0)."""
        return sum(item.minutes or 0 for item in self.items)


@dataclass(frozen=True)
class DecisionRow:
    """One entry of the decision register."""

    id: int  # the outcome's id
    held_on: date
    meeting_id: int
    meeting_title: str
    item_title: str
    text: str
    subject: LinkView | None  # the agenda item's linked record
    meeting_links: tuple[LinkView, ...]


def duration_minutes(start: time | None, end: time | None) -> int | None:
    """Minutes from ``start`` to ``end`` on one day; None when either is missing."""
    if start is None or end is None:
        return None
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
