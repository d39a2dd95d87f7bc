"""Two people on one record: the form's save meets a newer stored version (another connection,
or another app instance) and the conflict dialog lets the user keep mine, take theirs or merge.

Every test runs on a real SQLite file and on a real PostgreSQL database (``both_backends``);
"the other person" is a second ``Database`` (its own engine and connections) or a second app.
Who saved what is checked in the history: the app works as anna (``OFFICER_USER``), the other
person saves as ben (the variable is read at each write, so the test switches it around the
other's save; the app's saves happen while it says anna).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, Select, Static

from officer_tui.models.enums import Priority
from officer_tui.services.database import open_database
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.conflict import ConflictScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

pytestmark = pytest.mark.both_backends

SIZE = (130, 40)
ORIGINAL = "Drucker im Foyer defekt"
MINE = "Drucker im Foyer: Toner leer"
THEIRS = "Drucker Foyer (IT informiert)"


@pytest.fixture(autouse=True)
def anna(monkeypatch):
    """The person at the keyboard of the app (window 1)."""
    monkeypatch.setenv("OFFICER_USER", "anna")


@contextmanager
def working_as(name: str) -> Iterator[None]:
    """Writes made in this block are recorded as ``name``'s."""
    before = os.environ.get("OFFICER_USER")
    os.environ["OFFICER_USER"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["OFFICER_USER"]
        else:
            os.environ["OFFICER_USER"] = before


@pytest.fixture
def printer(database):
    from officer_tui.services import contacts, requests, units

    with working_as("carla"), database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})
        person = contacts.create_contact(session, data={"name": "Jana Müller", "unit_id": museum.id})
        request = requests.create_request(
            session,
            data={"title": ORIGINAL, "unit_id": museum.id, "requester_id": person.id,
                  "received_on": TODAY - timedelta(days=3), "description": "Zieht kein Papier ein"},
        )
    return request.id


def stored(db_url: str, request_id: int):
    """The request as stored, read through a connection of its own."""
    from officer_tui.services import requests

    other = open_database(db_url)
    try:
        with other.session() as session:
            return requests.get_request(session, request_id)
    finally:
        other.close()


def history(db_url: str, request_id: int) -> list[tuple[str, str]]:
    """(who, what) of each change of the request, newest first, read on a connection of its own."""
    from officer_tui.services.history import record_history

    other = open_database(db_url)
    try:
        with other.session() as session:
            return [(change.user, change.summary)
                    for change in record_history(session, table="request", record_id=request_id)]
    finally:
        other.close()


def someone_else_saves(db_url: str, request_id: int, **changes) -> None:
    """Ben, in another program (its own engine), saves the request on the version he reads."""
    from officer_tui.services import requests

    other = open_database(db_url)
    try:
        with working_as("ben"), other.session() as session:
            current = requests.get_request(session, request_id)
            requests.update_request(session, request_id=request_id, changes=changes,
                                    expected_version=current.version)
    finally:
        other.close()


async def open_form(pilot, request_id: int) -> RequestFormScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     what="the Requests pane")
    assert app.screen.table.cursor_key == request_id
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                     and app.screen.query_one("#title", Input).value == ORIGINAL
                     and app.screen._pristine is not None, what="the edit form")
    return app.screen


async def conflict_after_save(pilot, db_url: str, request_id: int) -> tuple[RequestFormScreen, ConflictScreen]:
    """Open the form, type a new title; meanwhile the other saves title and priority; save."""
    form = await open_form(pilot, request_id)
    form.query_one("#title", Input).value = MINE
    someone_else_saves(db_url, request_id, title=THEIRS, priority=Priority.HIGH)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), what="the conflict dialog")
    return form, pilot.app.screen


async def test_the_dialog_shows_what_differs_as_people_read_it(db_url, printer):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        _form, dialog = await conflict_after_save(pilot, db_url, printer)
        title_line = str(dialog.query_one(".conflict-title", Static).render())
        assert title_line.startswith("ben saved this record (")  # who, from the history
        fields = {f.key: f for f in dialog.fields}
        assert set(fields) == {"title", "priority"}  # unit, dates, description: the same
        title, priority = fields["title"], fields["priority"]
        assert (title.label, title.base, title.mine, title.theirs) == ("Title", ORIGINAL, MINE, THEIRS)
        assert title.default is None  # both changed it: a conflict to decide
        assert (priority.label, priority.base, priority.mine, priority.theirs) == (
            "Priority", "normal", "normal", "high")  # labels, not enum values
        assert priority.default == "theirs"  # only they changed it
        table = dialog.query_one(DataTable)
        assert table.row_count == 2
        assert "conflict" in str(table.get_cell("title", "use"))
        # Enter with the conflict undecided saves nothing and keeps the dialog open.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert stored(db_url, printer).title == THEIRS


async def test_keep_mine_saves_my_values_over_theirs(db_url, printer):
    version = stored(db_url, printer).version
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await conflict_after_save(pilot, db_url, printer)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    request = stored(db_url, printer)
    assert (request.title, request.priority) == (MINE, Priority.NORMAL)
    assert request.description == "Zieht kein Papier ein"
    assert request.version == version + 2  # theirs, then mine on top of it
    # Nothing is lost: ben's change stays in the history, mine on top of it.
    assert history(db_url, printer) == [
        ("anna", "Title, Priority"), ("ben", "Title, Priority"), ("carla", "created")]


async def test_take_theirs_discards_my_edits_and_shows_the_stored_record(db_url, printer):
    version = stored(db_url, printer).version
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        form, _dialog = await conflict_after_save(pilot, db_url, printer)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == THEIRS
        assert form.query_one("#priority", Select).value == Priority.HIGH.value
        assert not form.is_dirty
        await pilot.press("escape")  # nothing unsaved: closes at once
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    request = stored(db_url, printer)
    assert (request.title, request.priority, request.version) == (THEIRS, Priority.HIGH, version + 1)
    assert history(db_url, printer) == [("ben", "Title, Priority"), ("carla", "created")]


