"""Meetings: planning, agenda, attendance, outcomes, closing; and the meetings' timeline feed.

A meeting happens on one day, optionally from a start to an end time (none: all day). Its
agenda items can be about a request, an idea or a project; each item collects outcomes:
information, decisions (the decision register) and actions. An action needs an owner and a
due date and becomes a follow-up on the item's record, or on the meeting when the item is
about nothing in particular.

A closed meeting is read-only: every change to it, its agenda, outcomes or attendance is
refused until it is reopened. Two things still work on a closed meeting because they do not
change what was recorded: making it part of a series, and planning the series' next meeting
(which marks its open items "carried over" as they move on to the next one).

The agenda and outcomes live in ``meeting_agenda``, reads in ``meeting_reads``, exports
(minutes, ICS) in ``meeting_exports``; all are importable from here.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, case, func, literal, select, update
from sqlmodel import Session

from officer_tui.i18n import N_, _, format_date
from officer_tui.models.base import utcnow
from officer_tui.models.enums import AgendaStatus, Attendance, MeetingKind, RecordKind, RecurUnit
from officer_tui.models.meeting import (
    AgendaItem,
    Meeting,
    MeetingLink,
    MeetingParticipant,
    MeetingSeries,
    Outcome,
)
from officer_tui.models.org import OrgUnit
from officer_tui.models.portfolio import FollowUp
from officer_tui.services._common import check_version, clean, get_or_404, scrub, transactional
from officer_tui.services.errors import ValidationError
from officer_tui.services.followups import add_months
from officer_tui.services.meeting_agenda import (
    add_item,
    add_outcome,
    delete_item,
    delete_outcome,
    move_item,
    set_item_status,
    update_item,
    update_outcome,
)
from officer_tui.services.meeting_exports import ics_text, meeting_events, minutes_markdown
from officer_tui.services.meeting_reads import (
    count_meetings,
    decisions,
    get_meeting,
    link_titles,
    list_meetings,
    meeting_detail,
    meetings_for_record,
    ordered_ids,
    ordered_ids_and_upcoming,
    rows_for,
    series_choices,
)
from officer_tui.services.meeting_rules import (
    MAX_PLACE,
    MAX_URL,
    _check_times,
    _contact_ids,
    _record,
    _refresh_outcome_search,
    _refresh_search,
    _rhythm,
    _time,
    _title,
    _writable,
    meeting_search_text,
    outcome_search_text,
)

__all__ = [
    "add_item", "add_meeting", "add_outcome", "add_participant", "close_meeting",
    "count_meetings", "decisions", "delete_item", "delete_meeting", "delete_outcome",
    "get_meeting", "ics_text", "link_titles", "list_meetings", "make_series", "meeting_detail",
    "meeting_events", "meeting_search_text", "meetings_feed", "meetings_for_record",
    "minutes_markdown", "move_item", "ordered_ids", "ordered_ids_and_upcoming",
    "outcome_search_text", "plan_next",
    "remove_participant", "reopen_meeting", "rows_for", "series_choices", "set_attendance",
    "set_item_status", "update_item", "update_meeting", "update_outcome",
]

# How a participant took part, by attendance (message ids; translated when shown).
ATTENDANCE_ROLES = {
    Attendance.INVITED: N_("invited"),
    Attendance.PRESENT: N_("attended"),
    Attendance.EXCUSED: N_("excused"),
    Attendance.ABSENT: N_("absent"),
}


MEETING_FIELDS = (
    "title", "kind", "held_on", "start_time", "end_time", "place", "online_url", "notes",
    "unit_id",
)


def _checked(session: Session, fields: dict) -> dict:
    scrub(fields, model=Meeting)
    if "title" in fields:
        fields["title"] = _title(fields["title"])
    if "kind" in fields:
        try:
            fields["kind"] = MeetingKind(fields["kind"] or MeetingKind.OTHER)
        except ValueError:
            raise ValidationError("kind", _("is not a kind of meeting")) from None
    if "held_on" in fields and not isinstance(fields["held_on"], date):
        raise ValidationError("date", _("a date is required"))
    if "start_time" in fields:
        fields["start_time"] = _time(fields["start_time"], "start")
    if "end_time" in fields:
        fields["end_time"] = _time(fields["end_time"], "end")
    if "place" in fields:
        fields["place"] = clean(fields["place"])
        if len(fields["place"]) > MAX_PLACE:
            raise ValidationError(
                "place", _("is too long (at most {n} characters)").format(n=MAX_PLACE)
            )
    if "online_url" in fields:
        url = clean(fields["online_url"])
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("link", _("must start with http:// or https://"))
        if len(url) > MAX_URL or any(ch.isspace() for ch in url):
            raise ValidationError("link", _("is not a web address"))
        fields["online_url"] = url
    if "notes" in fields:
        fields["notes"] = fields["notes"] or ""
    if fields.get("unit_id") is not None and session.get(OrgUnit, fields["unit_id"]) is None:
        raise ValidationError("unit", _("unknown unit"))
    return fields


# --- meetings -----------------------------------------------------------------------------


def _set_participants(session: Session, meeting_id: int, contact_ids: list[int]) -> None:
    current = {
        row.contact_id: row
        for row in session.execute(
            select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting_id)
        ).scalars()
    }
    for contact_id, row in current.items():
        if contact_id not in contact_ids:
            session.delete(row)
    for contact_id in contact_ids:
        if contact_id not in current:
            session.add(MeetingParticipant(meeting_id=meeting_id, contact_id=contact_id))


def _set_links(session: Session, meeting_id: int, links: list[tuple[RecordKind, int]]) -> None:
    current = {
        (RecordKind(row.record_kind), row.record_id): row
        for row in session.execute(
            select(MeetingLink).where(MeetingLink.meeting_id == meeting_id)
        ).scalars()
    }
    for key, row in current.items():
        if key not in links:
            session.delete(row)
    for kind, record_id in links:
        if (kind, record_id) not in current:
            session.add(MeetingLink(meeting_id=meeting_id, record_kind=kind, record_id=record_id))


def _checked_links(session: Session, links) -> list[tuple[RecordKind, int]]:
    found: list[tuple[RecordKind, int]] = []
    for kind, record_id in links or ():
        pair = _record(session, kind, record_id, "links")
        if pair not in found:
            found.append(pair)
    return found


@transactional
def add_meeting(session: Session, *, data: dict) -> Meeting:
    """Plan a meeting. ``participant_ids`` and ``links`` ((kind, id) of requests, ideas,
    projects) are optional; ``recur_every`` + ``recur_unit`` start a new series with it."""
    fields = {key: data.get(key) for key in MEETING_FIELDS}
    fields["title"] = fields["title"] or ""
    fields["kind"] = fields["kind"] or MeetingKind.OTHER
    fields["place"] = fields["place"] or ""
    fields["online_url"] = fields["online_url"] or ""
    fields = _checked(session, fields)
    _check_times(fields["start_time"], fields["end_time"])
    participants = _contact_ids(session, data.get("participant_ids") or (), "participants")
    links = _checked_links(session, data.get("links"))
    series = None
    if data.get("recur_every") is not None or data.get("recur_unit") is not None:
        every, unit = _rhythm(data.get("recur_every"), data.get("recur_unit"))
        series = MeetingSeries(title=fields["title"], kind=fields["kind"], recur_every=every,
                               recur_unit=unit)
        session.add(series)
        session.flush()
    meeting = Meeting(**fields, series_id=series.id if series else None)
    meeting.search_text = meeting_search_text(meeting.title, meeting.place, meeting.notes, ())
    session.add(meeting)
    session.flush()
    _set_participants(session, meeting.id, participants)
    _set_links(session, meeting.id, links)
    session.flush()
    return meeting


@transactional
def update_meeting(
    session: Session, *, meeting_id: int, changes: dict, expected_version: int | None = None
) -> Meeting:
    """Change a meeting. ``participant_ids`` and ``links`` replace the sets (people who stay
    keep their attendance); ``recur_every`` + ``recur_unit`` set the series' rhythm."""
    meeting = _writable(session, meeting_id)
    check_version(meeting, expected_version, "meeting")
    fields = _checked(session, {key: changes[key] for key in MEETING_FIELDS if key in changes})
    for key in ("title", "kind", "held_on"):
        if key in fields and fields[key] is None:
            del fields[key]
    _check_times(
        fields.get("start_time", meeting.start_time), fields.get("end_time", meeting.end_time)
    )
    if "participant_ids" in changes:
        people = _contact_ids(session, changes["participant_ids"] or (), "participants")
        _set_participants(session, meeting.id, people)
    if "links" in changes:
        _set_links(session, meeting.id, _checked_links(session, changes["links"]))
    if changes.get("recur_every") is not None or changes.get("recur_unit") is not None:
        _series_for(session, meeting, changes.get("recur_every"), changes.get("recur_unit"))
    title_changed = "title" in fields and fields["title"] != meeting.title
    for key, value in fields.items():
        setattr(meeting, key, value)
    _refresh_search(session, meeting)
    if title_changed:
        _refresh_outcome_search(session, meeting)
    session.add(meeting)
    session.flush()
    return meeting


