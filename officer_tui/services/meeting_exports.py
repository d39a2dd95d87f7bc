"""Meetings leave the app as Markdown minutes and as iCalendar events.

Importable from ``services.meetings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from officer_tui.i18n import _, format_date, pgettext
from officer_tui.labels import (
    agenda_status_label,
    attendance_label,
    meeting_kind_label,
    outcome_kind_label,
)
from officer_tui.models.enums import AgendaStatus, Attendance, OutcomeKind, RecordKind
from officer_tui.models.meeting import AgendaItem, Meeting
from officer_tui.models.org import Contact
from officer_tui.services import ics
from officer_tui.services.meeting_reads import meeting_detail, shown_name
from officer_tui.services.meeting_views import LinkView, MeetingDetail


def when_text(detail: MeetingDetail) -> str:
    """``2026-03-02, 10:00–11:00`` (or the date alone for an all-day meeting)."""
    text = format_date(detail.held_on)
    if detail.start_time is not None:
        text += f", {detail.start_time:%H:%M}"
        if detail.end_time is not None:
            text += f"–{detail.end_time:%H:%M}"
    return text


def link_text(link: LinkView) -> str:
    """``request #12 “Title”``, translated."""
    names = {
        RecordKind.REQUEST: _("request"),
        RecordKind.IDEA: _("idea"),
        RecordKind.PROJECT: _("project"),
    }
    return _("{kind} #{id} “{title}”").format(
        kind=names.get(link.kind, link.kind.value), id=link.record_id, title=link.title
    )


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def minutes_markdown(session: Session, *, meeting_id: int) -> str:
    """The meeting's minutes (Protokoll) as Markdown: when and where, attendance, notes,
    the agenda with outcomes, then the decisions and the actions with owner and due date."""
    detail = meeting_detail(session, meeting_id)
    lines = [f"# {detail.title}", ""]
    facts = [
        (_("Date"), when_text(detail)),
        (_("Kind"), meeting_kind_label(detail.kind)),
    ]
    if detail.duration_minutes:
        facts.append((_("Duration"), _("{n} min").format(n=detail.duration_minutes)))
    if detail.place:
        facts.append((_("Place"), detail.place))
    if detail.online_url:
        facts.append((_("Online"), detail.online_url))
    if detail.unit_name:
        facts.append((_("Host"), detail.unit_name))
    if detail.series_title:
        facts.append((_("Series"), detail.series_title))
    if detail.links:
        facts.append((_("About"), "; ".join(link_text(link) for link in detail.links)))
    facts.append((_("Status"), _("closed") if detail.closed else _("open")))
    lines += [f"- **{label}:** {value}" for label, value in facts]

    lines += ["", "## " + _("Attendance"), ""]
    if not detail.participants:
        lines.append(_("No participants recorded."))
    for attendance in (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT,
                       Attendance.INVITED):
        people = [p for p in detail.participants if p.attendance == attendance]
        if people:
            names = ", ".join(p.name + (f" ({p.unit})" if p.unit else "") for p in people)
            lines.append(f"- **{attendance_label(attendance)}:** {names}")

    if detail.notes.strip():
        lines += ["", "## " + _("Notes"), "", detail.notes.strip()]

    lines += ["", "## " + _("Agenda"), ""]
    if not detail.items:
        lines.append(_("No agenda items."))
    for number, item in enumerate(detail.items, start=1):
        extras = [e for e in (
            item.presenter_name,
            _("{n} min").format(n=item.minutes) if item.minutes else None,
        ) if e]
        heading = f"### {number}. {item.title}"
        if extras:
            heading += f" ({', '.join(extras)})"
        lines += [heading, ""]
        meta = [f"*{agenda_status_label(item.status)}*"]
        if item.subject is not None:
            meta.append(link_text(item.subject))
        if item.carried_from is not None:
            meta.append(_("carried over from {date}").format(date=format_date(item.carried_from[1])))
        lines += [" · ".join(meta), ""]
        if item.notes.strip():
            lines += [item.notes.strip(), ""]
        for outcome in item.outcomes:
            text = f"- **{outcome_kind_label(outcome.kind)}:** {' '.join(outcome.text.split())}"
            if outcome.kind == OutcomeKind.ACTION:
                text += " — " + _action_who(outcome.owner_name, outcome.due_on)
            lines.append(text)
        if item.outcomes:
            lines.append("")

    decided = [(item, o) for item in detail.items for o in item.outcomes
               if o.kind == OutcomeKind.DECISION]
    lines += ["## " + _("Decisions"), ""]
    if not decided:
        lines.append(_("No decisions."))
    for number, (item, outcome) in enumerate(decided, start=1):
        lines.append(f"{number}. {' '.join(outcome.text.split())} ({item.title})")

    actions = [(item, o) for item in detail.items for o in item.outcomes
               if o.kind == OutcomeKind.ACTION]
    lines += ["", "## " + _("Actions"), ""]
    if not actions:
        lines.append(_("No actions."))
    else:
        lines.append("| {} | {} | {} | {} |".format(
            pgettext("minutes", "Action"), _("Owner"), _("Due"), _("Done")))
        lines.append("|---|---|---|---|")
        for _item, outcome in actions:
            lines.append(
                f"| {_cell(outcome.text)} | {_cell(outcome.owner_name or '')} | "
                f"{format_date(outcome.due_on)} | {format_date(outcome.done_on)} |"
            )
    return "\n".join(lines).rstrip() + "\n"