async def test_merge_field_by_field(db_url, printer):
    version = stored(db_url, printer).version
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        _form, dialog = await conflict_after_save(pilot, db_url, printer)
        assert dialog.current.key == "title"
        await pilot.press("1")  # my title
        await pilot.press("down")
        assert dialog.current.key == "priority"
        await pilot.press("space")  # their priority -> mine ...
        await pilot.press("2")  # ... and back to theirs
        assert dialog.choices == {"title": "mine", "priority": "theirs"}
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    request = stored(db_url, printer)
    assert (request.title, request.priority) == (MINE, Priority.HIGH)
    assert request.version == version + 2
    assert history(db_url, printer) == [("anna", "Title"), ("ben", "Title, Priority"), ("carla", "created")]


async def test_escape_returns_to_the_form_with_nothing_lost(db_url, printer):
    version = stored(db_url, printer).version
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        form, _dialog = await conflict_after_save(pilot, db_url, printer)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == MINE
        assert form.query_one("#priority", Select).value == Priority.NORMAL.value
        assert form.is_dirty
        assert stored(db_url, printer).version == version + 1  # only theirs is stored
        # Saving again asks again: going back decided nothing.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), what="the dialog again")
        assert {f.key for f in app.screen.fields} == {"title", "priority"}
        await pilot.press("escape")
        await settle(pilot)
    request = stored(db_url, printer)
    assert (request.title, request.priority, request.version) == (THEIRS, Priority.HIGH, version + 1)


async def test_when_they_saved_what_i_typed_nothing_is_asked(db_url, printer):
    """They made the same change: nothing differs, so the form saves on the new version
    without a dialog (and writes nothing more)."""
    version = stored(db_url, printer).version
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, printer)
        form.query_one("#title", Input).value = MINE
        someone_else_saves(db_url, printer, title=MINE)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    request = stored(db_url, printer)
    assert request.title == MINE
    assert request.version == version + 1  # my save changed nothing more


async def test_only_my_changes_differ_the_dialog_defaults_to_mine(db_url, printer):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, printer)
        form.query_one("#title", Input).value = MINE
        someone_else_saves(db_url, printer, category="Hardware")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), what="the dialog")
        assert {f.key: f.default for f in app.screen.fields} == {"title": "mine", "category": "theirs"}
        await pilot.press("enter")  # everything decided by default: saves the merge
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    request = stored(db_url, printer)
    assert (request.title, request.category) == (MINE, "Hardware")


async def test_two_app_instances_on_one_database(db_url, printer):
    """Two windows: the second saves first; the first one's save meets the dialog."""
    version = stored(db_url, printer).version
    first, second = OfficerApp(db_url, first_pane="requests"), OfficerApp(db_url, first_pane="requests")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        form_one = await open_form(one, printer)
        form_two = await open_form(two, printer)
        form_one.query_one("#title", Input).value = MINE
        form_two.query_one("#title", Input).value = THEIRS
        with working_as("ben"):
            await two.press("ctrl+s")
            await wait_until(two, lambda: isinstance(second.screen, RequestsScreen), what="window 2 to save")
        await one.press("ctrl+s")
        await wait_until(one, lambda: isinstance(first.screen, ConflictScreen), what="the dialog in window 1")
        assert [(f.key, f.mine, f.theirs) for f in first.screen.fields] == [("title", MINE, THEIRS)]
        await one.press("t")
        await settle(one)
        assert form_one.query_one("#title", Input).value == THEIRS
    request = stored(db_url, printer)
    assert (request.title, request.version) == (THEIRS, version + 1)


async def test_two_windows_change_different_fields_and_both_changes_stay(db_url, printer):
    """Anna edits the title while Ben, in his window, raises the priority and saves first:
    Anna's save asks, suggests her title and his priority, and Enter keeps both."""
    first, second = OfficerApp(db_url, first_pane="requests"), OfficerApp(db_url, first_pane="requests")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        form_one = await open_form(one, printer)
        form_two = await open_form(two, printer)
        form_one.query_one("#title", Input).value = MINE
        form_two.query_one("#priority", Select).value = Priority.URGENT.value
        with working_as("ben"):
            await two.press("ctrl+s")
            await wait_until(two, lambda: isinstance(second.screen, RequestsScreen), what="Ben's save")
        await one.press("ctrl+s")
        await wait_until(one, lambda: isinstance(first.screen, ConflictScreen), what="the dialog for Anna")
        dialog = first.screen
        title = str(dialog.query_one(".conflict-title", Static).render())
        assert title.startswith("ben saved this record (") and title.endswith("while you were editing it")
        assert [(f.key, f.mine, f.theirs, f.default) for f in dialog.fields] == [
            ("title", MINE, ORIGINAL, "mine"), ("priority", "normal", "urgent", "theirs")]
        await one.press("enter")
        await wait_until(one, lambda: isinstance(first.screen, RequestsScreen), what="Anna's save")
        # Ben's window shows Anna's title, in the list and the detail, after a refresh.
        await two.press("1")
        await wait_until(two, lambda: second.current_mode == "today", what="Ben's Today pane")
        await two.press("2")
        await wait_until(two, lambda: isinstance(second.screen, RequestsScreen)
                         and second.screen._detail is not None
                         and second.screen._detail.request.title == MINE, what="Anna's title for Ben")
    request = stored(db_url, printer)
    assert (request.title, request.priority) == (MINE, Priority.URGENT)
    assert history(db_url, printer) == [("anna", "Title"), ("ben", "Priority"), ("carla", "created")]
