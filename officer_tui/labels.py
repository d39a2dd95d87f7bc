"""People's words for the domain's enum values (marked for translation, translated when shown)."""

from __future__ import annotations

from officer_tui.i18n import N_, _
from officer_tui.models.enums import Channel, Priority, RequestStatus, UnitKind

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


def status_label(status: RequestStatus) -> str:
    return _(STATUS_LABELS[RequestStatus(status)])


def priority_label(priority: Priority) -> str:
    return _(PRIORITY_LABELS[Priority(priority)])


def channel_label(channel: Channel) -> str:
    return _(CHANNEL_LABELS[Channel(channel)])


def unit_kind_label(kind: UnitKind) -> str:
    return _(UNIT_KIND_LABELS[UnitKind(kind)])
