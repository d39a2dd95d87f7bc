"""Remappable keys: every binding has an id, the settings file's [keys] take effect everywhere
(panes, dialogs pushed later, priority keys), mistakes are reported with their line and the app
still starts, the help lists the keys in force, and the Keys screen remaps and resets."""

from __future__ import annotations

import inspect

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable, Input

from officer_tui import settings
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.key_catalogue import _ui_modules
from officer_tui.ui.key_names import KeyNameError, key_label, normalize_key
from officer_tui.ui.keys import binding_catalogue, check_keys, checked_keymap
from officer_tui.ui.screens.capture import CaptureScreen
from officer_tui.ui.screens.help import HelpScreen
from officer_tui.ui.screens.keys import KeyCaptureScreen, KeysScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.search import SearchScreen
from tests.ui.helpers import settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def office(database):
    from officer_tui.services import units

    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})


def use_keys(text: str) -> None:
    """Write ``[keys]`` into the settings file and make it the process's settings."""
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my keys\n" + text, encoding="utf-8")
    loaded = settings.load()
    settings.activate(loaded.settings)


async def start(pilot, pane: type = RequestsScreen):
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, pane), what="the pane")
    await settle(pilot)  # the keymap worker too


# --- the catalogue -----------------------------------------------------------------------------


def test_every_binding_has_an_id_and_a_tooltip():
    seen: dict[str, str] = {}
    for module in _ui_modules():
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, DOMNode)
                    and cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__):
                continue
            for binding in cls.__dict__["BINDINGS"]:
                where = f"{cls.__qualname__} ({module.__name__})"
                assert isinstance(binding, Binding), f"{where}: {binding!r} is a tuple, not a Binding"
                assert binding.id, f"{where}: the binding {binding.key!r} has no id"
                assert binding.tooltip, f"{where}: the binding {binding.id} has no tooltip"
                assert seen.setdefault(binding.id, where) == where, (
                    f"{binding.id} is used by {seen[binding.id]} and {where}")
    assert {"app.capture", "app.search", "requests.new", "form.save", "table.down"} <= set(seen)


def test_the_catalogue_says_where_each_binding_works():
    entries = binding_catalogue().entries
    assert entries["app.capture"].where() == "Everywhere"
    assert entries["app.capture"].keys == ("c",)
    assert entries["requests.new"].where() == "Requests"
    assert entries["followups.close"].keys == ("escape", "w")
    assert entries["app.help"].keys == ("question_mark",)
    assert entries["form.save"].group == "dialog"
    assert entries["table.down"].group == "lists"
    assert entries["app.search"].priority


@pytest.mark.parametrize(("written", "name"), [
    ("n", "n"), ("N", "N"), ("shift+n", "N"), ("Ctrl+N", "ctrl+n"), ("?", "question_mark"),
    ("F5", "f5"), ("Esc", "escape"), ("PgDn", "pagedown"), ("ctrl+shift+up", "ctrl+shift+up"),
    ("ctrl+i", "tab"), ("+", "plus"), ("alt+x", "alt+x"),
])
def test_key_names_as_people_write_them(written, name):
    assert normalize_key(written) == name


@pytest.mark.parametrize("written", ["hyperdrive", "ctrl+", "foo+n", "shift+1", "ctrl+\x01"])
def test_keys_no_terminal_sends_are_refused(written):
    with pytest.raises(KeyNameError):
        normalize_key(written)


def test_key_labels_read_like_a_keyboard(german):
    assert key_label("ctrl+n") == "Strg+N"
    assert key_label("question_mark") == "?"
    assert key_label("f2") == "F2"


def test_the_keymap_reports_each_mistake_with_its_line_and_applies_the_rest():
    use_keys('[keys]\n"app.capture" = "z"\n"app.kapture" = "x"\n"requests.sort" = "hyperdrive"\n'
             '"requests.priority" = "n"\n"app.search" = "s"\n"ideas.sort" = "q"\n')
    keymap, problems = checked_keymap(settings.current())
    assert keymap == {"app.capture": "z"}
    assert problems[0].startswith("line 4, keys.app.kapture: no binding has this id")
    assert 'did you mean "app.capture"' in problems[0]
    assert problems[1].startswith("line 5, keys.requests.sort: 'hyperdrive' is not a key")
    assert problems[2].startswith("line 6, keys.requests.priority: n is taken by \"New\" "
                                  "(requests.new, Requests)")
    assert problems[3].startswith("line 7, keys.app.search: s would be typed into text fields")
    assert problems[4].startswith('line 8, keys.ideas.sort: q is taken by "Quit" (app.quit')
    assert all(problem.endswith("not applied") for problem in problems)


def test_a_swap_in_one_pane_is_no_clash_and_two_claims_on_a_key_refuse_the_later():
    check = check_keys(settings.Settings(keys={"requests.new": "o", "requests.sort": "n"}))
    assert check.applied == {"requests.new": ("o",), "requests.sort": ("n",)}
    check = check_keys(settings.Settings(keys={"requests.status": "x", "requests.priority": "x"}))
    assert check.applied == {"requests.status": ("x",)}
    assert check.problem_of("requests.priority") is not None


def test_an_app_key_clashes_with_a_pane_key_but_not_with_a_dialog_key():
    check = check_keys(settings.Settings(keys={"app.capture": "n"}))
    assert check.applied == {}
    assert "n is taken by" in check.lines()[0] and ".new" in check.lines()[0]
    # A dialog does not see the app's ordinary keys (q quits only outside dialogs)...
    check = check_keys(settings.Settings(keys={"pick.cancel": "q"}))
    assert check.applied == {"pick.cancel": ("q",)}
    # ... but the app's priority keys reach it.
    check = check_keys(settings.Settings(keys={"pick.cancel": "ctrl+f"}))
    assert "app.search" in check.lines()[0]


