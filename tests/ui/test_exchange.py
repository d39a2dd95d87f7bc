"""Export and import dialogs (palette: "Export data", "Import a JSON export") driven through the
real app on real SQLite files: every format written, progress to 100 %, refused targets and
files, a restore into an empty database, a merge that changes nothing the second time."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, ProgressBar, Static

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.exchange import ExportScreen, ImportScreen
from officer_tui.ui.screens.exchange_format import Cancelled, Throttle, counts_text, table_label
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.welcome import WelcomeScreen
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

SIZE = (80, 24)  # the smallest terminal the dialogs must fit


@pytest.fixture
def demo(database):
    """The demo culture department; its number of requests."""
    from officer_tui.services.seed import seed_demo

    with database.session() as session:
        seed_demo(session, today=TODAY)
    return count_rows(database, "request")


def count_rows(database, table: str) -> int:
    import sqlalchemy as sa

    with database.session() as session:
        return session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def export_file(tmp_path, database, demo) -> Path:
    """A JSON export of the demo data, written by the service."""
    from officer_tui.services.exchange import export_json

    path = tmp_path / "handover" / "officer-export.json"
    with database.session() as session:
        export_json(session, path=path)
    return path


@pytest.fixture
def empty_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'new-laptop.db'}"


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_tool(pilot, name: str):
    app = pilot.app
    await wait_until(pilot, lambda: app.database is not None and app.current_mode != "_default"
                     or isinstance(app.screen, WelcomeScreen), what="the app")
    app.open_tool("exchange", name)
    await wait_until(pilot, lambda: type(app.screen).__name__ == name, what=name)
    return app.screen


def fits(app, widget_id: str) -> bool:
    """The widget is on screen, inside the terminal."""
    region = app.screen.query_one(widget_id).region
    return region.height > 0 and region.bottom <= app.size.height and region.right <= app.size.width


# --- export --------------------------------------------------------------------------------


@pytest.mark.parametrize(("downs", "name"), [
    (0, "officer-export.json"), (1, "csv-folder"), (2, "officer-export.xlsx"), (3, "dates.ics"),
])
async def test_each_format_is_exported_through_the_dialog(db_url, demo, tmp_path, downs, name):
    target = tmp_path / "out" / name
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ExportScreen")
        for _ in range(downs):
            await pilot.press("down")
        await settle(pilot)
        suggested = screen.query_one("#export-target", Input).value
        assert "officer-export-" + TODAY.isoformat() in suggested
        assert suggested.endswith(name[name.index("."):] if "." in name else TODAY.isoformat())
        screen.query_one("#export-target", Input).value = str(target)
        screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: text_of(screen, "#export-summary"), what="the summary")

        summary = text_of(screen, "#export-summary")
        assert str(target) in summary
        assert screen.query_one("#export-progress", ProgressBar).percentage == 1.0
        assert fits(app, "#close")
        if downs == 1:
            files = sorted(path.name for path in target.iterdir())
            assert "requests.csv" in files and "contacts.csv" in files
            assert "CSV files" in summary
            assert target.joinpath("requests.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        else:
            assert target.is_file()
            assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data
            assert not [p for p in target.parent.iterdir() if p != target]  # no temporary left
        if downs == 0:
            data = json.loads(target.read_text(encoding="utf-8"))
            assert len(data["tables"]["request"]) == demo
            assert f"Requests {demo}" in summary
        if downs == 3:
            assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
            assert "Meetings" in summary
        await pilot.press("escape")  # focus is on Close: the dialog closes
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


async def test_an_unwritable_target_is_a_message_in_the_dialog(db_url, demo, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ExportScreen")
        target = screen.query_one("#export-target", Input)

        target.value = str(blocker / "officer-export.json")
        target.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.query_one("#export-error").has_class("-shown"),
                         what="the message")
        assert "cannot write" in text_of(screen, "#export-error")
        assert str(blocker) in text_of(screen, "#export-error")
        assert isinstance(app.screen, ExportScreen)  # still open, the path can be corrected

        target.value = str(tmp_path)  # an existing folder as the file
        await pilot.press("enter")
        await settle(pilot)
        assert "is a folder" in text_of(screen, "#export-error")
        assert target.has_class("-invalid")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".json") == []


async def test_an_existing_file_is_replaced_only_after_a_second_enter(db_url, demo, tmp_path):
    target = tmp_path / "officer-export.json"
    target.write_text("old", encoding="utf-8")
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ExportScreen")
        field = screen.query_one("#export-target", Input)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "exists" in text_of(screen, "#export-error")
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.press("enter")
        await wait_until(pilot, lambda: text_of(screen, "#export-summary"), what="the summary")
        assert json.loads(target.read_text(encoding="utf-8"))["format"] == "officer-tui-export"


async def test_the_calendar_takes_a_date_range_and_refuses_a_bad_one(db_url, demo, tmp_path):
    target = tmp_path / "dates.ics"
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ExportScreen")
        assert not screen.query_one("#export-dates").display  # only for the calendar
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert screen.query_one("#export-dates").display
        screen.query_one("#export-target", Input).value = str(target)
        screen.query_one("#export-from", Input).value = "1.4.2026"
        screen.query_one("#export-to", Input).value = "1.3.2026"
        screen.query_one("#export-to", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "before the start" in text_of(screen, "#export-error")
        assert not target.exists()

        screen.query_one("#export-to", Input).value = "someday"
        await pilot.press("enter")
        await settle(pilot)
        assert "not a date" in text_of(screen, "#export-error")
        assert not target.exists()

        screen.query_one("#export-from", Input).value = TODAY.isoformat()
        screen.query_one("#export-to", Input).value = ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: text_of(screen, "#export-summary"), what="the summary")
        assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


# --- import --------------------------------------------------------------------------------


async def read_file(pilot, screen: ImportScreen, path: Path) -> None:
    field = screen.query_one("#import-file", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.preview is not None
                     or screen.query_one("#import-error").has_class("-shown"), what="the dry run")


def table_rows(screen: ImportScreen) -> dict[str, list[str]]:
    table = screen.query_one("#import-table", DataTable)
    return {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows}


async def test_a_json_export_is_restored_into_an_empty_database(export_file, empty_url, demo):
    app = OfficerApp(empty_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        # A new laptop: the welcome of the empty database; the import comes from the palette.
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome")
        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, export_file)

        header = text_of(screen, "#import-header")
        assert "schema" in header and "records" in header
        assert "empty" in text_of(screen, "#import-mode")
        rows = table_rows(screen)
        assert rows["request"][:3] == [table_label("request"), str(demo), str(demo)]
        assert "would add" in text_of(screen, "#import-summary")
        assert app.focused is screen.query_one("#confirm", Button)
        assert fits(app, "#confirm")  # 80x24: the button is on screen
        assert count_rows(app.database, "request") == 0  # the dry run wrote nothing

        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.result is not None, what="the import")
        assert screen.query_one("#import-progress", ProgressBar).percentage == 1.0
        total = sum(screen.header.counts.values())
        assert f"Imported: {total:,} new, 0 updated" in text_of(screen, "#import-summary")
        assert count_rows(app.database, "request") == demo

        await pilot.press("enter")  # focus is on Close
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the Requests pane")
        assert app.screen.query_one(VirtualTable).row_count > 0


async def test_panes_shown_before_an_import_show_the_imported_data(export_file, empty_url, demo):
    app = OfficerApp(empty_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome")
        await pilot.press("e")  # start empty
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the Requests pane")
        requests_pane = app.screen
        assert requests_pane.query_one(VirtualTable).row_count == 0
        await pilot.press("3")  # the Ideas pane, empty, then back
        await settle(pilot)
        ideas_pane = app.screen
        await pilot.press("2")
        await settle(pilot)

        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, export_file)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: screen.result is not None, what="the import")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is requests_pane
                         and requests_pane.query_one(VirtualTable).row_count > 0,
                         what="the requests in the pane shown")

        await pilot.press("3")
        await wait_until(pilot, lambda: app.current_mode == "ideas"
                         and app.screen.query_one(VirtualTable).row_count > 0, what="the ideas")
        assert app.screen is not ideas_pane  # built anew: filter choices and all
        await pilot.press("2")
        await settle(pilot)
        assert app.screen is not requests_pane  # left once, so built anew as well
        await wait_until(pilot, lambda: app.screen.query_one(VirtualTable).row_count > 0,
                         what="the requests")


async def test_importing_the_same_file_again_changes_nothing(export_file, db_url, database, demo):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, export_file)
        assert "merged" in text_of(screen, "#import-mode")
        rows = table_rows(screen)
        assert rows["request"] == [table_label("request"), str(demo), "–", "–", str(demo)]
        assert "Nothing would change" in text_of(screen, "#import-summary")
        assert screen.query_one("#confirm", Button).disabled
        await pilot.press("ctrl+s")  # nothing to import: the key does nothing
        await settle(pilot)
        assert screen.result is None
        assert app.focused is screen.query_one("#close", Button)
    assert count_rows(database, "request") == demo


@pytest.mark.parametrize(("content", "says"), [
    ("this is not json", ""),  # the service's words for it; the dialog shows them
    ('{"format": "something-else", "tables": {}}', "not an officer-tui export"),
])
async def test_a_bad_file_is_refused_and_nothing_is_imported(tmp_path, empty_url, content, says):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    app = OfficerApp(empty_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome")
        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, bad)
        message = text_of(screen, "#import-error")
        assert message.strip() and says in message
        assert "Nothing was imported" in text_of(screen, "#import-header")
        assert screen.query_one("#import-file", Input).has_class("-invalid")
        assert screen.query_one("#confirm", Button).disabled
        assert screen.preview is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.result is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)  # still empty: the welcome stays
        assert count_rows(app.database, "orgunit") == 0


async def test_a_truncated_export_is_refused_by_its_header(export_file, tmp_path, empty_url):
    cut = tmp_path / "cut.json"
    data = export_file.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    app = OfficerApp(empty_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome")
        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, cut)
        assert screen.query_one("#import-error").has_class("-shown")
        assert screen.query_one("#confirm", Button).disabled
        assert count_rows(app.database, "request") == 0


async def test_the_picker_lists_the_exports_folder_and_takes_a_file(export_file, db_url, demo):
    from officer_tui.services.meeting_queries import exports_folder

    folder = exports_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("not offered", encoding="utf-8")
    (folder / "older").mkdir()
    picked = folder / "officer-export-2026-03-01.json"
    picked.write_bytes(export_file.read_bytes())
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "ImportScreen")
        await pilot.press("ctrl+o")
        await settle(pilot)
        picker = screen.query_one("#picker-entries", OptionList)
        assert app.focused is picker
        shown = [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)]
        assert shown[0] == "../" and "older/" in shown
        assert any(line.startswith(picked.name) for line in shown)
        assert not any("notes.txt" in line for line in shown)
        await pilot.press("enter")  # the newest .json is highlighted
        await wait_until(pilot, lambda: screen.preview is not None, what="the dry run")
        assert screen.query_one("#import-file", Input).value == str(picked)
        assert not screen.query_one("#import-picker").display


# --- the parts -------------------------------------------------------------------------------


def test_a_cancelled_import_changes_nothing(export_file, empty_url):
    """Esc during an import: the progress report raises, the one transaction rolls back."""
    from officer_tui.services.database import open_database
    from officer_tui.services.exchange import import_json

    shown: list[tuple[str, int, int]] = []
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3  # cancelled after a few reports

    database = open_database(empty_url)
    try:
        with database.session() as session, pytest.raises(Cancelled):
            import_json(session, path=export_file, progress=Throttle(
                lambda *args: shown.append(args), cancelled, interval=0))
        assert shown  # it had begun
        assert count_rows(database, "request") == 0
        assert count_rows(database, "orgunit") == 0
    finally:
        database.close()


def test_counts_read_in_the_order_people_think_of_them():
    text = counts_text({"orgunit": 3, "request": 1234, "training_session": 2, "later": 5,
                        "ideagoal": 0})
    assert text == "Requests 1,234 · Training sessions 2 · Units 3 · later 5"