@transactional
def delete_meeting(session: Session, *, meeting_id: int) -> None:
    """Delete an open meeting with its agenda, outcomes, participants and links.

    Follow-ups made from its actions stay (they are work to do). Follow-ups on the meeting
    itself stay too, without a subject, and say in their notes where they came from. Items
    it had carried over from an earlier meeting are open there again.
    """
    meeting = _writable(session, meeting_id)
    item_ids = list(
        session.execute(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).scalars()
    )
    origins = list(
        session.execute(
            select(AgendaItem.carried_from_id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.carried_from_id.is_not(None)
            )
        ).scalars()
    )
    if origins:
        session.execute(
            update(AgendaItem)
            .where(AgendaItem.id.in_(origins), AgendaItem.status == AgendaStatus.CARRIED.value)
            .values(status=AgendaStatus.OPEN.value, version=AgendaItem.version + 1)
        )
    if item_ids:
        session.execute(
            update(AgendaItem)
            .where(AgendaItem.carried_from_id.in_(item_ids),
                   AgendaItem.meeting_id != meeting_id)
            .values(carried_from_id=None)
        )
    note = _("From the deleted meeting “{title}” of {date}.").format(
        title=meeting.title, date=format_date(meeting.held_on)
    )
    for followup in session.execute(
        select(FollowUp).where(
            FollowUp.subject_kind == RecordKind.MEETING.value, FollowUp.subject_id == meeting_id
        )
    ).scalars():
        followup.subject_kind = None
        followup.subject_id = None
        followup.notes = f"{followup.notes}\n\n{note}".strip()
        session.add(followup)
    for model, column in (
        (Outcome, Outcome.meeting_id),
        (AgendaItem, AgendaItem.meeting_id),
        (MeetingParticipant, MeetingParticipant.meeting_id),
        (MeetingLink, MeetingLink.meeting_id),
    ):
        for row in session.execute(select(model).where(column == meeting_id)).scalars():
            session.delete(row)
        session.flush()
    series_id = meeting.series_id
    session.delete(meeting)
    session.flush()
    if series_id is not None:
        left = session.execute(
            select(func.count()).select_from(Meeting).where(Meeting.series_id == series_id)
        ).scalar_one()
        if not left:
            session.delete(session.get(MeetingSeries, series_id))
            session.flush()