def test_textual_keeps_the_bindings_that_share_a_moved_key():
    """"a" is both "Absent" and "Add item" in a meeting: moving one keeps the other on "a"."""
    catalogue = binding_catalogue()
    check = check_keys(settings.Settings(keys={"meeting.absent": "z"}))
    from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen

    bindings = catalogue.namespaces[MeetingDetailScreen].bindings
    from textual.binding import BindingsMap

    applied = BindingsMap(bindings)
    applied.apply_keymap(check.keymap)
    by_id = {}
    for key, binding in applied:
        by_id.setdefault(binding.id, set()).add(key)
    assert by_id["meeting.absent"] == {"z"}
    assert by_id["meeting.add_item"] == {"a"}
    before = {binding.id for binding in bindings}
    assert before == set(by_id)


# --- in the app --------------------------------------------------------------------------------


async def test_a_remapped_key_works_in_every_pane_and_the_old_one_no_longer(db_url, office):
    use_keys('[keys]\n"app.capture" = "z"\n')
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)
        for mode in ("today", "ideas", "projects", "meetings", "training", "contacts"):
            app.switch_mode(mode)
            await wait_until(pilot, lambda mode=mode: app.current_mode == mode, what=mode)
            await settle(pilot)
            active = {key: bound.binding.id for key, bound in app.screen.active_bindings.items()}
            assert active.get("z") == "app.capture", mode
            assert active.get("c") != "app.capture", mode
        await pilot.press("z")
        await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen),
                         what="quick capture from the contacts pane")


async def test_pane_dialog_and_priority_keys_remapped(db_url, office):
    use_keys('[keys]\n"requests.new" = "a"\n"form.cancel" = "f9"\n"app.search" = "ctrl+g"\n')
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="the form")
        await pilot.press("escape")  # no longer closes the form
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        await pilot.press("ctrl+g")  # a priority key works over a dialog and in a text field
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="form")
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")


async def test_the_footer_and_the_help_show_the_key_in_force(db_url, office):
    use_keys('[keys]\n"requests.new" = "a"\n')
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = {key: active.binding.id for key, active in app.screen.active_bindings.items()}
        assert shown.get("a") == "requests.new" and "n" not in shown
        footer_keys = {getattr(widget, "key", None) for widget in app.screen.query("FooterKey")}
        assert "a" in footer_keys and "n" not in footer_keys
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        text = app.screen._markdown
        assert "| `a` | New |" in text and "`requests.new`" in text
        assert "| `n` |" not in text
        assert "[keys]" in text and str(settings.settings_path()) in text


async def test_mistakes_in_the_keys_show_with_their_line_and_the_app_starts(db_url, office):
    use_keys('[keys]\n"app.kapture" = "x"\n"requests.sort" = "p"\n"requests.new" = "a"\n')
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        messages = [notification.message for notification in app._notifications]
        text = "\n".join(messages)
        assert "line 3, keys.app.kapture: no binding has this id" in text
        assert "line 4, keys.requests.sort: p is taken by" in text
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="form")


# --- the Keys screen ---------------------------------------------------------------------------


async def open_keys(pilot, words: str) -> KeysScreen:
    app = pilot.app
    app.open_tool("keys", "KeysScreen")
    await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen)
                     and app.screen.query_one(DataTable).row_count > 0, what="the keys")
    screen = app.screen
    screen.query_one("#keys-filter", Input).value = words
    await settle(pilot)
    table = screen.query_one(DataTable)
    table.focus()
    table.move_cursor(row=1)  # the first row is the group's heading
    await settle(pilot)
    return screen


async def test_the_keys_screen_remaps_refuses_a_clash_and_resets(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await open_keys(pilot, "app.capture")
        assert screen._selected_id() == "app.capture"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCaptureScreen), what="prompt")
        await pilot.press("ctrl+f")  # taken by Search (and not run while a key is awaited)
        await wait_until(pilot, lambda: app.screen is screen, what="back")
        status = str(screen.query_one("#keys-status").render())
        assert "Not saved: Ctrl+F is taken by" in status and "app.search" in status
        assert not settings.settings_path().exists()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyCaptureScreen), what="prompt")
        await pilot.press("z")
        await wait_until(pilot, lambda: app.screen is screen, what="back")
        text = settings.settings_path().read_text(encoding="utf-8")
        assert '"app.capture" = "z"' in text
        status = str(screen.query_one("#keys-status").render())
        assert "“Capture” is now z" in status
        table = screen.query_one(DataTable)
        assert str(table.get_row("app.capture")[2]) == "z ●"
        assert settings.current().keys == {"app.capture": "z"}
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await pilot.press("z")  # in force at once
        await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen), what="capture")
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_keys(pilot, "app.capture")
        await pilot.press("delete")
        await settle(pilot)
        assert "app.capture" not in settings.settings_path().read_text(encoding="utf-8")
        assert settings.current().keys == {}
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen), what="capture")


async def test_the_palette_opens_the_keys_screen(db_url, office):
    from textual.command import CommandPalette

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await pilot.press(*"Keys")
        await settle(pilot)
        await pilot.pause(0.3)  # the palette gathers its hits in the background
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen), what="the keys")
