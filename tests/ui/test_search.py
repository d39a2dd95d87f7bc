"""Search everything in the app: ctrl+f from anywhere, results as you type, enter opens; the
command palette opens any record by its title."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.contacts import ContactsScreen
from officer_tui.ui.screens.idea_form import IdeaFormScreen
from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.search import SearchScreen
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

SIZE = (100, 30)


@pytest.fixture
def office(database):
    from officer_tui.models.enums import OutcomeKind
    from officer_tui.services import ideas, meeting_agenda, meetings, requests, units

    with database.session() as session:
        unit = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        printer = requests.create_request(session, data={
            "title": "Drucker im Foyer defekt", "unit_id": unit}).id
        markup = requests.create_request(session, data={
            "title": "[bold]Drucker[/bold] im Depot", "unit_id": unit}).id
        idea = ideas.create_idea(session, data={"title": "Druckerflotte zentral"}, today=TODAY).id
        meeting = meetings.add_meeting(session, data={"title": "Jour fixe", "held_on": TODAY}).id
        item = meeting_agenda.add_item(session, meeting_id=meeting, data={"title": "Drucker"}).id
        meeting_agenda.add_outcome(session, item_id=item, kind=OutcomeKind.DECISION,
                                   text="Neue Drucker werden geleast")
    return {"unit": unit, "printer": printer, "markup": markup, "idea": idea, "meeting": meeting}


async def requests_pane(pilot) -> RequestsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     timeout=20, what="the Requests pane")
    return app.screen


async def search_for(pilot, text: str) -> SearchScreen:
    app = pilot.app
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="the search")
    screen = app.screen
    await pilot.press(*text)
    await wait_until(pilot, lambda: screen.result is not None and screen.result.query == text,
                     what=f"results for {text!r}")
    return screen


def lines(screen: SearchScreen) -> list[tuple[bool, str]]:
    """(is a header, text) for every line of the results."""
    results = screen.query_one(OptionList)
    options = [results.get_option_at_index(i) for i in range(results.option_count)]
    return [(option.disabled, str(option.prompt).split("\n")[0]) for option in options]


async def test_ctrl_f_finds_grouped_and_enter_opens(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        pane = await requests_pane(pilot)
        screen = await search_for(pilot, "druck")
        assert isinstance(app.focused, Input)
        shown = lines(screen)
        headers = [text for header, text in shown if header]
        assert sorted(headers) == ["Ideas · 1", "Meetings · 2", "Requests · 2"]
        assert any(text.startswith("[bold]Drucker[/bold] im Depot") for _h, text in shown)  # literal
        assert "matches" in str(screen.query_one("#search-summary").render())
        # The cursor starts on the first hit; down walks the hits and skips the headers.
        assert not shown[screen.query_one(OptionList).highlighted][0]
        seen = []
        for _ in range(5):
            seen.append((screen.current_hit.kind, screen.current_hit.record_id))
            await pilot.press("down")
        assert len(set(seen)) == 5
        # Open the idea: its form comes on top, Esc goes back to the same results.
        while screen.current_hit.kind != "idea":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeaFormScreen), what="the idea form")
        assert app.screen.idea_id == office["idea"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the search")
        assert screen.query_one(Input).value == "druck"
        assert screen.current_hit.kind == "idea"
        # A decision opens its meeting.
        while screen.current_hit.kind != "outcome":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen), what="the meeting")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back in the search")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is pane


async def test_typing_narrows_and_states_are_shown(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(80, 24)) as pilot:
        await requests_pane(pilot)
        screen = await search_for(pilot, "d")
        summary = screen.query_one("#search-summary")
        assert "at least 2 letters" in str(summary.render())
        await pilot.press(*"rucker foyer")
        await wait_until(pilot, lambda: screen.result.query == "drucker foyer", what="narrowed")
        assert [text for header, text in lines(screen) if not header][0].startswith("Drucker im Foyer defekt")
        assert len([1 for header, _t in lines(screen) if not header]) == 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="the request")
        assert app.screen.request_id == office["printer"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back")
        await pilot.press(*" zebra")
        await wait_until(pilot, lambda: screen.result.query == "drucker foyer zebra", what="no match")
        assert "No matches" in str(summary.render()) and lines(screen) == []
        await pilot.press("enter")  # nothing to open: nothing happens
        await settle(pilot)
        assert app.screen is screen


async def test_ctrl_f_works_while_typing_in_a_filter(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await requests_pane(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="the search")
        assert app.focused is app.screen.query_one("#search-input")


async def test_a_unit_opens_the_contacts_pane_on_it(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(130, 40)) as pilot:
        await requests_pane(pilot)
        screen = await search_for(pilot, "stadtmus")
        assert screen.current_hit.kind == "unit"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactsScreen)
                         and app.screen.unit_id == office["unit"], what="the unit in Contacts")


async def test_the_palette_opens_a_record_by_title(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await requests_pane(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await pilot.press(*"foyer")
        commands = app.screen.query_one(CommandList)

        def offered() -> list[str]:
            return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]

        await wait_until(pilot, lambda: any("Open: Drucker im Foyer defekt — Request #" in text
                                            for text in offered()), what="the record offered")
        while "Drucker im Foyer" not in str(commands.get_option_at_index(commands.highlighted or 0).prompt):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="the request")
        assert app.screen.request_id == office["printer"]