@transactional
def close_meeting(session: Session, *, meeting_id: int) -> Meeting:
    """Close the meeting: from now on it is read-only (reopen to change it)."""
    meeting = get_or_404(session, Meeting, meeting_id, "meeting")
    if meeting.closed_at is not None:
        raise ValidationError("meeting", _("is already closed"))
    meeting.closed_at = utcnow()
    session.add(meeting)
    session.flush()
    return meeting


@transactional
def reopen_meeting(session: Session, *, meeting_id: int) -> Meeting:
    meeting = get_or_404(session, Meeting, meeting_id, "meeting")
    if meeting.closed_at is None:
        raise ValidationError("meeting", _("is not closed"))
    meeting.closed_at = None
    session.add(meeting)
    session.flush()
    return meeting


# --- participants and attendance ----------------------------------------------------------


def _participant(session: Session, meeting_id: int, contact_id: int) -> MeetingParticipant | None:
    return session.get(MeetingParticipant, (meeting_id, contact_id))


@transactional
def add_participant(session: Session, *, meeting_id: int, contact_id: int) -> MeetingParticipant:
    """Invite someone (nothing changes when they are invited already)."""
    _writable(session, meeting_id)
    _contact_ids(session, [contact_id], "participant")
    row = _participant(session, meeting_id, contact_id)
    if row is None:
        row = MeetingParticipant(meeting_id=meeting_id, contact_id=contact_id)
        session.add(row)
        session.flush()
    return row


@transactional
def remove_participant(session: Session, *, meeting_id: int, contact_id: int) -> None:
    _writable(session, meeting_id)
    row = _participant(session, meeting_id, contact_id)
    if row is None:
        raise ValidationError("participant", _("is not a participant of this meeting"))
    session.delete(row)
    session.flush()


