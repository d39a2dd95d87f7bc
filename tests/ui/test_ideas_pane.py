"""The Ideas pane through the real app (Pilot) on a real SQLite file."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from officer_tui.models.enums import IdeaStatus
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.help import HelpScreen
from officer_tui.ui.screens.idea_dialogs import (
    AssessScreen,
    ConfirmScreen,
    GoalPickScreen,
    ReasonScreen,
)
from officer_tui.ui.screens.idea_form import IdeaFormScreen
from officer_tui.ui.screens.ideas import IdeasScreen
from officer_tui.ui.screens.pickers import PickScreen
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def portfolio(database):
    from officer_tui.services import contacts, goals, ideas, units

    with database.session() as session:
        library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"}).id
        person = contacts.create_contact(session, data={"name": "Leonie Barth", "unit_id": library}).id
        goal = goals.create_goal(session, code="HF2.2", title="Vermittlung").id
        tablets = ideas.create_idea(session, data={
            "title": "Tablets zur Ausleihe", "unit_id": library, "submitter_id": person,
            "field_of_action": "Kultur", "description": "für Kinder"}, today=TODAY).id
        archive = ideas.create_idea(session, data={"title": "Digitaler Lesesaal"}, today=TODAY).id
        ideas.assess(session, idea_id=archive, benefit=3, effort=3, strategic_fit=3, reach=3)
    return {"library": library, "person": person, "goal": goal, "tablets": tablets,
            "archive": archive}


async def open_pane(pilot) -> IdeasScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen) and app.screen._loaded_once,
                     what="the Ideas pane")
    return app.screen


def listed(screen: IdeasScreen) -> list[int]:
    table = screen.query_one(VirtualTable)
    return [table.row_at(i).key for i in range(table.row_count) if table.row_at(i)]


async def select_idea(pilot, screen: IdeasScreen, idea_id: int) -> None:
    table = screen.query_one(VirtualTable)
    await press_until(pilot, "up", lambda: table.cursor_row == 0, what="top")
    await press_until(pilot, "down", lambda: table.cursor_key == idea_id and screen.current is not None,
                      what=f"idea {idea_id}")


def stored(database, idea_id):
    from officer_tui.services import ideas

    with database.session() as session:
        return ideas.idea_detail(session, idea_id)


async def test_capture_shows_similar_idea_and_saves(db_url, database, portfolio):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert listed(screen) == [portfolio["archive"], portfolio["tablets"]]  # assessed first
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IdeaFormScreen)
        assert form.focused is form.query_one("#title", Input)
        await pilot.press(*"Ausleihe von Tablets")
        await wait_until(pilot, lambda: form.similar, what="similar ideas")
        assert [item.id for item in form.similar] == [portfolio["tablets"]]
        assert "Tablets zur Ausleihe" in str(form.query_one("#similar", Static).render())
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        await wait_until(pilot, lambda: len(listed(screen)) == 3, what="the new idea listed")


async def test_assess_changes_the_rank(db_url, database, portfolio):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_idea(pilot, screen, portfolio["tablets"])
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssessScreen)
        await pilot.press("5", "1", "5", "5")  # one key per criterion
        await pilot.press("enter")
        await wait_until(pilot, lambda: listed(screen)[0] == portfolio["tablets"], what="re-ranked")
        detail = stored(database, portfolio["tablets"])
        assert detail.score == 100
        assert detail.idea.status == IdeaStatus.IN_REVIEW
        # Weights: only effort counts; the archive idea (effort 3) stays below (effort 1).
        await pilot.press("W")
        await settle(pilot)
        for key in ("benefit", "effort", "strategic_fit", "reach"):
            app.screen.query_one(f"#n-{key}", Input).value = "0" if key != "effort" else "10"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "weights B0 E10" in str(screen.query_one("#summary", Static).render()),
                         what="new weights")


async def test_reject_needs_reason_then_accept_and_convert(db_url, database, portfolio):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_idea(pilot, screen, portfolio["archive"])
        await pilot.press("p")  # not accepted: refused (binding disabled)
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await press_until(pilot, "down", lambda: app.screen.query_one("OptionList").highlighted_option.id == "rejected",
                          what="rejected")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("ctrl+s")  # empty reason: refused in place
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert stored(database, portfolio["archive"]).idea.status == IdeaStatus.IN_REVIEW
        await pilot.press("s")
        await settle(pilot)
        await press_until(pilot, "down", lambda: app.screen.query_one("OptionList").highlighted_option.id == "accepted",
                          what="accepted")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.current and screen.current.idea.status == IdeaStatus.ACCEPTED,
                         what="accepted")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GoalPickScreen)
        await pilot.press("space", "enter")
        await wait_until(pilot, lambda: screen.current and screen.current.goals, what="goal linked")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: stored(database, portfolio["archive"]).project_id is not None,
                         what="converted")
        detail = stored(database, portfolio["archive"])
        assert detail.idea.status == IdeaStatus.CONVERTED
        from officer_tui.models.portfolio import Project, ProjectGoal

        with database.session() as session:
            project = session.get(Project, detail.project_id)
            assert project.source_idea_id == portfolio["archive"]
            assert session.get(ProjectGoal, (project.id, portfolio["goal"])) is not None


async def test_filter_goals_screen_and_help(db_url, portfolio):
    from officer_tui.ui.screens.goals import GoalsScreen

    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("slash")
        await pilot.press(*"lesesaal")
        await wait_until(pilot, lambda: listed(screen) == [portfolio["archive"]], what="filtered")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(listed(screen)) == 2, what="filter cleared")
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert [row.code for row in app.screen.rows] == ["HF2.2"]
        await pilot.press("p")
        await settle(pilot)
        assert [row.code for row in app.screen.rows] == ["HF2.2"]  # no project serves it
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_pane_fits_small_and_medium_terminals(db_url, portfolio, size):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=size) as pilot:
        screen = await open_pane(pilot)
        assert screen.query_one(VirtualTable).size.height >= 5
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IdeaFormScreen)


async def test_german_smoke(db_url, portfolio, german):
    app = OfficerApp(db_url, first_pane="ideas")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert len(listed(screen)) == 2
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IdeaFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
