"""What the training screens show, formatted: percentages, scores, times, seats, the
forecast line, the coverage bars, table rows; and writing files into the exports folder.

Display only: these take the plain views of ``services.training_views`` and never touch
the database.
"""

from __future__ import annotations

import os
import re
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from officer_tui.i18n import _, current_language, format_date, ngettext, pgettext
from officer_tui.labels import ENROLLMENT_SYMBOLS, enrollment_status_label
from officer_tui.models.enums import EnrollmentStatus
from officer_tui.ui.formatting import themed
from officer_tui.ui.widgets.coverage_bars import BarLine
from officer_tui.ui.widgets.virtual_table import Column, Row

if TYPE_CHECKING:
    from officer_tui.services.training_views import (
        Coverage,
        EnrollmentRow,
        ProgrammeRow,
        SessionRow,
    )


def percent_text(share: float | None) -> str:
    if share is None:
        return "–"
    return _("{percent} %").format(percent=round(share * 100))


def score_text(score: float | None) -> str:
    """A feedback score with one decimal, ``4,3`` in German."""
    if score is None:
        return "–"
    text = f"{score:.1f}"
    return text.replace(".", ",") if current_language() == "de" else text


def time_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def time_span(start: time | None, end: time | None) -> str:
    if start and end:
        return f"{time_text(start)}–{time_text(end)}"
    return time_text(start) or time_text(end)


def where_text(place: str, online_url: str) -> str:
    if place and online_url:
        return _("{place} + online").format(place=place)
    if online_url:
        return _("online")
    return place


def seats_text(taken: int, capacity: int | None) -> str:
    return f"{taken}/{capacity}" if capacity is not None else f"{taken}/∞"


def track_mark(on_track: bool | None) -> Text:
    if on_track is None:
        return Text("–", style="dim")
    return Text("✓", style=themed("bold $text-success")) if on_track else Text("⚠", style=themed("bold $text-warning"))


def reached_text(reached: int, target: int | None) -> str:
    return f"{reached}/{target}" if target is not None else str(reached)


def forecast_text(coverage: Coverage) -> Text:
    """``✓ on track: 82 % expected by 30.06.2027 (goal 80 %)``, or why there is no forecast."""
    forecast, goal_percent, goal_by = coverage.forecast, coverage.goal_percent, coverage.goal_by
    if goal_percent is None:
        return Text(_("– No goal set: press e to set one (e.g. 80 % by a date)."), style="dim")
    if forecast.on_track is None or forecast.expected_share is None:
        return Text(_("– No forecast: the target units need a headcount."), style="dim")
    values = {"share": percent_text(forecast.expected_share), "day": format_date(goal_by),
              "goal": _("{percent} %").format(percent=goal_percent)}
    if goal_by is None:
        line = (_("on track: {share} with the people booked (goal {goal})") if forecast.on_track
                else _("behind: {share} with the people booked (goal {goal})"))
    else:
        line = (_("on track: {share} expected by {day} (goal {goal})") if forecast.on_track
                else _("behind: {share} expected by {day} (goal {goal})"))
    if forecast.on_track:
        text = Text("✓ " + line.format(**values), style=themed("$text-success"))
    else:
        text = Text("⚠ " + line.format(**values), style=themed("bold $text-warning"))
    missing = sum(line.missing_for_goal or 0 for line in coverage.lines)
    if missing:
        text.append(" · " + ngettext("units below the goal need {n} more person",
                                     "units below the goal need {n} more people", missing).format(n=missing),
                    style="")
    if forecast.booked:
        text.append(" · " + ngettext("{n} booked", "{n} booked", forecast.booked).format(
            n=forecast.booked), style="")
    return text


def coverage_lines(coverage: Coverage) -> list[BarLine]:
    """The total first (when there is more than one unit), then one line per target unit."""
    def numbers(reached: int, target: int | None, share: float | None) -> str:
        if target is None:
            return _("{n} reached · no target").format(n=reached)
        return f"{reached}/{target} · {percent_text(share)}"

    lines = [BarLine(line.unit_name, line.reached, line.target,
                     numbers(line.reached, line.target, line.share)) for line in coverage.lines]
    if len(lines) > 1:
        lines.insert(0, BarLine(_("All target units"), coverage.reached, coverage.target,
                                numbers(coverage.reached, coverage.target, coverage.share), bold=True))
    return lines


def programme_columns() -> list[Column]:
    return [
        Column("track", "", width=1),
        Column("title", pgettext("column", "Programme"), width=None, min_width=14),
        Column("topic", pgettext("column", "Topic"), width=14, hide_below=110),
        Column("sessions", pgettext("column", "Sess."), width=5, align="right"),
        Column("next", pgettext("column", "Next"), width=10, hide_below=70),
        Column("reached", pgettext("column", "Reached"), width=9, align="right"),
        Column("share", pgettext("column", "Share"), width=5, align="right"),
        Column("feedback", pgettext("column", "Fb."), width=4, align="right"),
    ]


def programme_row(row: ProgrammeRow) -> Row:
    return Row(key=row.id, cells=(
        track_mark(row.on_track), row.title, row.topic, str(row.sessions),
        format_date(row.next_session_on), reached_text(row.reached, row.target),
        percent_text(row.share), score_text(row.feedback),
    ))


