"""Who did what in the panes: the detail panel says who created and who last changed a record,
and the filter bars' "by" field keeps what one person created or changed."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Static

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.followups import FollowUpsScreen
from officer_tui.ui.screens.ideas import IdeasScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.widgets.by_input import ByInput
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (150, 40)


@pytest.fixture
def team(database, monkeypatch):
    """Anna captures two requests, an idea and a follow-up; Ben one of each and triages
    Anna's printer; one request comes from before the history (as demo data does)."""
    from officer_tui.services import followups, ideas, requests, units
    from officer_tui.services.history_recorder import NO_HISTORY

    made = {}
    with database.session() as session:
        monkeypatch.setenv("OFFICER_USER", "Anna")
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        made["printer"] = requests.create_request(
            session, data={"title": "Drucker defekt", "unit_id": museum}, today=TODAY).id
        made["laptop"] = requests.create_request(
            session, data={"title": "Laptop für Kasse", "unit_id": museum}, today=TODAY).id
        made["tour"] = ideas.create_idea(session, data={"title": "Digitale Führung"}, today=TODAY).id
        made["call"] = followups.add_followup(
            session, data={"title": "Nachfragen", "due_on": TODAY}).id
        monkeypatch.setenv("OFFICER_USER", "Ben")
        made["wifi"] = requests.create_request(
            session, data={"title": "WLAN im Foyer", "unit_id": museum}, today=TODAY).id
        made["guide"] = ideas.create_idea(session, data={"title": "Audioguide"}, today=TODAY).id
        made["ring"] = followups.add_followup(
            session, data={"title": "Anrufen", "due_on": TODAY}).id
        requests.triage(session, request_id=made["printer"], priority="urgent", expected_version=1)
        session.info[NO_HISTORY] = True
        made["old"] = requests.create_request(
            session, data={"title": "Aus alter Zeit", "unit_id": museum}, today=TODAY).id
        session.info.pop(NO_HISTORY)
    monkeypatch.setenv("OFFICER_USER", "Carla")
    return made


def detail_text(screen) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


def listed(screen) -> set[int]:
    table = screen.query_one(VirtualTable)
    return {table.row_at(i).key for i in range(table.row_count) if table.row_at(i)}


def summary(screen) -> str:
    return str(screen.query_one("#summary", Static).render())


async def test_requests_detail_says_who_and_the_by_field_filters(db_url, team):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the Requests pane")
        screen = app.screen
        table = screen.query_one(VirtualTable)
        await press_until(pilot, "down", lambda: table.cursor_key == team["printer"]
                          and "Drucker" in detail_text(screen), what="the printer's detail")
        text = detail_text(screen)
        assert "Created by Anna on " in text and "last changed by Ben on " in text
        # a request from before the history: nothing said, not "unknown"
        await press_until(pilot, "down", lambda: table.cursor_key == team["old"]
                          and "Aus alter Zeit" in detail_text(screen), what="the old request")
        assert "History" not in detail_text(screen) and "unknown" not in detail_text(screen)

        # "/" opens the bar at the text; tab walks the facets to "by", which completes names
        await pilot.press("slash")
        by = screen.query_one("#filter-by", ByInput)
        await press_until(pilot, "tab", lambda: app.focused is by, what="the by field")
        await pilot.press("b")
        await wait_until(pilot, lambda: by._suggestion == "Ben", what="the suggestion")
        await pilot.press("right", "enter")  # take it; enter goes back to the list
        await wait_until(pilot, lambda: listed(screen) == {team["printer"], team["wifi"]},
                         what="Ben's requests")
        assert by.value == "Ben" and app.focused is table
        assert "by Ben" in summary(screen) and "2 requests match" in summary(screen)

        by.value = "ANNA"  # the whole name, case ignored
        await wait_until(pilot, lambda: listed(screen) == {team["printer"], team["laptop"]},
                         what="Anna's requests")
        by.value = "Ann"
        await wait_until(pilot, lambda: listed(screen) == set(), what="nobody called Ann")

        await pilot.press("escape")  # clears the filter
        await wait_until(pilot, lambda: len(listed(screen)) == 4, what="every open request")
        assert by.value == "" and "by " not in summary(screen)


async def test_ideas_pane_filters_by_person_and_says_who(db_url, team):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen)
                         and app.screen._loaded_once, what="the Ideas pane")
        screen = app.screen
        by = screen.query_one("#idea-filter-by", ByInput)
        await pilot.press("slash")
        await press_until(pilot, "tab", lambda: app.focused is by, what="the by field")
        await pilot.press(*"anna", "enter")
        await wait_until(pilot, lambda: listed(screen) == {team["tour"]}, what="Anna's idea")
        assert "by anna" in summary(screen)
        await wait_until(pilot, lambda: "Digitale Führung" in detail_text(screen),
                         what="the idea's detail")
        assert "Created by Anna on " in detail_text(screen)
        assert "changed by" not in detail_text(screen)


async def test_follow_ups_list_filters_by_person_and_says_who(db_url, team):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the Requests pane")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpsScreen)
                         and app.screen.loaded_once, what="the follow-ups")
        screen = app.screen
        assert app.focused is screen.table  # the list first, not the "by" field
        assert listed(screen) == {team["call"], team["ring"]}
        await pilot.press("slash", *"ben", "enter")
        await wait_until(pilot, lambda: listed(screen) == {team["ring"]}, what="Ben's follow-up")
        assert app.focused is screen.table
        assert "by ben" in str(screen.query_one("#followups-summary", Static).render())
        who = screen.query_one("#followups-who", Static)
        await wait_until(pilot, lambda: "Created by Ben on " in str(who.render()), what="who")
        await pilot.press("slash", "escape")  # Esc in the field: back to the list, still open
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen) and app.focused is screen.table
