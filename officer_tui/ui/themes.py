"""Themes: Textual's own, light and dark, chosen in the palette and kept in the settings file.

The settings file's ``theme`` is applied at start (an unknown name is reported and the default
stays); a theme chosen later (palette "Theme", "Light or dark theme", the settings
screen) is written back to the file, so the next start looks the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from officer_tui.i18n import _

if TYPE_CHECKING:
    from textual.app import App

# Each theme's sibling of the other brightness, where Textual has one.
_PAIRS = (
    ("textual-dark", "textual-light"),
    ("ansi-dark", "ansi-light"),
    ("solarized-dark", "solarized-light"),
    ("catppuccin-mocha", "catppuccin-latte"),
    ("rose-pine", "rose-pine-dawn"),
    ("atom-one-dark", "atom-one-light"),
)
SIBLINGS: dict[str, str] = {
    **{dark: light for dark, light in _PAIRS},
    **{light: dark for dark, light in _PAIRS},
    "catppuccin-frappe": "catppuccin-latte",
    "catppuccin-macchiato": "catppuccin-latte",
    "rose-pine-moon": "rose-pine-dawn",
}
LIGHT, DARK = "textual-light", "textual-dark"


def light_or_dark(app: App) -> str:
    """The theme to switch to: the current theme's sibling, else textual-light or -dark."""
    sibling = SIBLINGS.get(app.theme)
    if sibling in app.available_themes:
        return sibling
    return LIGHT if app.current_theme.dark else DARK


def apply_settings_theme(app: App, name: str, line: int | None) -> str | None:
    """Use the settings file's theme; a problem line when it is not a theme."""
    if name in app.available_themes:
        app.theme = name
        return None
    where = (_("line {n}").format(n=line) + ", ") if line else ""
    return where + _("theme: {name!r} is not a theme; using {default!r}").format(
        name=name, default=app.theme)


def remember_theme(app: App, theme: object) -> None:
    """A theme chosen in the app is the theme of the next start too."""
    from officer_tui import settings

    name = getattr(theme, "name", None)
    if not name or name == settings.current().theme:
        return
    try:
        settings.save({"theme": name})
    except (OSError, ValueError) as exc:  # SettingsFileBroken, InvalidSettings
        app.notify(_("The theme could not be remembered: {reason}").format(reason=exc),
                   severity="warning", timeout=10)
