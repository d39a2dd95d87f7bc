"""Meetings: series, participants, agenda items, outcomes (information, decision, action).

A meeting happens on one day (``held_on``) from ``start_time`` to ``end_time`` (both local wall
clock; none for an all-day meeting). A recurring meeting such as a weekly jour fixe belongs to a
``MeetingSeries``; open agenda items of one meeting carry over to the series' next one.
An action outcome becomes a ``FollowUp`` (``followup_id``) on the item's linked record, or on the
meeting when the item links none.
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)


class MeetingSeries(Tracked, table=True):
    """A recurring meeting (e.g. "Jour fixe IT-Dienstleister", every 2 weeks)."""

    title: str = Field(max_length=300)
    kind: MeetingKind = Field(default=MeetingKind.JOUR_FIXE, sa_type=enum_type(MeetingKind))
    recur_every: int = Field(default=1, ge=1, le=999)
    recur_unit: RecurUnit = Field(default=RecurUnit.WEEKS, sa_type=enum_type(RecurUnit))


class Meeting(Tracked, table=True):
    title: str = Field(max_length=300)
    kind: MeetingKind = Field(default=MeetingKind.OTHER, index=True, sa_type=enum_type(MeetingKind))
    held_on: date = Field(index=True)
    start_time: time | None = Field(default=None)
    end_time: time | None = Field(default=None)
    place: str = Field(default="", max_length=300)
    online_url: str = Field(default="", max_length=1000)
    notes: str = Field(default="")  # general notes (Markdown)
    series_id: int | None = Field(default=None, foreign_key="meetingseries.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)  # host
    closed_at: datetime | None = Field(default=None)  # closed meetings are read-only
    search_text: str = Field(default="")  # folded title, place, notes; kept by the services

    # The list's order (day, then time) straight from an index, without reading the rows.
    __table_args__ = (sa.Index("ix_meeting_by_day", "held_on", "start_time", "id"),)


class MeetingParticipant(SQLModel, table=True):
    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    attendance: Attendance = Field(default=Attendance.INVITED, sa_type=enum_type(Attendance))

    # A person's meetings (timeline, last contact).
    __table_args__ = (sa.Index("ix_meetingparticipant_by_contact", "contact_id", "meeting_id"),)


class MeetingLink(SQLModel, table=True):
    """A record the meeting is about as a whole (a project, a request, an idea)."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    record_kind: RecordKind = Field(primary_key=True, sa_type=enum_type(RecordKind))
    record_id: int = Field(primary_key=True)

    __table_args__ = (sa.Index("ix_meetinglink_by_record", "record_kind", "record_id"),)


class AgendaItem(Tracked, table=True):
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int = Field(default=0)
    title: str = Field(max_length=300)
    presenter_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    minutes: int | None = Field(default=None, ge=0, le=1440)  # time planned for the item
    notes: str = Field(default="")  # Markdown
    status: AgendaStatus = Field(default=AgendaStatus.OPEN, sa_type=enum_type(AgendaStatus))
    subject_kind: RecordKind | None = Field(default=None, sa_type=enum_type(RecordKind))
    subject_id: int | None = Field(default=None)
    # The item of an earlier meeting of the series this one was carried over from.
    carried_from_id: int | None = Field(default=None, foreign_key="agendaitem.id")

    __table_args__ = (sa.Index("ix_agendaitem_subject", "subject_kind", "subject_id"),)


class Outcome(Tracked, table=True):
    """What came out of an agenda item: information, a decision, or an action (a follow-up)."""

    item_id: int = Field(foreign_key="agendaitem.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)  # the register lists by meeting
    kind: OutcomeKind = Field(index=True, sa_type=enum_type(OutcomeKind))
    text: str
    followup_id: int | None = Field(default=None, foreign_key="followup.id", index=True)
    search_text: str = Field(default="")
