"""Plain descriptions of what the Ideas and follow-up lists show and how they are filtered.

Pure Python (no SQLAlchemy), like ``officer_tui.models.views``: the UI builds filters and
renders rows without loading the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from officer_tui.models.enums import IdeaStatus, RecordKind

CRITERIA = ("benefit", "effort", "strategic_fit", "reach")
DEFAULT_WEIGHTS = {"benefit": 3, "effort": 2, "strategic_fit": 3, "reach": 2}
OPEN_IDEA_STATUSES = frozenset(
    {IdeaStatus.SUBMITTED, IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.PARKED}
)


class IdeaSort(StrEnum):
    SCORE = "score"  # best score first, unassessed last
    SUBMITTED = "submitted"  # newest first


@dataclass(frozen=True)
class IdeaFilter:
    """What the Ideas list shows. The default hides rejected and converted ideas."""

    text: str = ""
    statuses: frozenset[IdeaStatus] | None = OPEN_IDEA_STATUSES  # None: every status
    field_of_action: str | None = None
    unit_id: int | None = None  # includes the units below it
    goal_id: int | None = None
    unassessed: bool = False
    changed_by: str | None = None  # created or changed by this person (the history's user)

    @property
    def is_default(self) -> bool:
        return self == IdeaFilter()


@dataclass(frozen=True)
class IdeaRow:
    """One line of the Ideas list."""

    id: int
    title: str
    status: IdeaStatus
    field_of_action: str | None
    unit_name: str | None
    submitter_name: str | None
    submitted_on: date
    score: int | None
    version: int


@dataclass(frozen=True)
class SimilarItem:
    """An existing idea or project whose words overlap a title being typed."""

    kind: RecordKind  # IDEA or PROJECT
    id: int
    title: str
    status: str  # IdeaStatus or ProjectPhase value
    overlap: int


class FollowUpState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    ALL = "all"


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    title: str
    due_on: date
    done_on: date | None
    owner_id: int | None
    owner_name: str | None
    subject_kind: RecordKind | None
    subject_id: int | None
    subject_title: str | None
    recurrence: tuple[int, str, str] | None  # (every, unit value, from value)
    overdue: bool
    version: int
