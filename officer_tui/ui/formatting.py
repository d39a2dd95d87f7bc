"""How values look on screen: symbols so that meaning does not rest on colour alone.

Every mark that carries meaning is a symbol (and, in details, a word); colour only repeats it.
The marks are the same in every pane:

- priority: ``▲▲`` urgent, ``▲`` high, ``–`` normal, ``▽`` low (labels.PRIORITY_SYMBOLS)
- ``!`` overdue (a date has passed), ``▸`` today, ``⚠`` needs attention (waiting too long,
  losing touch, review due, below the goal, a conflict)
- traffic light: ``✓`` on track, ``⚠`` at risk, ``✗`` off track (project_views.TRAFFIC_SYMBOLS)

Colours come from the theme in use (``themed("bold $text-error")``): the theme's text colours for
errors, warnings and success, so that they read on light and dark backgrounds alike.
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text

from officer_tui.i18n import _, format_date, ngettext
from officer_tui.labels import PRIORITY_SYMBOLS, priority_label, status_label
from officer_tui.models.enums import Priority, RequestStatus

OVERDUE_MARK = "!"
TODAY_MARK = "▸"
ATTENTION_MARK = "⚠"

# ``$variable`` in a style: the theme's colour of that name (Textual's variables, e.g.
# ``$text-error``: the error colour made legible on the theme's background). Where no app runs
# (a cell rendered on its own) the ANSI colour stands in.
FALLBACK_COLOURS = {
    "$text-error": "red",
    "$text-warning": "yellow",
    "$text-success": "green",
    "$text-secondary": "cyan",
    "$text-primary": "blue",
}
_resolved: dict[tuple[str, str | None], Style] = {}


def _current_app():
    try:
        from textual._context import active_app

        return active_app.get()
    except (ImportError, LookupError):
        return None


def _theme_colour(app, variable: str) -> str:
    """The Rich name of the theme's colour ``$variable`` (its fallback when there is none)."""
    from textual.color import Color

    fallback = FALLBACK_COLOURS.get(variable, "default")
    if app is None:
        return fallback
    value = app.current_theme.to_color_system().generate().get(variable[1:])
    try:
        return Color.parse(value).rich_color.name if value else fallback
    except Exception:  # a custom theme's value such as "auto 60%": no plain colour
        return fallback


def themed(spec: str) -> Style:
    """A Rich style from ``spec`` ("bold $text-error", "dim"), ``$`` colours from the theme."""
    app = _current_app()
    theme = getattr(app, "theme", None)
    style = _resolved.get((spec, theme))
    if style is None:
        words = [_theme_colour(app, word) if word.startswith("$") else word for word in spec.split()]
        style = Style.parse(" ".join(words)) if words else Style.null()
        _resolved[(spec, theme)] = style
    return style


PRIORITY_STYLES = {
    Priority.LOW: "dim",
    Priority.NORMAL: "",
    Priority.HIGH: "bold $text-warning",
    Priority.URGENT: "bold $text-error",
}

STATUS_SYMBOLS = {
    RequestStatus.NEW: "●",
    RequestStatus.TRIAGED: "◐",
    RequestStatus.IN_PROGRESS: "▶",
    RequestStatus.WAITING: "‖",
    RequestStatus.FORWARDED: "↗",
    RequestStatus.DONE: "✓",
    RequestStatus.DECLINED: "✗",
}


def priority_words(priority: Priority) -> str:
    """``▲▲ urgent``, ``▽ low``: symbols padded to two cells so the words line up."""
    priority = Priority(priority)
    return f"{PRIORITY_SYMBOLS[priority]:<2} {priority_label(priority)}"


def priority_text(priority: Priority) -> Text:
    priority = Priority(priority)
    return Text(priority_words(priority), style=themed(PRIORITY_STYLES[priority]))


def status_text(status: RequestStatus) -> Text:
    status = RequestStatus(status)
    style = "dim" if status.is_closed else ("bold" if status == RequestStatus.NEW else "")
    return Text(f"{STATUS_SYMBOLS[status]} {status_label(status)}", style=style)


def urgency_text(score: int) -> Text:
    """The score and up to three bars: the number says it, the colour only repeats it."""
    bar = "▮" * min((score + 24) // 25, 3)
    style = "bold $text-error" if score >= 75 else "$text-warning" if score >= 45 else ""
    return Text(f"{score:>3} {bar:<3}", style=themed(style))


def age_text(days: int, *, too_long: bool = False) -> Text:
    """``12d``; ``⚠ 23d`` for an open request waiting too long."""
    text = _("{n}d").format(n=days)
    if too_long:
        return Text(f"{ATTENTION_MARK} {text}", style=themed("bold $text-warning"))
    return Text(text)


def waiting_too_long(status: RequestStatus, days: int, threshold: int) -> bool:
    """Open and received more than ``threshold`` days ago (as the "waiting too long" filter)."""
    return not RequestStatus(status).is_closed and days > threshold


def due_text(due: date | None, overdue: bool, *, words: bool = False) -> Text:
    """``! 03.03.2026`` when overdue; with ``words`` (details) ``! 03.03.2026 · overdue``."""
    if due is None:
        return Text("")
    if overdue:
        text = f"{OVERDUE_MARK} {format_date(due)}"
        if words:
            text += " · " + _("overdue")
        return Text(text, style=themed("bold $text-error"))
    return Text(format_date(due))


def received_text(received: date, status: RequestStatus, days: int) -> Text:
    """``01.02.2026 · 23 days ago``, then ``⚠ waiting too long`` for an open request past the
    settings' threshold."""
    from officer_tui import settings

    text = Text(f"{format_date(received)} · "
                + ngettext("{n} day ago", "{n} days ago", days).format(n=days))
    if waiting_too_long(status, days, settings.current().waiting_too_long_days):
        text.append(f" · {ATTENTION_MARK} " + _("waiting too long"), style=themed("bold $text-warning"))
    return text


def review_text(review_on: date | None, today: date) -> Text | str:
    """A data protection review date; ``§ 01.02.2026 · review due`` once it has come."""
    if review_on is None:
        return "—"
    if review_on <= today:
        return Text("§ " + format_date(review_on) + " · " + _("review due"),
                    style=themed("bold $text-warning"))
    return format_date(review_on)
