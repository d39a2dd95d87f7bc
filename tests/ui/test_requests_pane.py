"""The Requests pane driven through the real app (Pilot) on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input, Select, Static, TextArea

from officer_tui.models.enums import Priority, RequestStatus
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.help import HelpScreen
from officer_tui.ui.screens.pickers import ForwardScreen, PickScreen, ResolveScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def office(database):
    """A small culture department: two houses, an IT provider, one person, three requests."""
    from officer_tui.services import contacts, requests, units

    with database.session() as session:
        culture = units.create_unit(session, data={"name": "Kulturbetrieb", "kind": "enterprise"})
        museum = units.create_unit(
            session, data={"name": "Stadtmuseum", "kind": "museum", "parent_id": culture.id}
        )
        library = units.create_unit(
            session, data={"name": "Stadtbibliothek", "kind": "library", "parent_id": culture.id}
        )
        it = units.create_unit(session, data={"name": "KommunalIT", "kind": "it_provider"})
        person = contacts.create_contact(
            session, data={"name": "Jana Müller", "unit_id": museum.id, "role": "Museumsleitung"}
        )
        printer = requests.create_request(
            session,
            data={"title": "Drucker im Foyer defekt", "unit_id": museum.id, "requester_id": person.id,
                  "received_on": TODAY - timedelta(days=12), "due_on": TODAY - timedelta(days=2)},
        )
        wifi = requests.create_request(
            session,
            data={"title": "WLAN für Besucher", "unit_id": library.id, "received_on": TODAY - timedelta(days=3),
                  "description": "Gäste-WLAN im Lesesaal"},
        )
        old = requests.create_request(
            session, data={"title": "Alte Kasse abbauen", "unit_id": library.id,
                           "received_on": TODAY - timedelta(days=40)},
        )
        requests.resolve(session, request_id=old.id, resolution="Abgebaut")
    return {"museum": museum.id, "library": library.id, "it": it.id, "printer": printer.id,
            "wifi": wifi.id, "old": old.id, "person": person.id}


def stored(database, request_id: int):
    from officer_tui.services import requests

    with database.session() as session:
        return requests.get_request(session, request_id)


async def open_pane(pilot) -> RequestsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     what="the Requests pane")
    return app.screen


def table(screen: RequestsScreen) -> VirtualTable:
    return screen.query_one(VirtualTable)


def listed_ids(screen: RequestsScreen) -> list[int]:
    grid = table(screen)
    return [grid.row_at(i).key for i in range(grid.row_count) if grid.row_at(i)]


async def select_row(pilot, screen: RequestsScreen, request_id: int) -> None:
    await press_until(pilot, "down", lambda: table(screen).cursor_key == request_id,
                      what=f"request {request_id} under the cursor")


async def choose(pilot, select_id: str, label: str) -> None:
    """Pick an option of a Select by keyboard: open it, type to search, enter."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter")
    for character in label:
        await pilot.press(character)
    await pilot.press("enter")
    await settle(pilot)


