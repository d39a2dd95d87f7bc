"""History and undo in the TUI: a record's history (ctrl+t), revert with preview, ctrl+z, the
change history of the whole database. The real app (Pilot) on a real SQLite file; the tests
marked ``both_backends`` also on a real PostgreSQL database."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from officer_tui.models.enums import Priority, RequestStatus
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.history import HistoryScreen, RevertScreen
from officer_tui.ui.screens.history_changes import ChangesScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.widgets.history_view import HistoryView
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def office(database, monkeypatch):
    """Two requests in a museum, made by anna (before the app starts: not undoable there)."""
    from officer_tui.services import requests, units

    monkeypatch.setenv("OFFICER_USER", "anna")
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})
        printer = requests.create_request(
            session, data={"title": "Drucker im Foyer defekt", "unit_id": museum.id,
                           "received_on": TODAY})
        wifi = requests.create_request(
            session, data={"title": "WLAN für Besucher", "unit_id": museum.id, "received_on": TODAY})
    monkeypatch.setenv("OFFICER_USER", "ben")  # who works in the app
    return {"museum": museum.id, "printer": printer.id, "wifi": wifi.id}


def stored(database, request_id: int):
    from officer_tui.services import requests

    with database.session() as session:
        return requests.get_request(session, request_id)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def shown(widget: Static) -> str:
    return str(widget.render())


async def open_pane(pilot) -> RequestsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     what="the Requests pane")
    return app.screen


async def select_row(pilot, screen: RequestsScreen, request_id: int) -> None:
    table = screen.query_one(VirtualTable)
    table.focus()
    await press_until(pilot, "down", lambda: table.cursor_key == request_id, what="the request")


async def edit_title(pilot, screen: RequestsScreen, request_id: int, title: str) -> None:
    app = pilot.app
    await select_row(pilot, screen, request_id)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                     and app.screen.query_one("#title", Input).value, what="the filled form")
    app.screen.query_one("#title", Input).value = title
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")


async def open_history(pilot) -> HistoryScreen:
    app = pilot.app
    await pilot.press("ctrl+t")
    await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded_once,
                     what="the history")
    return app.screen


def entries(screen) -> list[str]:
    table = screen.query_one(HistoryView).table
    return [" | ".join(str(cell) for cell in table.row_at(i).cells) for i in range(table.row_count)]


@pytest.mark.both_backends
async def test_a_form_edit_shows_in_the_history_and_reverts_with_a_preview(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await edit_title(pilot, screen, office["wifi"], "WLAN für Besucher im Lesesaal")
        history = await open_history(pilot)
        assert "Request #{id}".format(id=office["wifi"]) in shown(history.query_one(".history-title", Static))
        rows = entries(history)
        assert len(rows) == 2  # the edit, newest first, then anna's creation
        assert rows[0].split(" | ")[1] == "ben" and rows[0].endswith("changed: Title")
        assert rows[1].split(" | ")[1] == "anna" and rows[1].endswith("created")
        fields = shown(history.query_one(".history-fields", Static))
        assert "Title: WLAN für Besucher → WLAN für Besucher im Lesesaal" in fields

        await pilot.press("enter")  # revert the highlighted change: the preview first
        await wait_until(pilot, lambda: isinstance(app.screen, RevertScreen) and app.screen.plan,
                         what="the preview")
        preview = app.screen
        assert "by ben: 1 record" in shown(preview.query_one("#revert-sentence", Static))
        assert "Title: WLAN für Besucher im Lesesaal → WLAN für Besucher" in shown(
            preview.query_one("#revert-plan", Static))
        assert stored(database, office["wifi"]).title == "WLAN für Besucher im Lesesaal"  # not yet
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), what="the revert")
        assert stored(database, office["wifi"]).title == "WLAN für Besucher"
        await wait_until(pilot, lambda: len(entries(app.screen)) == 3, what="the revert in the history")
        assert "undo – changed: Title" in entries(app.screen)[0]
        assert any(m.startswith("Undone: Request #") for m in messages(app))


async def test_escape_in_the_preview_changes_nothing(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await edit_title(pilot, screen, office["wifi"], "WLAN neu")
        await open_history(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RevertScreen) and app.screen.plan,
                         what="the preview")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert stored(database, office["wifi"]).title == "WLAN neu"


@pytest.mark.both_backends
async def test_ctrl_z_walks_back_two_changes_then_has_nothing_to_undo(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await edit_title(pilot, screen, office["printer"], "Drucker im Foyer wieder defekt")
        await select_row(pilot, screen, office["printer"])
        await pilot.press("p")
        await settle(pilot)
        await press_until(pilot, "up", lambda: app.screen.query_one("OptionList").highlighted == 0,
                          what="urgent")
        await pilot.press("enter")
        await wait_until(pilot, lambda: stored(database, office["printer"]).priority == Priority.URGENT,
                         what="the priority saved")
        await settle(pilot)

        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: any(m.startswith("Undone") for m in messages(app)), what="undo")
        assert stored(database, office["printer"]).priority == Priority.NORMAL
        assert stored(database, office["printer"]).title == "Drucker im Foyer wieder defekt"
        # Setting a priority also triaged the new request: both come back together.
        assert f"Undone: Request #{office['printer']} “Drucker im Foyer wieder defekt”: Priority, Status" \
            in messages(app)
        assert stored(database, office["printer"]).status == RequestStatus.NEW
        # The pane shows the restored data (its detail too).
        await wait_until(pilot, lambda: screen._detail is not None
                         and screen._detail.request.priority == Priority.NORMAL, what="the detail afresh")

        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: stored(database, office["printer"]).title == "Drucker im Foyer defekt",
                         what="the second undo")
        # The record as that change left it; the change was to its title.
        assert f"Undone: Request #{office['printer']} “Drucker im Foyer wieder defekt”: Title" in messages(app)

        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "Nothing to undo" in messages(app), what="nothing to undo")
    assert stored(database, office["printer"]).title == "Drucker im Foyer defekt"  # anna's work stays


async def test_ctrl_z_with_nothing_done_in_this_window(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: "Nothing to undo" in messages(app), what="nothing to undo")
    assert stored(database, office["wifi"]).title == "WLAN für Besucher"


async def test_ctrl_z_in_a_form_field_does_not_undo_saved_changes(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await edit_title(pilot, screen, office["wifi"], "WLAN neu")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                         and app.screen.query_one("#title", Input).value, what="the form")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert not any(m.startswith("Undone") for m in messages(app))
    assert stored(database, office["wifi"]).title == "WLAN neu"


@pytest.mark.both_backends
async def test_a_refused_revert_shows_why_and_changes_nothing(db_url, database, office):
    """Creating the museum cannot be reverted while its requests refer to it."""
    from officer_tui.services import units

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        app.push_screen(HistoryScreen("orgunit", office["museum"], "Stadtmuseum"))
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded_once,
                         what="the unit's history")
        assert entries(app.screen)[0].endswith("created")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RevertScreen) and app.screen.plan,
                         what="the preview")
        preview = app.screen
        assert not preview.plan.ok
        verdict = preview.query_one("#revert-verdict", Static)
        assert "cannot be reverted" in shown(verdict) and "2 other records refer to it" in shown(verdict)
        assert "2 other records refer to it" in shown(preview.query_one("#revert-plan", Static))
        await pilot.press("enter")  # cannot be confirmed
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is preview
    with database.session() as session:
        assert units.get_unit(session, office["museum"]).name == "Stadtmuseum"


async def test_markup_in_a_title_shows_literally(db_url, database, office):
    from officer_tui.services import requests

    with database.session() as session:
        requests.update_request(session, request_id=office["wifi"],
                                changes={"title": "[bold red]WLAN[/] [link=x]kaputt"})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["wifi"])
        history = await open_history(pilot)
        assert "“[bold red]WLAN[/] [link=x]kaputt”" in shown(history.query_one(".history-title", Static))
        assert "WLAN für Besucher → [bold red]WLAN[/] [link=x]kaputt" in shown(
            history.query_one(".history-fields", Static))


@pytest.mark.both_backends
async def test_the_change_history_lists_changes_by_user_and_filters_by_kind(db_url, database, office,
                                                                            monkeypatch):
    from officer_tui.services import ideas

    with database.session() as session:
        ideas.create_idea(session, data={"title": "Digitale Führungen"})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        app.open_tool("history_changes", "ChangesScreen")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangesScreen) and app.screen.loaded_once,
                         what="the change history")
        changes = app.screen
        rows = entries(changes)
        assert len(rows) == 4  # the unit and two requests by anna, the idea by ben
        assert rows[0].split(" | ")[1:3] == ["ben", "Idea"]
        assert "“Digitale Führungen”: created" in rows[0]
        assert [row.split(" | ")[1] for row in rows[1:]] == ["anna", "anna", "anna"]

        await wait_until(pilot, lambda: len(changes.query_one("#changes-kind", Select)._options) > 2,
                         what="the kinds")
        changes.query_one("#changes-kind", Select).value = "request"
        await wait_until(pilot, lambda: len(entries(changes)) == 2, what="requests only")
        assert all(row.split(" | ")[2] == "Request" for row in entries(changes))

        changes.query_one("#changes-user", Select).value = "ben"
        await wait_until(pilot, lambda: changes.user == "ben" and changes.loaded_once, what="ben")
        await settle(pilot)
        assert entries(changes) == []
        assert changes.query_one(HistoryView).table._empty_text == "No change matches these choices."

        changes.query_one("#changes-kind", Select).clear()
        await wait_until(pilot, lambda: len(entries(changes)) == 1, what="ben's changes")
        changes.query_one(HistoryView).focus()
        await pilot.press("o")  # opens the idea
        await wait_until(pilot, lambda: type(app.screen).__name__ == "IdeaFormScreen", what="the idea")


async def test_the_history_in_german(db_url, database, office, german):
    from officer_tui.services import requests

    with database.session() as session:
        requests.update_request(session, request_id=office["wifi"], changes={"title": "WLAN neu"})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["wifi"])
        history = await open_history(pilot)
        assert f"Anfrage #{office['wifi']}" in shown(history.query_one(".history-title", Static))
        assert "Titel: WLAN für Besucher → WLAN neu" in shown(history.query_one(".history-fields", Static))
        when = entries(history)[0].split(" | ")[0]
        assert when[2] == "." and when[5] == "."  # dd.mm.yyyy hh:mm
        assert any(b.binding.description == "Schließen" for b in history.active_bindings.values())


@pytest.mark.both_backends
async def test_two_quick_ctrl_z_undo_two_changes_one_after_the_other(db_url, database, office):
    from officer_tui.services import requests

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        for title in ("WLAN eins", "WLAN zwei"):  # saved through this window's database
            with app.database.session() as session:
                requests.update_request(session, request_id=office["wifi"], changes={"title": title})
        await pilot.press("ctrl+z", "ctrl+z")  # the second does not wait for the first
        await wait_until(pilot, lambda: sum(m.startswith("Undone") for m in messages(app)) == 2,
                         what="two undos")
    assert stored(database, office["wifi"]).title == "WLAN für Besucher"


@pytest.mark.both_backends
async def test_ctrl_z_undoes_only_the_change_made_in_this_window(db_url, database, office, monkeypatch):
    """Anna and Ben in two windows on one database: Ben raises the priority after Anna's title
    edit; Ctrl+Z in Anna's window takes back her title and leaves Ben's priority."""
    anna, ben = OfficerApp(db_url, first_pane="requests"), OfficerApp(db_url, first_pane="requests")
    async with anna.run_test(size=SIZE) as one, ben.run_test(size=SIZE) as two:
        monkeypatch.setenv("OFFICER_USER", "anna")
        await edit_title(one, await open_pane(one), office["printer"], "Drucker im Foyer: Toner leer")
        monkeypatch.setenv("OFFICER_USER", "ben")
        pane = await open_pane(two)
        await select_row(two, pane, office["printer"])
        await two.press("p")
        await settle(two)
        await press_until(two, "up", lambda: ben.screen.query_one("OptionList").highlighted == 0,
                          what="urgent")
        await two.press("enter")
        await wait_until(two, lambda: stored(database, office["printer"]).priority == Priority.URGENT,
                         what="Ben's priority")

        monkeypatch.setenv("OFFICER_USER", "anna")
        await one.press("ctrl+z")
        await wait_until(one, lambda: any(m.startswith("Undone") for m in messages(anna)), what="the undo")
        request = stored(database, office["printer"])
        assert (request.title, request.priority) == ("Drucker im Foyer defekt", Priority.URGENT)
        # Anna's pane shows Ben's priority with her title restored; the history names both.
        history = await open_history(one)
        rows = [row.split(" | ")[1:] for row in entries(history)]
        assert rows[:3] == [["anna", "undo – changed: Title"], ["ben", "changed: Priority, Status"],
                            ["anna", "changed: Title"]]
        await one.press("escape")
        await two.press("ctrl+z")  # Ben's window undoes Ben's change, not Anna's undo
        await wait_until(two, lambda: any(m.startswith("Undone") for m in messages(ben)), what="Ben's undo")
    request = stored(database, office["printer"])
    assert (request.title, request.priority) == ("Drucker im Foyer defekt", Priority.NORMAL)