@transactional
def set_attendance(
    session: Session, *, meeting_id: int, contact_id: int, attendance: Attendance
) -> MeetingParticipant:
    """Mark how someone took part. Someone not invited who came is added."""
    _writable(session, meeting_id)
    try:
        attendance = Attendance(attendance)
    except ValueError:
        raise ValidationError("status", _("must be present, excused or absent")) from None
    row = _participant(session, meeting_id, contact_id)
    if row is None:
        _contact_ids(session, [contact_id], "participant")
        row = MeetingParticipant(meeting_id=meeting_id, contact_id=contact_id)
    row.attendance = attendance
    session.add(row)
    session.flush()
    return row


# --- series -------------------------------------------------------------------------------


def _series_for(session: Session, meeting: Meeting, every, unit) -> MeetingSeries:
    every, unit = _rhythm(every, unit)
    series = session.get(MeetingSeries, meeting.series_id) if meeting.series_id else None
    if series is None:
        series = MeetingSeries(title=meeting.title, kind=meeting.kind)
    series.recur_every, series.recur_unit = every, unit
    session.add(series)
    session.flush()
    if meeting.series_id != series.id:
        meeting.series_id = series.id
        session.add(meeting)
        session.flush()
    return series


@transactional
def make_series(session: Session, *, meeting_id: int, every: int, unit: RecurUnit) -> MeetingSeries:
    """Make the meeting recurring (every N days, weeks or months), or change its series'
    rhythm. Allowed on a closed meeting: it changes the series, not what was recorded."""
    meeting = get_or_404(session, Meeting, meeting_id, "meeting")
    return _series_for(session, meeting, every, unit)


def next_date(day: date, every: int, unit: RecurUnit) -> date:
    unit = RecurUnit(unit)
    if unit == RecurUnit.DAYS:
        return day + timedelta(days=every)
    if unit == RecurUnit.WEEKS:
        return day + timedelta(weeks=every)
    return add_months(day, every)


@transactional
def plan_next(session: Session, *, meeting_id: int, held_on: date | None = None) -> Meeting:
    """The series' next meeting, by the series' rhythm after its latest meeting (or on
    ``held_on``). Copies title, kind, times, place, link, host, participants (attendance not
    marked yet) and links; this meeting's open items move on to it (here they become
    "carried over"; outcomes stay here). Works on a closed meeting too."""
    meeting = get_or_404(session, Meeting, meeting_id, "meeting")
    series = session.get(MeetingSeries, meeting.series_id) if meeting.series_id else None
    if series is None:
        raise ValidationError("every", _("the meeting is not part of a series; make it recurring first"))
    if held_on is None:
        latest = session.execute(
            select(func.max(Meeting.held_on)).where(Meeting.series_id == series.id)
        ).scalar_one()
        held_on = next_date(latest, series.recur_every, RecurUnit(series.recur_unit))
    elif not isinstance(held_on, date):
        raise ValidationError("date", _("a date is required"))
    following = Meeting(
        title=meeting.title, kind=meeting.kind, held_on=held_on, start_time=meeting.start_time,
        end_time=meeting.end_time, place=meeting.place, online_url=meeting.online_url,
        unit_id=meeting.unit_id, series_id=series.id,
    )
    session.add(following)
    session.flush()
    people = session.execute(
        select(MeetingParticipant.contact_id).where(MeetingParticipant.meeting_id == meeting.id)
    ).scalars()
    for contact_id in list(people):
        session.add(MeetingParticipant(meeting_id=following.id, contact_id=contact_id))
    for link in list(
        session.execute(select(MeetingLink).where(MeetingLink.meeting_id == meeting.id)).scalars()
    ):
        session.add(MeetingLink(meeting_id=following.id, record_kind=link.record_kind,
                                record_id=link.record_id))
    open_items = list(
        session.execute(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id,
                   AgendaItem.status == AgendaStatus.OPEN.value)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).scalars()
    )
    for number, item in enumerate(open_items, start=1):
        session.add(AgendaItem(
            meeting_id=following.id, position=number, title=item.title,
            presenter_id=item.presenter_id, minutes=item.minutes, notes=item.notes,
            subject_kind=item.subject_kind, subject_id=item.subject_id,
            carried_from_id=item.id,
        ))
        item.status = AgendaStatus.CARRIED
        session.add(item)
    session.flush()
    _refresh_search(session, following)
    session.flush()
    return following


# --- timeline -----------------------------------------------------------------------------


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
