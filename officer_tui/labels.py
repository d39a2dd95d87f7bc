"""People's words for the domain's enum values (marked for translation, translated when shown)."""

from __future__ import annotations

from officer_tui.i18n import N_, _
from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    Channel,
    EnrollmentStatus,
    MeetingKind,
    OutcomeKind,
    Priority,
    RequestStatus,
    UnitKind,
)

STATUS_LABELS = {
    RequestStatus.NEW: N_("new"),
    RequestStatus.TRIAGED: N_("triaged"),
    RequestStatus.IN_PROGRESS: N_("in progress"),
    RequestStatus.WAITING: N_("waiting"),
    RequestStatus.FORWARDED: N_("forwarded"),
    RequestStatus.DONE: N_("done"),
    RequestStatus.DECLINED: N_("declined"),
}

PRIORITY_LABELS = {
    Priority.LOW: N_("low"),
    Priority.NORMAL: N_("normal"),
    Priority.HIGH: N_("high"),
    Priority.URGENT: N_("urgent"),
}

# Shown beside the label so that priority reads without colour too (the same marks in every
# pane, the CLI and the reports; ui/formatting.py lists all marks).
PRIORITY_SYMBOLS = {
    Priority.LOW: "▽",
    Priority.NORMAL: "–",
    Priority.HIGH: "▲",
    Priority.URGENT: "▲▲",
}

CHANNEL_LABELS = {
    Channel.MAIL: N_("mail"),
    Channel.PHONE: N_("phone"),
    Channel.MEETING: N_("meeting"),
    Channel.IN_PERSON: N_("in person"),
    Channel.TICKET: N_("ticket"),
}

UNIT_KIND_LABELS = {
    UnitKind.ENTERPRISE: N_("municipal enterprise"),
    UnitKind.DEPARTMENT: N_("department"),
    UnitKind.CITY_OFFICE: N_("city office"),
    UnitKind.MUSEUM: N_("museum"),
    UnitKind.LIBRARY: N_("library"),
    UnitKind.MUSIC_SCHOOL: N_("music school"),
    UnitKind.EVENTS: N_("events"),
    UnitKind.HOUSE: N_("cultural house"),
    UnitKind.IT_PROVIDER: N_("IT provider"),
    UnitKind.EXTERNAL: N_("external partner"),
}


MEETING_KIND_LABELS = {
    MeetingKind.JOUR_FIXE: N_("jour fixe"),
    MeetingKind.STEERING_GROUP: N_("steering group"),
    MeetingKind.WORKSHOP: N_("workshop"),
    MeetingKind.NETWORK: N_("network meeting"),
    MeetingKind.OTHER: N_("other meeting"),
}

ATTENDANCE_LABELS = {
    Attendance.INVITED: N_("not marked"),
    Attendance.PRESENT: N_("present"),
    Attendance.EXCUSED: N_("excused"),
    Attendance.ABSENT: N_("absent"),
}

# Attendance reads without colour too.
ATTENDANCE_SYMBOLS = {
    Attendance.INVITED: "·",
    Attendance.PRESENT: "✓",
    Attendance.EXCUSED: "e",
    Attendance.ABSENT: "✗",
}

AGENDA_STATUS_LABELS = {
    AgendaStatus.OPEN: N_("open"),
    AgendaStatus.DONE: N_("dealt with"),
    AgendaStatus.CARRIED: N_("carried over"),
}

OUTCOME_KIND_LABELS = {
    OutcomeKind.INFORMATION: N_("information"),
    OutcomeKind.DECISION: N_("decision"),
    OutcomeKind.ACTION: N_("action"),
}

OUTCOME_SYMBOLS = {
    OutcomeKind.INFORMATION: "i",
    OutcomeKind.DECISION: "◆",
    OutcomeKind.ACTION: "→",
}

