"""How values look on screen: symbols so that meaning does not rest on colour alone."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from officer_tui.i18n import _, format_date
from officer_tui.labels import PRIORITY_SYMBOLS, priority_label, status_label
from officer_tui.models.enums import Priority, RequestStatus

PRIORITY_STYLES = {
    Priority.LOW: "dim",
    Priority.NORMAL: "",
    Priority.HIGH: "bold yellow",
    Priority.URGENT: "bold red",
}

STATUS_SYMBOLS = {
    RequestStatus.NEW: "●",
    RequestStatus.TRIAGED: "◐",
    RequestStatus.IN_PROGRESS: "▶",
    RequestStatus.WAITING: "⏸",
    RequestStatus.FORWARDED: "↗",
    RequestStatus.DONE: "✓",
    RequestStatus.DECLINED: "✗",
}


def priority_text(priority: Priority) -> Text:
    priority = Priority(priority)
    return Text(f"{PRIORITY_SYMBOLS[priority]} {priority_label(priority)}", style=PRIORITY_STYLES[priority])


def status_text(status: RequestStatus) -> Text:
    status = RequestStatus(status)
    style = "dim" if status.is_closed else ("bold" if status == RequestStatus.NEW else "")
    return Text(f"{STATUS_SYMBOLS[status]} {status_label(status)}", style=style)


def urgency_text(score: int) -> Text:
    bar = "▮" * min((score + 24) // 25, 3)
    style = "bold red" if score >= 75 else "yellow" if score >= 45 else ""
    return Text(f"{score:>3} {bar:<3}", style=style)


def age_text(days: int) -> str:
    return _("{n}d").format(n=days)


def due_text(due: date | None, overdue: bool) -> Text:
    if due is None:
        return Text("")
    if overdue:
        return Text(f"! {format_date(due)}", style="bold red")
    return Text(format_date(due))
