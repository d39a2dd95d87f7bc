"""Meetings: planning, agenda, attendance, outcomes, closing; and the meetings' timeline feed."""

from __future__ import annotations

from sqlalchemy import Select, case, literal, select

from officer_tui.i18n import N_
from officer_tui.models.enums import Attendance, RecordKind
from officer_tui.models.meeting import Meeting, MeetingParticipant

# How a participant took part, by attendance (message ids; translated when shown).
ATTENDANCE_ROLES = {
    Attendance.INVITED: N_("invited"),
    Attendance.PRESENT: N_("attended"),
    Attendance.EXCUSED: N_("excused"),
    Attendance.ABSENT: N_("absent"),
}


def meetings_feed(*, contact_only: bool = False) -> Select:
    """Meetings a person was part of, on the meeting's day (for services.timeline).

    ``contact_only`` leaves out meetings the person was excused from or missed.
    """
    role = case(
        *((MeetingParticipant.attendance == value.value, literal(text))
          for value, text in ATTENDANCE_ROLES.items()),
        else_=literal(ATTENDANCE_ROLES[Attendance.INVITED]),
    )
    statement = select(
        MeetingParticipant.contact_id.label("contact_id"),
        Meeting.held_on.label("happened_on"),
        literal(RecordKind.MEETING.value).label("kind"),
        Meeting.id.label("record_id"),
        Meeting.title.label("title"),
        role.label("role"),
    ).join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
    if contact_only:
        statement = statement.where(
            MeetingParticipant.attendance.in_(
                [Attendance.INVITED.value, Attendance.PRESENT.value]
            )
        )
    return statement