ENROLLMENT_STATUS_LABELS = {
    EnrollmentStatus.INVITED: N_("invited"),
    EnrollmentStatus.REGISTERED: N_("registered"),
    EnrollmentStatus.WAITLISTED: N_("waiting list"),
    EnrollmentStatus.ATTENDED: N_("attended"),
    EnrollmentStatus.EXCUSED: N_("excused"),
    EnrollmentStatus.NO_SHOW: N_("no-show"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
}

ENROLLMENT_SYMBOLS = {
    EnrollmentStatus.INVITED: "?",
    EnrollmentStatus.REGISTERED: "·",
    EnrollmentStatus.WAITLISTED: "…",
    EnrollmentStatus.ATTENDED: "✓",
    EnrollmentStatus.EXCUSED: "e",
    EnrollmentStatus.NO_SHOW: "✗",
    EnrollmentStatus.CANCELLED: "–",
}


def meeting_kind_label(kind: MeetingKind) -> str:
    return _(MEETING_KIND_LABELS[MeetingKind(kind)])


def attendance_label(value: Attendance) -> str:
    return _(ATTENDANCE_LABELS[Attendance(value)])


def agenda_status_label(value: AgendaStatus) -> str:
    return _(AGENDA_STATUS_LABELS[AgendaStatus(value)])


def outcome_kind_label(value: OutcomeKind) -> str:
    return _(OUTCOME_KIND_LABELS[OutcomeKind(value)])


def enrollment_status_label(value: EnrollmentStatus) -> str:
    return _(ENROLLMENT_STATUS_LABELS[EnrollmentStatus(value)])


def status_label(status: RequestStatus) -> str:
    return _(STATUS_LABELS[RequestStatus(status)])


def priority_label(priority: Priority) -> str:
    return _(PRIORITY_LABELS[Priority(priority)])


def channel_label(channel: Channel) -> str:
    return _(CHANNEL_LABELS[Channel(channel)])


def unit_kind_label(kind: UnitKind) -> str:
    return _(UNIT_KIND_LABELS[UnitKind(kind)])


FIELD_LABELS = {
    "title": N_("Title"),
    "unit": N_("Unit"),
    "unit_id": N_("Unit"),
    "requester": N_("Requester"),
    "requester_id": N_("Requester"),
    "channel": N_("Channel"),
    "received": N_("Received"),
    "received_on": N_("Received"),
    "due": N_("Due"),
    "due_on": N_("Due"),
    "category": N_("Category"),
    "priority": N_("Priority"),
    "status": N_("Status"),
    "resolution": N_("Resolution"),
    "forward_to": N_("Forward to"),
    "ticket": N_("Ticket"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "parent": N_("Parent unit"),
    "parent_id": N_("Parent unit"),
    "headcount": N_("Headcount"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "role": N_("Role"),
    "description": N_("Description"),
    # meetings and training
    "date": N_("Date"),
    "held_on": N_("Date"),
    "start": N_("Start"),
    "end": N_("End"),
    "place": N_("Place"),
    "link": N_("Online link"),
    "participants": N_("Participants"),
    "participant": N_("Participant"),
    "presenter": N_("Presenter"),
    "minutes": N_("Planned time"),
    "owner": N_("Owner"),
    "text": N_("Text"),
    "meeting": N_("Meeting"),
    "item": N_("Agenda item"),
    "subject": N_("Linked record"),
    "links": N_("Linked records"),
    "every": N_("Every"),
    "capacity": N_("Capacity"),
    "programme": N_("Programme"),
    "session": N_("Session"),
    "trainer": N_("Trainer"),
    "topic": N_("Topic"),
    "goal": N_("Goal"),
    "goal_by": N_("Goal date"),
    "targets": N_("Target units"),
    "score": N_("Feedback score"),
    "comment": N_("Feedback comment"),
    "contact": N_("Contact"),
    "enrollment": N_("Enrollment"),
    "file": N_("File"),
    "column": N_("Column"),
    # columns as the change history names them
    "closed_on": N_("Closed"),
    "forwarded_to_id": N_("Forward to"),
    "ticket_ref": N_("Ticket"),
    "short_name": N_("Short name"),
    "notes": N_("Notes"),
    "submitter_id": N_("Submitter"),
    "lead_id": N_("Lead"),
    "owner_id": N_("Owner"),
    "field_of_action": N_("Field of action"),
    "phase": N_("Phase"),
    "funding": N_("Funding"),
    "traffic_light": N_("Traffic light"),
    "done_on": N_("Done"),
    "subject_kind": N_("Linked record"),
    "subject_id": N_("Linked record"),
    "contact_id": N_("Contact"),
    "meeting_id": N_("Meeting"),
    "project_id": N_("Project"),
    "idea_id": N_("Idea"),
    "goal_id": N_("Goal"),
    "programme_id": N_("Programme"),
    "session_id": N_("Session"),
    "attendance": N_("Attendance"),
    "status_reason": N_("Reason"),
}


def field_label(field: str) -> str:
    label = FIELD_LABELS.get(field)
    return _(label) if label else field
