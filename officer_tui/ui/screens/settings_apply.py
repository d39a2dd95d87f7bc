"""The settings screen's words and effects: hints, problems at their fields, what applies when,
and the app shown anew in a new language."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from officer_tui import settings
from officer_tui.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App

    from officer_tui.settings import Problem, Settings

# The number fields: (Settings field, widget id, label, placeholder, its default).
NUMBERS: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("waiting_too_long_days", "waiting-days", N_("Waiting too long (days)"),
     N_("{n} (default)"), settings.DEFAULT_WAITING_DAYS),
    ("stay_in_touch_days", "stay-days", N_("Stay in touch (days)"),
     N_("per unit kind"), None),
    ("backup_keep", "backup-keep", N_("Automatic backups kept"), N_("{n} (default)"),
     settings.DEFAULT_BACKUP_KEEP),
)

# The file's dotted keys -> the label of their field (messages name the field).
LABELS = {
    "language": N_("Language"), "theme": N_("Theme"), "start_pane": N_("Start pane"),
    "user": N_("Your name"), "ideas.weights": N_("Idea score weights"),
    "requests.waiting_too_long_days": NUMBERS[0][2], "contacts.stay_in_touch_days": NUMBERS[1][2],
    "backups.keep": NUMBERS[2][2],
    "ideas.weights.benefit": N_("Benefit"), "ideas.weights.effort": N_("Effort"),
    "ideas.weights.strategic_fit": N_("Strategic fit"), "ideas.weights.reach": N_("Reach"),
}

# What applies as soon as it is saved, and what at the next start (as the notification says).
APPLY_NOW = {"language": N_("language"), "theme": N_("theme"), "user": N_("your name"),
             "waiting_too_long_days": N_("waiting too long"),
             "stay_in_touch_days": N_("stay in touch"), "idea_weights": N_("score weights")}
APPLY_LATER = {"start_pane": N_("start pane"), "backup_keep": N_("automatic backups")}
# Environment variables that win over a setting.
ENVIRONMENT = {"language": "OFFICER_LANG", "user": "OFFICER_USER", "backup_keep": "OFFICER_BACKUP_KEEP"}

RELABEL_MODE = "settings-relabel"  # a blank mode shown for a moment while a pane is rebuilt


def typed_number(text: str, *, blank: Any = None) -> Any:
    """A whole number typed in a field; ``blank`` when empty; the text itself when it is no
    number, so that ``settings.validate`` names the field with its range."""
    text = text.strip()
    if not text:
        return blank
    try:
        return int(text)
    except ValueError:
        return text


def field_problem(problem: Problem) -> tuple[str, str]:
    """A problem of a changed setting as (its key, a message naming the field)."""
    label = _(LABELS[problem.key]) if problem.key in LABELS else problem.key
    values = dict(problem.values)
    if problem.key == "ideas.weights":
        return problem.key, label + ": " + _("at least one weight must be above 0")
    if "low" in values:
        return problem.key, _("{what}: enter a whole number from {low} to {high}.").format(
            what=label, low=values["low"], high=values["high"])
    text = _(problem.message).format(**values)
    return problem.key, f"{label}: {text}" if label else text


def _overridden(field: str) -> str:
    """``OFFICER_USER=anna is set in the environment and wins.``, or nothing."""
    variable = ENVIRONMENT.get(field, "")
    value = os.environ.get(variable, "").strip() if variable else ""
    if not value:
        return ""
    return _("{variable} is set in the environment and wins.").format(
        variable=f"{variable}={value}")


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return ""


def hints(app: App, file: Settings) -> dict[str, str]:
    """The short hint under each field."""
    from officer_tui.paths import sqlite_path

    def joined(*parts: str) -> str:
        return " ".join(part for part in parts if part)

    on_server = sqlite_path(getattr(app, "db_url", "")) is None
    stay_by_kind = _("Some unit kinds have their own in the file.") if file.stay_in_touch_by_kind else ""
    backups = (_("This database is on a server: its admin makes the backups. The number "
                 "applies to SQLite databases.") if on_server
               else _("One a day when the app opens; 0 turns them off."))
    return {
        "language": joined(_("Applies at once."), _overridden("language")),
        "theme": _("Shown as you move through the list."),
        "start_pane": _("Shown when the app starts."),
        "login": login_name(),
        "user": joined(_("Recorded in the history with each change; blank: the login name."),
                       _overridden("user")),
        "waiting_too_long_days": _("Open requests older than this wait too long (Today, report)."),
        "stay_in_touch_days": joined(_("For each person without an own interval."), stay_by_kind),
        "backup_keep": joined(backups, _overridden("backup_keep")),
        "weights": _("How much each criterion counts in an idea's score; 0 leaves it out. "
                     "Changing them re-ranks every idea."),
    }


def theme_choices(app: App) -> list[tuple[str, str]]:
    """Every theme the app knows, by name, each marked light or dark."""
    themes = sorted(app.available_themes.values(), key=lambda theme: theme.name)
    return [((_("{name} (dark)") if theme.dark else _("{name} (light)")).format(name=theme.name),
             theme.name) for theme in themes]


def applies_text(changes: dict[str, Any]) -> str:
    """"Settings saved." and what applies now, what at the next start."""
    now = [_(label) for field, label in APPLY_NOW.items() if field in changes]
    later = [_(label) for field, label in APPLY_LATER.items() if field in changes]
    parts = [_("Settings saved.")]
    if now:
        parts.append(_("In force now: {what}.").format(what=", ".join(now)))
    if later:
        parts.append(_("From the next start: {what}.").format(what=", ".join(later)))
    parts += [note for field in changes if (note := _overridden(field))]
    return " ".join(parts)


def show_new_language(app: App) -> None:
    """The language changed: the app's keys and every pane speak it now.

    The panes not shown are dropped and built anew when shown next; the pane shown now is built
    anew at once (a blank mode stands in for a moment, since Textual cannot replace the mode
    shown). What was open over it closes.
    """
    from textual.screen import Screen

    from officer_tui.ui.localize import translated

    app._bindings = translated(type(app)._merged_bindings.copy())  # type: ignore[union-attr]
    current = app.current_mode
    modes: dict = getattr(app, "MODES", {})
    for mode in modes:
        if mode != current:
            app.remove_mode(mode)
            app.add_mode(mode, modes[mode])
    if current in modes:
        app.add_mode(RELABEL_MODE, Screen)
        app.switch_mode(RELABEL_MODE)
        app.remove_mode(current)
        app.add_mode(current, modes[current])
        app.switch_mode(current)
        app.remove_mode(RELABEL_MODE)
    app.refresh_bindings()