async def test_list_shows_open_requests_most_urgent_first(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        # Overdue printer first; the closed request is not in the default view.
        assert listed_ids(screen) == [office["printer"], office["wifi"]]
        summary = str(screen.query_one("#summary", Static).render())
        assert "2 open requests" in summary
        assert "order: urgency" in summary


async def test_capture_a_request_from_the_form(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequestFormScreen)
        assert form.focused is form.query_one("#title", Input)  # title first
        await pilot.press(*"Scanner im Archiv")
        await choose(pilot, "unit", "Stadtmus")
        await wait_until(pilot, lambda: len(form.query_one("#requester", Select)._options) > 1,
                         what="the unit's contacts")
        await choose(pilot, "requester", "Jana")
        form.query_one("#due", Input).value = "20.03.2026"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
        await settle(pilot)
        known = {office["printer"], office["wifi"], office["old"]}
        new_ids = [i for i in listed_ids(screen) if i not in known]
        assert len(new_ids) == 1
        request = stored(database, new_ids[0])
        assert request.title == "Scanner im Archiv"
        assert request.unit_id == office["museum"]
        assert request.requester_id == office["person"]
        assert request.due_on == date(2026, 3, 20)
        assert request.received_on == TODAY
        assert request.status == RequestStatus.NEW
        # the cursor (and the detail) moved to the new request
        await wait_until(pilot, lambda: table(screen).cursor_key == new_ids[0], what="cursor on it")


async def test_invalid_form_keeps_input_and_stores_nothing(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        before = listed_ids(screen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#description", TextArea).text = "Bitte bis Ostern"
        form.query_one("#due", Input).value = "31.02.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        title_error = form.query_one("#title-error", Static)
        assert title_error.has_class("-shown")
        assert "must not be empty" in str(title_error.render())
        assert form.query_one("#unit-error", Static).has_class("-shown")
        assert "not a real date" in str(form.query_one("#due-error", Static).render())
        assert form.query_one("#title", Input).has_class("-invalid")
        # What was typed is still there.
        assert form.query_one("#description", TextArea).text == "Bitte bis Ostern"
        assert form.query_one("#due", Input).value == "31.02.2026"
        # Escape twice: the first warns about unsaved changes.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)
        assert listed_ids(screen) == before
    from officer_tui.services import requests

    with database.session() as session:
        assert requests.count_requests(session) == 2


async def test_edit_opens_with_enter_and_saves(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["wifi"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                         and app.screen.query_one("#title", Input).value, what="the filled form")
        form = app.screen
        assert form.query_one("#title", Input).value == "WLAN für Besucher"
        form.query_one("#title", Input).value = "WLAN für Besucher im Lesesaal"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    assert stored(database, office["wifi"]).title == "WLAN für Besucher im Lesesaal"
    assert stored(database, office["wifi"]).version == 2


async def test_triage_priority_forward_and_resolve_with_single_keys(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["wifi"])

        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await press_until(pilot, "down", lambda: app.screen.query_one("OptionList").highlighted == 1,
                          what="'high' highlighted")
        await pilot.press("enter")
        await settle(pilot)
        request = stored(database, office["wifi"])
        assert request.priority == Priority.HIGH
        assert request.status == RequestStatus.TRIAGED  # a new request becomes triaged

        await wait_until(pilot, lambda: table(screen).cursor_key == office["wifi"], what="cursor kept")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ForwardScreen)
        # The IT provider is offered first.
        assert app.screen.query_one("#forward-unit", Select).value == office["it"]
        app.screen.query_one("#forward-ticket", Input).value = "INC-2026-0815"
        await pilot.press("ctrl+s")
        await settle(pilot)
        request = stored(database, office["wifi"])
        assert request.status == RequestStatus.FORWARDED
        assert request.forwarded_to_id == office["it"]
        assert request.ticket_ref == "INC-2026-0815"

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("ctrl+s")  # no note: refused in the dialog
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        assert app.screen.query_one("#resolve-note-error", Static).has_class("-shown")
        await pilot.press(*"Zugang eingerichtet")
        await pilot.press("ctrl+s")
        await settle(pilot)
        request = stored(database, office["wifi"])
        assert request.status == RequestStatus.DONE
        assert request.resolution == "Zugang eingerichtet"
        assert request.closed_on == TODAY
        # Done requests leave the default view.
        assert office["wifi"] not in listed_ids(screen)


async def test_status_picker_offers_only_allowed_moves(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["printer"])
        await wait_until(pilot, lambda: screen._detail is not None, what="the detail")
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        offered = [option.id for option in picker.query_one("OptionList").options]
        assert "new" not in offered
        assert "in_progress" in offered and "done" in offered
        await press_until(pilot, "down",
                          lambda: picker.query_one("OptionList").highlighted_option.id == "waiting",
                          what="'waiting' highlighted")
        await pilot.press("enter")
        await settle(pilot)
    assert stored(database, office["printer"]).status == RequestStatus.WAITING


async def test_filter_bar_text_and_facets(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "filter-text"
        await pilot.press(*"muller")  # the requester Jana Müller, umlaut-blind
        await wait_until(pilot, lambda: listed_ids(screen) == [office["printer"]], what="text filter")
        assert "1 request matches" in str(screen.query_one("#summary", Static).render())
        await pilot.press("escape")  # back to the list; the filter stays
        await settle(pilot)
        assert isinstance(app.focused, VirtualTable)
        assert listed_ids(screen) == [office["printer"]]
        await pilot.press("escape")  # clears the filter
        await wait_until(pilot, lambda: len(listed_ids(screen)) == 2, what="filter cleared")

        # Done requests stay findable with the status facet.
        await pilot.press("slash")
        await settle(pilot)
        screen.query_one("#filter-status", Select).value = "all"
        await wait_until(pilot, lambda: office["old"] in listed_ids(screen), what="closed request found")
        screen.query_one("#filter-status", Select).value = "open"
        screen.query_one("#filter-overdue").value = True
        await wait_until(pilot, lambda: listed_ids(screen) == [office["printer"]], what="overdue facet")
        screen.query_one("#filter-overdue").value = False
        screen.query_one("#filter-days", Input).value = "10"
        await wait_until(pilot, lambda: listed_ids(screen) == [office["printer"]], what="waiting facet")
        screen.query_one("#filter-days", Input).value = ""
        screen.query_one("#filter-unit", Select).value = office["library"]
        await wait_until(pilot, lambda: listed_ids(screen) == [office["wifi"]], what="unit facet")


async def test_sort_order_cycles(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: "received" in str(screen.query_one("#summary", Static).render()),
                         what="sorted by received")
        assert listed_ids(screen) == [office["wifi"], office["printer"]]  # newest first
        await pilot.press("o")
        await wait_until(pilot, lambda: "due date" in str(screen.query_one("#summary", Static).render()),
                         what="sorted by due")
        assert listed_ids(screen) == [office["printer"], office["wifi"]]  # no due date last


async def test_help_explains_the_urgency_formula_and_keys(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._markdown
        assert "urgent 45" in text
        assert "`p`" in text and "`f`" in text and "`r`" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)


async def test_first_start_offers_demo_data_or_empty(db_url):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        from officer_tui.ui.screens.welcome import WelcomeScreen

        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("e")
        screen = await open_pane(pilot)
        assert table(screen).row_count == 0
        assert "0 open requests" in str(screen.query_one("#summary", Static).render())


async def test_first_start_with_demo_data(db_url):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        from officer_tui.ui.screens.welcome import WelcomeScreen

        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("d")
        screen = await open_pane(pilot)
        assert table(screen).row_count > 10


async def test_a_database_that_cannot_be_opened_is_explained(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    app = OfficerApp(f"sqlite:///{broken}")
    async with app.run_test(size=SIZE) as pilot:
        from officer_tui.ui.screens.start import StartScreen

        await wait_until(pilot, lambda: "-problem" in app.screen.query_one("#start-message").classes,
                         what="the problem message")
        assert isinstance(app.screen, StartScreen)
        text = str(app.screen.query_one("#start-message", Static).render())
        assert "not changed" in text.lower() or "nothing was changed" in text.lower()
    assert broken.read_bytes() == b"this is not a database" * 100


async def test_a_new_unit_can_be_created_from_the_request_form(db_url, database, office):
    from officer_tui.ui.screens.unit_form import UnitFormScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Notebook für die Volkshochschule")
        await pilot.press("ctrl+u")  # works although the title input has focus
        await settle(pilot)
        assert isinstance(app.screen, UnitFormScreen)
        await pilot.press(*"Volkshochschule")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is form, what="back in the request form")
        await wait_until(pilot, lambda: form.query_one("#unit").value is not form.query_one("#unit").NULL,
                         what="the new unit selected")
        # What was typed before is still there.
        assert form.query_one("#title", Input).value == "Notebook für die Volkshochschule"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    from officer_tui.services import requests, units

    with database.session() as session:
        unit = units.find_unit(session, "Volkshochschule")
        rows = requests.list_requests(session, filters=requests.RequestFilter(unit_id=unit.id))
    assert [row.title for row in rows] == ["Notebook für die Volkshochschule"]


async def test_escape_on_an_unchanged_request_closes_at_once(db_url, office):
    """The requester list fills in after the form: that is no change to warn about."""
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, office["printer"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                         and app.screen.query_one("#requester").value == office["person"],
                         what="the form with its requester")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)


async def test_markup_in_titles_and_filters_is_shown_literally(db_url, database, office):
    """Text people typed is never read as Rich markup: no crash, no hidden characters."""
    from officer_tui.services import requests

    hostile = "[bold]Kasse[/] [link=x]defekt[/link] [red"
    with database.session() as session:
        requests.create_request(session, data={"title": hostile, "unit_id": office["museum"]})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("slash")
        await pilot.press(*"[bold")
        await wait_until(pilot, lambda: len(listed_ids(screen)) == 1, what="the hostile title found")
        assert "[bold" in str(screen.query_one("#summary", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        detail_title = screen.query_one("#detail-title", Static)
        assert str(detail_title.render()) == hostile
        app.notify(hostile)  # a notification quoting it does not fail either
        await settle(pilot)
