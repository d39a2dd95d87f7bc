"""How meetings read on screen: dates with weekdays, times, places, marks that need no colour.

Shared by the Meetings pane, the meeting detail and the decision register. Pure formatting:
no database, no widgets.
"""

from __future__ import annotations

from datetime import date, time

from rich.text import Text

from officer_tui.i18n import N_, _, format_date
from officer_tui.labels import (
    AGENDA_STATUS_LABELS,
    ATTENDANCE_SYMBOLS,
    OUTCOME_SYMBOLS,
    attendance_label,
    outcome_kind_label,
)
from officer_tui.models.enums import AgendaStatus, Attendance, OutcomeKind, RecordKind, RecurUnit
from officer_tui.services.meeting_views import LinkView, OutcomeView
from officer_tui.ui.formatting import themed

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
LOCK = "🔒"
ONLINE = "⌁"
CARRIED = "↻"
AGENDA_SYMBOLS = {AgendaStatus.OPEN: "○", AgendaStatus.DONE: "✓", AgendaStatus.CARRIED: "↷"}
RECORD_LABELS = {
    RecordKind.REQUEST: N_("Request"),
    RecordKind.IDEA: N_("Idea"),
    RecordKind.PROJECT: N_("Project"),
    RecordKind.MEETING: N_("Meeting"),
}
EVERY_UNITS = {
    RecurUnit.DAYS: (N_("every day"), N_("every {n} days")),
    RecurUnit.WEEKS: (N_("every week"), N_("every {n} weeks")),
    RecurUnit.MONTHS: (N_("every month"), N_("every {n} months")),
}
ATTENDANCE_STYLES = {
    Attendance.INVITED: "",
    Attendance.PRESENT: "$text-success",
    Attendance.EXCUSED: "$text-warning",
    Attendance.ABSENT: "bold $text-error",
}


def weekday_date(day: date) -> str:
    """``Mon 2026-03-02`` (``Mo 02.03.2026`` in German)."""
    return f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"


def date_cell(day: date, today: date) -> Text:
    """The list's date: today marked with ``▸`` and bold, past days dim."""
    if day == today:
        return Text("▸" + weekday_date(day), style="bold")
    return Text(" " + weekday_date(day), style=themed("dim" if day < today else ""))


def clock_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def time_span(start: time | None, end: time | None) -> str:
    """``09:00–10:30``, ``09:00`` or ``all day``."""
    if start is None:
        return _("all day")
    if end is None:
        return clock_time(start)
    return f"{clock_time(start)}–{clock_time(end)}"


def duration_text(minutes: int | None) -> str:
    """``1 h 30 min``, ``45 min``; empty when unknown."""
    if minutes is None or minutes < 0:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{h} h {m} min").format(h=hours, m=rest)
    if hours:
        return _("{h} h").format(h=hours)
    return _("{m} min").format(m=rest)


def when_text(day: date, start: time | None, end: time | None, minutes: int | None) -> str:
    text = f"{weekday_date(day)}, {time_span(start, end)}"
    duration = duration_text(minutes)
    return f"{text} ({duration})" if duration and start is not None and end is not None else text


def place_text(place: str, online: bool | str) -> str:
    """``Rathaus, Raum 2``, ``⌁ online`` or both."""
    if place and online:
        return f"{place} + {ONLINE} " + _("online")
    if online:
        return f"{ONLINE} " + _("online")
    return place


def every_text(every: tuple[int, RecurUnit] | None) -> str:
    if every is None:
        return ""
    count, unit = every
    one, many = EVERY_UNITS[RecurUnit(unit)]
    return _(one) if count == 1 else _(many).format(n=count)


def record_text(link: LinkView) -> str:
    label = _(RECORD_LABELS.get(link.kind, link.kind.value))
    return f"{label} #{link.record_id} {link.title}"


def attendance_text(value: Attendance) -> Text:
    value = Attendance(value)
    return Text(f"{ATTENDANCE_SYMBOLS[value]} {attendance_label(value)}", style=themed(ATTENDANCE_STYLES[value]))


def agenda_status_text(status: AgendaStatus) -> Text:
    status = AgendaStatus(status)
    style = {AgendaStatus.OPEN: "bold", AgendaStatus.DONE: "$text-success", AgendaStatus.CARRIED: "dim"}[status]
    return Text(f"{AGENDA_SYMBOLS[status]} {_(AGENDA_STATUS_LABELS[status])}", style=themed(style))


def outcome_line(outcome: OutcomeView, today: date) -> Text:
    """``◆ decision: text`` or ``→ action: text · owner · due 2026-03-09`` (overdue red, ``!``)."""
    kind = OutcomeKind(outcome.kind)
    style = "bold" if kind == OutcomeKind.DECISION else ""
    text = Text(f"{OUTCOME_SYMBOLS[kind]} {outcome_kind_label(kind)}: ", style="dim" if kind ==
                OutcomeKind.INFORMATION else style)
    text.append(outcome.text, style=style)
    if kind == OutcomeKind.ACTION:
        text.append(f" · {outcome.owner_name or '?'}", style="dim")
        if outcome.done_on is not None:
            text.append(" · " + _("done {date}").format(date=format_date(outcome.done_on)), style=themed("$text-success"))
        elif outcome.due_on is not None:
            overdue = outcome.due_on < today
            due = _("due {date}").format(date=format_date(outcome.due_on))
            text.append(" · " + ("! " if overdue else "") + due, style=themed("bold $text-error" if overdue else "dim"))
    return text

