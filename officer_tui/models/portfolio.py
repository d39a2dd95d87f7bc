"""Ideas, strategic goals, projects, their links, and follow-ups (Wiedervorlagen)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import (
    Funding,
    IdeaStatus,
    LinkKind,
    ProjectPhase,
    RecordKind,
    RecurFrom,
    RecurUnit,
    TrafficLight,
)


class StrategicGoal(Tracked, table=True):
    """A guideline or goal of the digital strategy (e.g. "L3 Daten offen bereitstellen")."""

    code: str = Field(max_length=20, unique=True)
    title: str = Field(max_length=300)
    description: str = Field(default="")


class Idea(Tracked, table=True):
    title: str = Field(max_length=300)
    description: str = Field(default="")
    submitter_id: int | None = Field(default=None, foreign_key="contact.id")
    unit_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)
    field_of_action: str | None = Field(default=None, max_length=120, index=True)
    submitted_on: date = Field(index=True)
    status: IdeaStatus = Field(
        default=IdeaStatus.SUBMITTED, index=True, sa_type=enum_type(IdeaStatus)
    )
    status_reason: str = Field(default="")  # required when rejected
    # Assessment, each 1 to 5; None until assessed. Effort counts against the score.
    benefit: int | None = Field(default=None, ge=1, le=5)
    effort: int | None = Field(default=None, ge=1, le=5)
    strategic_fit: int | None = Field(default=None, ge=1, le=5)
    reach: int | None = Field(default=None, ge=1, le=5)
    search_text: str = Field(default="")  # folded title and description, kept by the services

    # A person's ideas by date (timeline, last contact).
    __table_args__ = (sa.Index("ix_idea_by_submitter", "submitter_id", "submitted_on"),)
    # The project an idea became is the one whose ``source_idea_id`` points here (one link,
    # read both ways, so the two tables do not reference each other in a cycle).


class Project(Tracked, table=True):
    title: str = Field(max_length=300)
    description: str = Field(default="")
    owner_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)
    lead_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    field_of_action: str | None = Field(default=None, max_length=120, index=True)
    phase: ProjectPhase = Field(
        default=ProjectPhase.PLANNED, index=True, sa_type=enum_type(ProjectPhase)
    )
    funding: Funding = Field(default=Funding.UNFUNDED, index=True, sa_type=enum_type(Funding))
    funding_amount: int | None = Field(default=None, ge=0)  # in whole euros
    funding_programme: str = Field(default="", max_length=200)
    proof_of_use_due: date | None = Field(default=None, index=True)  # Verwendungsnachweis
    traffic_light: TrafficLight = Field(
        default=TrafficLight.ON_TRACK, index=True, sa_type=enum_type(TrafficLight)
    )
    traffic_note: str = Field(default="")
    start_on: date | None = Field(default=None)
    end_on: date | None = Field(default=None)
    source_idea_id: int | None = Field(default=None, foreign_key="idea.id", index=True)
    search_text: str = Field(default="")


class IdeaGoal(SQLModel, table=True):
    idea_id: int = Field(foreign_key="idea.id", primary_key=True)
    goal_id: int = Field(foreign_key="strategicgoal.id", primary_key=True, index=True)


class ProjectGoal(SQLModel, table=True):
    project_id: int = Field(foreign_key="project.id", primary_key=True)
    goal_id: int = Field(foreign_key="strategicgoal.id", primary_key=True, index=True)


class ProjectLink(Tracked, table=True):
    """``from_project`` synergy / depends on / replicates ``to_project``."""

    from_project_id: int = Field(foreign_key="project.id", index=True)
    to_project_id: int = Field(foreign_key="project.id", index=True)
    kind: LinkKind = Field(sa_type=enum_type(LinkKind))
    note: str = Field(default="")

    __table_args__ = (
        sa.UniqueConstraint("from_project_id", "to_project_id", "kind"),
        sa.CheckConstraint("from_project_id <> to_project_id", name="not_itself"),
    )


class SynergyDismissal(SQLModel, table=True):
    """A suggested pair the user said is no synergy (smaller id first)."""

    project_a_id: int = Field(foreign_key="project.id", primary_key=True)
    project_b_id: int = Field(foreign_key="project.id", primary_key=True)


class FollowUp(Tracked, table=True):
    """A Wiedervorlage: an action with a due date and an owner, on some record (or none)."""

    title: str = Field(max_length=300)
    due_on: date = Field(index=True)
    owner_id: int | None = Field(default=None, foreign_key="contact.id")
    done_on: date | None = Field(default=None, index=True)
    subject_kind: RecordKind | None = Field(default=None, sa_type=enum_type(RecordKind))
    subject_id: int | None = Field(default=None)
    notes: str = Field(default="")
    recur_every: int | None = Field(default=None, ge=1, le=999)
    recur_unit: RecurUnit | None = Field(default=None, sa_type=enum_type(RecurUnit))
    recur_from: RecurFrom | None = Field(default=None, sa_type=enum_type(RecurFrom))

    __table_args__ = (
        sa.Index("ix_followup_subject", "subject_kind", "subject_id"),
        sa.Index("ix_followup_by_owner", "owner_id", "due_on", "done_on"),
    )
