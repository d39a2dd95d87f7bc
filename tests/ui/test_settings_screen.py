"""The settings screen (F2, palette "Settings"): the settings file as a form, driven with Pilot
on a real SQLite file and a real settings file in the test's config folder."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Select, Static

from officer_tui import i18n, settings
from officer_tui.services.today_views import SectionKey
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.keys import KeysScreen
from officer_tui.ui.screens.settings import SettingsScreen
from officer_tui.ui.screens.settings_apply import hints
from officer_tui.ui.screens.today import TodayScreen
from tests.ui.helpers import settle, wait_until

SMALL = (80, 24)
COMMENTED = "# my own note: keep it\n[requests]\nwaiting_too_long_days = 20  # two weeks is too short\n"


def settings_file(text: str | None = None) -> Path:
    path = settings.settings_path()
    if text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


async def open_settings(pilot) -> SettingsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: app.database is not None and isinstance(app.screen, TodayScreen),
                     what="the Today pane")
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings")
    screen = app.screen
    await wait_until(pilot, lambda: screen._pristine is not None, what="the form filled")
    return screen


async def type_into(pilot, screen: SettingsScreen, widget_id: str, text: str) -> None:
    field = screen.query_one(f"#{widget_id}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


def error_of(screen: SettingsScreen, widget_id: str) -> str:
    error = screen.query_one(f"#{widget_id}-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def header(screen: TodayScreen, key: SectionKey) -> str:
    for column in (screen.left, screen.right):
        for block in column.blocks:
            if block.key == key.value:
                return "".join(text for text, _style in block.header)
    raise AssertionError(f"no section {key}")


async def test_f2_and_the_palette_open_the_settings_with_the_file_and_its_problems(demo_url):
    path = settings_file('theme = "no-such-theme"\nsurprise = 1\n')
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        assert str(path) in str(screen.query_one("#settings-path", Static).render())
        problems = str(screen.query_one("#settings-problems", Static).render())
        assert "line 2, surprise: unknown setting" in problems
        assert "line 1, theme: 'no-such-theme' is not a theme" in problems
        screen.query_one("#keys").focus()  # the last button: below the fold at 80x24
        await pilot.press("enter")  # the keys in force, and your own
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen), what="the keys")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back to the settings")
        await pilot.press("escape")  # nothing changed: closes at once
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="closed")

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await pilot.press(*"Settings")
        await settle(pilot)
        await pilot.pause(0.3)  # the palette gathers its hits in the background
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings")


async def test_saving_writes_the_changed_settings_and_keeps_the_comments(demo_url):
    path = settings_file(COMMENTED)
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#waiting-days", Input).value == "20"
        screen.query_one("#theme", Select).value = "textual-light"
        screen.query_one("#start-pane", Select).value = "ideas"
        await type_into(pilot, screen, "waiting-days", "21")
        await type_into(pilot, screen, "weight-reach", "7")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="saved")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# my own note: keep it\n")
        assert "# two weeks is too short" in text
        loaded = settings.load(path)
        assert loaded.problems == []
        assert loaded.settings.theme == "textual-light"
        assert loaded.settings.start_pane == "ideas"
        assert loaded.settings.waiting_too_long_days == 21
        assert loaded.settings.idea_weights == {"benefit": 3, "effort": 2, "strategic_fit": 3,
                                                "reach": 7}
        assert loaded.settings.language is None and loaded.settings.user is None  # untouched
        assert "backups" not in text  # a field left alone is not written
        assert settings.current().waiting_too_long_days == 21  # in force at once
        assert app.theme == "textual-light"


async def test_invalid_values_are_named_at_their_fields_and_nothing_is_written(demo_url):
    path = settings_file(COMMENTED)
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, screen, "weight-benefit", "11")
        await type_into(pilot, screen, "waiting-days", "abc")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: error_of(screen, "waiting-days"), what="the errors")
        assert error_of(screen, "weight-benefit") == "Benefit: enter a whole number from 0 to 10."
        assert error_of(screen, "waiting-days") == (
            "Waiting too long (days): enter a whole number from 1 to 365.")
        assert screen.query_one("#waiting-days", Input).has_class("-invalid")
        assert app.screen is screen
        assert path.read_text(encoding="utf-8") == COMMENTED
        assert settings.current().waiting_too_long_days == settings.DEFAULT_WAITING_DAYS

        await type_into(pilot, screen, "weight-benefit", "0")  # all four 0: one must count
        for criterion in ("effort", "strategic_fit", "reach"):
            await type_into(pilot, screen, f"weight-{criterion}", "0")
        await type_into(pilot, screen, "waiting-days", "30")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: error_of(screen, "weights"), what="the weights' error")
        assert error_of(screen, "weights") == (
            "Idea score weights: at least one weight must be above 0")
        assert path.read_text(encoding="utf-8") == COMMENTED


async def test_a_file_that_does_not_parse_is_never_overwritten(demo_url):
    broken = "# mine\nlanguage = \"de\"\n[requests\nwaiting_too_long_days = 20\n"
    path = settings_file(broken)
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        assert "line 3" in str(screen.query_one("#settings-problems", Static).render())
        await type_into(pilot, screen, "waiting-days", "25")
        await pilot.press("ctrl+s")
        problems = screen.query_one("#settings-problems", Static)
        await wait_until(pilot, lambda: problems.has_class("-refused"), what="the refusal")
        refusal = str(problems.render())
        assert refusal.startswith(f"{path}: line 3")
        assert "Nothing was saved" in refusal
        assert app.screen is screen  # the form stays, with what was typed
        assert screen.query_one("#waiting-days", Input).value == "25"
        assert path.read_text(encoding="utf-8") == broken


async def test_today_shows_the_new_waiting_threshold_after_saving(demo_url):
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        today = app.screen_stack[0]
        assert header(today, SectionKey.REQUESTS_WAITING).startswith(
            "Requests waiting more than 14 days")
        await type_into(pilot, screen, "waiting-days", "21")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen) and app.screen.complete,
                         what="the Today pane again")
        assert header(app.screen, SectionKey.REQUESTS_WAITING).startswith(
            "Requests waiting more than 21 days")


async def test_switching_to_german_shows_the_app_in_german_at_once(demo_url):
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        before = app.screen_stack[0]
        screen.query_one("#language", Select).value = "de"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen)
                         and app.screen is not before and app.screen.complete,
                         what="the Today pane built anew")
        assert i18n.current_language() == "de"
        assert settings.load().settings.language == "de"
        assert header(app.screen, SectionKey.FOLLOWUPS_OVERDUE).startswith(
            "Überfällige Wiedervorlagen")
        descriptions = {active.binding.description for active in app.screen.active_bindings.values()}
        assert {"Erfassen", "Suchen", "Hilfe"} <= descriptions  # the app's own keys too
        await pilot.press("2")  # another pane, built in German too
        await wait_until(pilot, lambda: app.current_mode == "requests", what="the Requests pane")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="settings")
        assert app.screen.query_one("#language", Select).value == "de"


async def test_moving_through_the_themes_previews_them_and_esc_restores(demo_url):
    path = settings_file(COMMENTED)
    app = OfficerApp(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_settings(pilot)
        before = app.theme
        themes = screen.query_one("#theme", Select)
        themes.focus()
        await pilot.press("enter", "down")  # the list opens; the next theme shows at once
        await settle(pilot)
        previewed = app.theme
        assert previewed != before
        await pilot.press("escape")  # the list closes without a choice: the theme as it was
        await settle(pilot)
        assert app.theme == before and app.screen is screen

        await pilot.press("enter", "down", "enter")  # chosen this time
        await settle(pilot)
        assert themes.value == previewed and app.theme == previewed
        await pilot.press("escape")  # unsaved changes: asks once
        await settle(pilot)
        assert app.screen is screen and app.theme == previewed
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="closed")
        assert app.theme == before
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == COMMENTED  # a preview writes nothing
        assert settings.current().theme == settings.DEFAULT_THEME


def test_the_hints_say_who_backs_up_a_server_and_which_variables_win(monkeypatch):
    monkeypatch.setenv("OFFICER_USER", "Anna Berger")
    on_server = hints(OfficerApp("postgresql+psycopg://officer@/team?host=/tmp/x"),
                      settings.Settings())
    assert "its admin makes the backups" in on_server["backup_keep"]
    assert on_server["user"].endswith("OFFICER_USER=Anna Berger is set in the environment and wins.")
    assert "OFFICER_LANG=en" in on_server["language"]  # the tests' own language
    local = hints(OfficerApp("sqlite:///officer.db"), settings.Settings())
    assert local["backup_keep"] == "One a day when the app opens; 0 turns them off."