def session_columns() -> list[Column]:
    return [
        Column("date", pgettext("column", "Date"), width=10),
        Column("time", pgettext("column", "Time"), width=11, hide_below=60),
        Column("where", pgettext("column", "Place"), width=None, min_width=12),
        Column("trainer", pgettext("column", "Trainer"), width=16, shrink_to=10, hide_below=90),
        Column("seats", pgettext("column", "Seats"), width=7, align="right"),
        Column("waiting", pgettext("column", "Wait"), width=4, align="right"),
        Column("attended", pgettext("column", "Att."), width=4, align="right"),
        Column("feedback", pgettext("column", "Fb."), width=4, align="right"),
    ]


def session_row(row: SessionRow, today: date) -> Row:
    past = row.held_on < today
    style = "dim" if past else ""
    full = row.capacity is not None and row.seats_taken >= row.capacity
    return Row(key=row.id, cells=(
        Text(format_date(row.held_on), style=style or "bold"),
        Text(time_span(row.start_time, row.end_time), style=style),
        Text(where_text(row.place, row.online_url), style=style),
        Text(row.trainer, style=style),
        Text(seats_text(row.seats_taken, row.capacity), style="bold" if full and not past else style),
        Text(str(row.waitlisted) if row.waitlisted else "", style=style),
        Text(str(row.attended) if past or row.attended else "", style=style),
        Text(score_text(row.feedback_score) if row.feedback_score is not None else "", style=style),
    ))


# --- the session checklist -------------------------------------------------------------------


STATUS_STYLES = {
    EnrollmentStatus.ATTENDED: "bold $text-success",
    EnrollmentStatus.WAITLISTED: "$text-warning",
    EnrollmentStatus.NO_SHOW: "$text-error",
    EnrollmentStatus.CANCELLED: "dim",
    EnrollmentStatus.EXCUSED: "",
    EnrollmentStatus.INVITED: "",
    EnrollmentStatus.REGISTERED: "",
}


def exports_dir() -> Path:
    from officer_tui.paths import data_dir

    return data_dir() / "exports"


def write_export(name: str, text: str) -> Path:
    """Write ``text`` into the exports folder as ``name`` (readable by the owner only)."""
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / re.sub(r"[^\w.-]+", "-", name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


def status_cell(row: EnrollmentRow) -> Text:
    status = EnrollmentStatus(row.status)
    label = enrollment_status_label(status)
    if status == EnrollmentStatus.WAITLISTED and row.waitlist_position:
        label = _("waiting list {n}").format(n=row.waitlist_position)
    return Text(f"{ENROLLMENT_SYMBOLS[status]} {label}", style=themed(STATUS_STYLES[status]))


def enrollment_columns() -> list[Column]:
    return [
        Column("status", pgettext("column", "Status"), width=16, shrink_to=13),
        Column("name", pgettext("column", "Name"), width=None, min_width=16),
        Column("unit", pgettext("column", "Unit"), width=28, shrink_to=16, hide_below=60),
        Column("email", pgettext("column", "E-mail"), width=34, shrink_to=24, hide_below=110),
    ]


def enrollment_row(row: EnrollmentRow) -> Row:
    dim = "dim" if row.status == EnrollmentStatus.CANCELLED else ""
    return Row(key=row.contact_id, cells=(
        status_cell(row), Text(row.name, style=dim), Text(row.unit or "", style=dim),
        Text(row.email, style=dim),
    ))


def header_text(row: SessionRow) -> Text:
    text = Text(row.programme_title, style="bold")
    when = format_date(row.held_on)
    span = time_span(row.start_time, row.end_time)
    text.append(f"  ·  {when} {span}".rstrip())
    where = [part for part in (row.place, row.online_url) if part]
    if where:
        text.append("  ·  " + " · ".join(where))
    if row.trainer:
        text.append("  ·  " + _("Trainer: {name}").format(name=row.trainer))
    text.append("\n")
    if row.capacity is None:
        seats = _("Seats taken {n} (no limit)").format(n=row.seats_taken)
    else:
        seats = _("Seats {taken}").format(taken=seats_text(row.seats_taken, row.capacity))
    full = row.capacity is not None and row.seats_taken >= row.capacity
    text.append(seats, style=themed("bold $text-warning" if full else "bold"))
    if full:
        text.append(" " + _("(full)"), style=themed("bold $text-warning"))
    elif row.free_seats is not None:
        text.append(" " + ngettext("({n} free)", "({n} free)", row.free_seats).format(n=row.free_seats))
    text.append("  ·  " + _("waiting list {n}").format(n=row.waitlisted))
    text.append("  ·  " + _("attended {n}").format(n=row.attended))
    if row.feedback_score is not None or row.feedback_comment:
        text.append("  ·  " + _("feedback {score}").format(score=score_text(row.feedback_score)))
        if row.feedback_comment:
            comment = row.feedback_comment.replace("\n", " ")
            text.append(f" “{comment[:80]}{'…' if len(comment) > 80 else ''}”", style="italic")
    return text
