"""Themes: the settings file's theme at start, a theme chosen in the app kept for the next
start, the light/dark command, and an unknown theme reported while the app still starts."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from officer_tui import settings
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.formatting import themed
from officer_tui.ui.themes import light_or_dark
from tests.ui.helpers import settle, wait_until

SIZE = (120, 36)


def write_settings(text: str) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    settings.activate(settings.load().settings)


def saved_theme() -> str:
    return settings.load().settings.theme


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def palette(pilot, words: str) -> None:
    """Type ``words`` into the open command palette and choose the first hit."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*words)
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its hits in the background
    await pilot.press("enter")
    await settle(pilot)


async def test_the_theme_of_the_settings_file_is_used_at_start(database, db_url):
    write_settings('# mine\ntheme = "solarized-light"\n')
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "solarized-light" and not app.current_theme.dark
        assert not [text for text in notifications(app) if "theme" in text]
    assert "# mine" in settings.settings_path().read_text(encoding="utf-8")  # nothing rewritten


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start(database, db_url):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await palette(pilot, "Theme")  # Textual's "Change theme": a second palette of themes
        await palette(pilot, "gruvbox")
        await wait_until(pilot, lambda: app.theme == "gruvbox", what="the theme")
        await wait_until(pilot, lambda: saved_theme() == "gruvbox", what="the file")
    assert settings.current().theme == "gruvbox"
    again = OfficerApp(db_url)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


async def test_light_or_dark_switches_and_is_remembered(database, db_url):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        await pilot.press("ctrl+p")
        await palette(pilot, "Light or dark theme")
        await wait_until(pilot, lambda: saved_theme() == "textual-light", what="the file")
        assert app.theme == "textual-light"
        app.action_light_or_dark()  # what the palette command runs
        await wait_until(pilot, lambda: saved_theme() == "textual-dark", what="the file")
        assert app.theme == "textual-dark"


@pytest.mark.parametrize(("start", "other"), [
    ("textual-dark", "textual-light"),
    ("ansi-light", "ansi-dark"),
    ("solarized-dark", "solarized-light"),
    ("catppuccin-latte", "catppuccin-mocha"),
    ("catppuccin-frappe", "catppuccin-latte"),
    ("nord", "textual-light"),  # no light nord: the default light theme
    ("atom-one-light", "atom-one-dark"),
])
def test_the_light_or_dark_sibling_of_a_theme(start, other, tmp_path):
    app = OfficerApp(f"sqlite:///{tmp_path / 'unused.db'}")
    app.theme = start
    assert light_or_dark(app) == other
    assert app.get_theme(other).dark != app.get_theme(start).dark


async def test_an_unknown_theme_is_reported_with_its_line_and_the_default_used(database, db_url):
    write_settings('language = "en"\ntheme = "no-such-theme"\n')
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        await wait_until(pilot, lambda: notifications(app), what="the notification")
        text = "\n".join(notifications(app))
        assert "line 2, theme: 'no-such-theme' is not a theme; using 'textual-dark'" in text
        assert app.theme == "textual-dark"
    assert saved_theme() == "no-such-theme"  # the user's file is left as it is


async def test_a_theme_that_cannot_be_written_is_said_and_the_app_goes_on(database, db_url):
    write_settings('theme = "textual-dark"\n')
    settings.settings_path().write_text('theme = "textual-dark"\n[requests\n', encoding="utf-8")
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        app.action_light_or_dark()
        await wait_until(pilot, lambda: any("could not be remembered" in text
                                            for text in notifications(app)), what="the warning")
        assert app.theme == "textual-light"
    assert "[requests\n" in settings.settings_path().read_text(encoding="utf-8")  # untouched


async def test_a_theme_previewed_by_a_screen_is_not_saved(database, db_url):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        app.previewing_theme = True
        app.theme = "nord"
        await settle(pilot)
        app.previewing_theme = False
        assert not settings.settings_path().exists()


async def test_marks_take_their_colours_from_the_theme(database, db_url):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # an empty database: the welcome is shown
        dark = themed("bold $text-error")
        app.theme = "textual-light"
        await settle(pilot)
        light = themed("bold $text-error")
        app.theme = "ansi-dark"
        await settle(pilot)
        ansi = themed("bold $text-error")
    variables = {name: app.get_theme(name).to_color_system().generate()["text-error"]
                 for name in ("textual-dark", "textual-light")}
    assert dark.bold and light.bold
    assert dark.color.name == variables["textual-dark"].lower()
    assert light.color.name == variables["textual-light"].lower()
    assert ansi.color.name == "color(1)"  # the terminal's own red
    assert themed("bold $text-error").color.name == "red"  # no app: the plain ANSI colour
