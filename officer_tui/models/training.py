"""Competence building: programmes (e.g. "KI-Grundlagen"), their target units, sessions, and
enrollments per person.

Coverage of a programme in a unit = distinct people of the unit (and its sub-units) who attended
any of its sessions, against the target headcount (``ProgrammeTarget.headcount``, else the
unit's own headcount).
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import EnrollmentStatus


class TrainingProgramme(Tracked, table=True):
    title: str = Field(max_length=300)
    topic: str = Field(default="", max_length=200)
    description: str = Field(default="")
    goal_percent: int | None = Field(default=None, ge=1, le=100)  # e.g. 80 % of the staff ...
    goal_by: date | None = Field(default=None)  # ... by this date
    search_text: str = Field(default="")


class ProgrammeTarget(SQLModel, table=True):
    """A unit the programme must reach, with the number of people to reach there."""

    programme_id: int = Field(foreign_key="trainingprogramme.id", primary_key=True)
    unit_id: int = Field(foreign_key="orgunit.id", primary_key=True, index=True)
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)  # None: the unit's headcount


class TrainingSession(Tracked, table=True):
    programme_id: int = Field(foreign_key="trainingprogramme.id", index=True)
    held_on: date = Field(index=True)
    start_time: time | None = Field(default=None)
    end_time: time | None = Field(default=None)
    place: str = Field(default="", max_length=300)
    online_url: str = Field(default="", max_length=1000)
    trainer: str = Field(default="", max_length=200)
    capacity: int | None = Field(default=None, ge=0, le=100_000)  # None: no limit
    feedback_score: float | None = Field(default=None, ge=1, le=5)  # average of the session
    feedback_comment: str = Field(default="")


class Enrollment(Tracked, table=True):
    session_id: int = Field(foreign_key="trainingsession.id")
    contact_id: int = Field(foreign_key="contact.id")
    status: EnrollmentStatus = Field(
        default=EnrollmentStatus.REGISTERED, sa_type=enum_type(EnrollmentStatus)
    )
    # Order of the waiting list (and of registration): when the person asked for a seat.
    requested_at: datetime = Field(nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("session_id", "contact_id"),
        sa.Index("ix_enrollment_by_session", "session_id", "status", "requested_at"),
        sa.Index("ix_enrollment_by_contact", "contact_id", "status", "session_id"),
    )
