"""The command palette (ctrl+p) creates any kind of record: the pane of that kind opens its
form, so the new record shows in its list afterwards."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.followup_form import FollowUpFormScreen
from officer_tui.ui.screens.followups import FollowUpsScreen
from officer_tui.ui.screens.idea_form import IdeaFormScreen
from officer_tui.ui.screens.ideas import IdeasScreen
from officer_tui.ui.screens.meeting_form import MeetingFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from tests.ui.helpers import settle, wait_until

SIZE = (120, 36)


@pytest.fixture
def office(database):
    from officer_tui.services import units

    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})


async def run_command(pilot, app, words: str) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*words)
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its hits in the background
    await pilot.press("enter")


@pytest.mark.parametrize(("words", "pane", "form"), [
    ("New idea", IdeasScreen, IdeaFormScreen),
    ("New meeting", None, MeetingFormScreen),
])
async def test_the_palette_creates_a_record_in_its_pane(db_url, office, words, pane, form):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await run_command(pilot, app, words)
        await wait_until(pilot, lambda: isinstance(app.screen, form), what="the form")
        if pane is not None:
            assert isinstance(app.screen_stack[0], pane)
        assert app.current_mode != "requests"


async def test_the_palette_adds_a_follow_up_from_the_follow_up_list(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await run_command(pilot, app, "New follow-up")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpFormScreen), what="the form")
        assert isinstance(app.screen_stack[-2], FollowUpsScreen)


async def test_the_palette_offers_capture_and_search(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Quick capture" in titles and "Search everything" in titles
        assert {"New request", "New project", "New contact", "New unit",
                "New training programme"} <= set(titles)