def _action_who(owner: str | None, due_on: date | None) -> str:
    return _("{owner}, due {date}").format(owner=owner or "?", date=format_date(due_on))


def _agendas(
    session: Session, meeting_ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, datetime]]:
    """Each meeting's agenda as numbered lines (for the calendar entry's description), and
    when its agenda last changed (an edited item changes the event too)."""
    agendas: dict[int, list[str]] = {}
    changed: dict[int, datetime] = {}
    for begin in range(0, len(meeting_ids), 900):
        rows = session.execute(
            select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.minutes,
                   AgendaItem.status, Contact.name, Contact.erased_at, AgendaItem.updated_at)
            .join(Contact, Contact.id == AgendaItem.presenter_id, isouter=True)
            .where(AgendaItem.meeting_id.in_(meeting_ids[begin:begin + 900]))
            .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
        ).all()
        for meeting_id, title, minutes, status, name, erased, updated in rows:
            lines = agendas.setdefault(meeting_id, [])
            extras = [e for e in (shown_name(name, erased),
                                  _("{n} min").format(n=minutes) if minutes else None) if e]
            line = f"{len(lines) + 1}. {title}" + (f" ({', '.join(extras)})" if extras else "")
            if AgendaStatus(status) == AgendaStatus.DONE:
                line += " ✓"
            lines.append(line)
            newest = ics.latest(changed.get(meeting_id), updated)
            if newest is not None:
                changed[meeting_id] = newest
    return agendas, changed


def _description(meeting: Meeting, agenda: list[str]) -> str:
    lines = [meeting.online_url] if meeting.online_url else []
    if agenda:
        lines.append(_("Agenda") + ":")
        lines.extend(agenda)
    return "\n".join(lines)


def meeting_events(
    session: Session, *, meeting_ids: Sequence[int] | None = None,
    upcoming_from: date | None = None, until: date | None = None,
) -> list[ics.Event]:
    """Calendar events for the given meetings, or for every meeting from ``upcoming_from``
    on (up to ``until``; all None: every meeting). The UID is stable across files and
    databases: ``meeting-<uid>@officer-tui``."""
    statement = select(Meeting).order_by(Meeting.held_on, Meeting.start_time.nulls_first(), Meeting.id)
    if meeting_ids is not None:
        statement = statement.where(Meeting.id.in_(list(meeting_ids)))
    if upcoming_from is not None:
        statement = statement.where(Meeting.held_on >= upcoming_from)
    if until is not None:
        statement = statement.where(Meeting.held_on <= until)
    meetings = list(session.execute(statement).scalars())
    agendas, changed = _agendas(session, [meeting.id for meeting in meetings])
    return [
        ics.Event(
            uid=ics.event_uid("meeting", meeting.uid),
            summary=meeting.title,
            day=meeting.held_on,
            start=meeting.start_time,
            end=meeting.end_time,
            location=meeting.place,
            url=meeting.online_url,
            description=_description(meeting, agendas.get(meeting.id, [])),
            categories=(meeting_kind_label(meeting.kind),),
            modified=ics.latest(meeting.updated_at, changed.get(meeting.id)),
            sequence=meeting.version - 1,
        )
        for meeting in meetings
    ]


def ics_text(
    session: Session, *, meeting_ids: Sequence[int] | None = None,
    upcoming_from: date | None = None,
) -> str:
    """An .ics file's text (RFC 5545) with one VEVENT per meeting."""
    return ics.calendar(
        meeting_events(session, meeting_ids=meeting_ids, upcoming_from=upcoming_from),
        name=_("Meetings"),
    )
