"""Plain descriptions of what the Training pane and the CLI show: programmes, sessions,
enrollments, coverage, and the preview of a participant import.

Pure Python (no SQLAlchemy, no Textual), like ``idea_views``: the UI renders these without
loading the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from officer_tui.models.enums import EnrollmentStatus


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of the programmes list."""

    id: int
    title: str
    topic: str
    goal_percent: int | None
    goal_by: date | None
    sessions: int
    next_session_on: date | None
    target: int | None  # sum of the target headcounts (None: no targets)
    reached: int  # distinct people of the target units who attended
    share: float | None  # reached / target
    on_track: bool | None  # None: no goal set (or nothing to measure against)
    feedback: float | None  # average session feedback score
    version: int = 0


@dataclass(frozen=True)
class TargetView:
    unit_id: int
    unit_name: str
    headcount: int | None  # the effective target: the programme's, else the unit's headcount
    own_headcount: int | None = None  # what the programme itself sets (None: the unit's)


@dataclass(frozen=True)
class SessionRow:
    id: int
    programme_id: int
    programme_title: str
    held_on: date
    start_time: time | None
    end_time: time | None
    place: str
    online_url: str
    trainer: str
    capacity: int | None
    seats_taken: int  # registered + attended
    waitlisted: int
    attended: int
    free_seats: int | None  # None: no limit
    feedback_score: float | None
    feedback_comment: str
    version: int

    @property
    def is_full(self) -> bool:
        return self.free_seats is not None and self.free_seats <= 0


@dataclass(frozen=True)
class EnrollmentRow:
    id: int
    session_id: int
    contact_id: int
    name: str
    unit: str | None
    status: EnrollmentStatus
    requested_at: datetime
    waitlist_position: int | None  # 1, 2, ... for the waiting list; None otherwise
    version: int
    email: str = ""


@dataclass(frozen=True)
class CoverageLine:
    unit_id: int
    unit_name: str
    target: int | None
    reached: int
    share: float | None
    missing_for_goal: int | None  # people still to reach for the goal (None: no goal/target)
    booked: int = 0  # registered in upcoming sessions, not reached yet


@dataclass(frozen=True)
class Forecast:
    on_track: bool | None  # None: no goal or no target
    expected_share: float | None  # share expected by goal_by at the pace so far + booked seats
    booked: int  # distinct people registered in upcoming sessions, not yet reached


@dataclass(frozen=True)
class Coverage:
    programme_id: int
    title: str
    goal_percent: int | None
    goal_by: date | None
    lines: tuple[CoverageLine, ...]
    target: int | None
    reached: int
    share: float | None
    forecast: Forecast


@dataclass(frozen=True)
class CoverageGrid:
    """Units x programmes, counts only (no names)."""

    programmes: tuple[tuple[int, str], ...]
    units: tuple[tuple[int, str, int | None], ...]  # id, name, headcount
    reached: dict[tuple[int, int], int] = field(default_factory=dict)  # (unit, programme) -> n


@dataclass(frozen=True)
class ImportLine:
    line_no: int  # as in the file (the header is line 1)
    name: str
    email: str
    unit: str
    contact_id: int | None  # matched existing contact
    creates_contact: bool  # a new contact will be made
    already_enrolled: bool
    problem: str | None  # translated reason; the line is skipped
    role: str = ""
    unit_id: int | None = None


@dataclass(frozen=True)
class ImportPreview:
    headers: tuple[str, ...]
    mapping: dict[str, int]  # field -> column index
    lines: tuple[ImportLine, ...]

    @property
    def good(self) -> int:
        return sum(1 for line in self.lines if line.problem is None)

    @property
    def bad(self) -> int:
        return sum(1 for line in self.lines if line.problem is not None)

    @property
    def new_contacts(self) -> int:
        return sum(1 for line in self.lines if line.problem is None and line.creates_contact)
