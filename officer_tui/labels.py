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

# Shown beside the label so that priority reads without colour too.
PRIORITY_SYMBOLS = {
    Priority.LOW: "▁",
    Priority.NORMAL: "▃",
    Priority.HIGH: "▅",
    Priority.URGENT: "█",
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
