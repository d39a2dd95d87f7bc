"""Follow-ups in the app: `w` lists them all, a recurring one comes back when done; the
Requests pane shows a request's follow-ups and adds one with `F`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Select, Static

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.followup_form import FollowUpFormScreen
from officer_tui.ui.screens.followups import FollowUpsScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def office(database):
    from officer_tui.services import followups, requests, units

    with database.session() as session:
        unit = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        printer = requests.create_request(session, data={"title": "Drucker defekt", "unit_id": unit}).id
        late = followups.add_followup(session, data={
            "title": "Ticket nachfassen", "due_on": TODAY - timedelta(days=3),
            "subject_kind": "request", "subject_id": printer}).id
    return {"unit": unit, "printer": printer, "late": late}


def rows(screen: FollowUpsScreen) -> list:
    table = screen.query_one(VirtualTable)
    return [screen._rows[table.row_at(i).key] for i in range(table.row_count)]


async def open_list(pilot) -> FollowUpsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     what="the Requests pane")
    await pilot.press("w")
    await wait_until(pilot, lambda: isinstance(app.screen, FollowUpsScreen) and app.screen.loaded_once,
                     what="the follow-ups list")
    return app.screen


async def test_add_and_complete_a_recurring_follow_up(db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert [(r.title, r.overdue) for r in rows(screen)] == [("Ticket nachfassen", True)]
        assert "1 overdue" in str(screen.query_one("#followups-summary", Static).render())
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpFormScreen)
        await pilot.press(*"Jour fixe vorbereiten")
        form.query_one("#fu-due", Input).value = (TODAY - timedelta(days=1)).isoformat()
        form.query_one("#fu-every", Input).value = "2"
        form.query_one("#fu-unit", Select).value = "weeks"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and len(rows(screen)) == 2,
                         what="the new follow-up listed")
        table = screen.query_one(VirtualTable)
        await press_until(pilot, "down", lambda: rows(screen)[table.cursor_row].title == "Jour fixe vorbereiten",
                          what="the recurring one")
        await pilot.press("space")
        await wait_until(pilot, lambda: any(r.due_on == TODAY + timedelta(days=13) for r in rows(screen)),
                         what="the next occurrence")
        recurring = [r for r in rows(screen) if r.title == "Jour fixe vorbereiten"]
        assert len(recurring) == 1 and not recurring[0].overdue and recurring[0].recurrence == (2, "weeks", "due")
        # Enter opens the record a follow-up belongs to.
        await press_until(pilot, "up", lambda: table.cursor_row == 0, what="top")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert app.screen.request_id == office["printer"]


async def test_requests_pane_shows_and_adds_follow_ups(db_url, database, office):
    from officer_tui.services import followups

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(160, 40)) as pilot:  # the detail beside the list
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                         what="the Requests pane")
        screen = app.screen
        await wait_until(pilot, lambda: screen._detail is not None, what="the detail")
        shot = app.export_screenshot().replace("&#160;", " ")
        assert "Follow-ups" in shot and f"! {(TODAY - timedelta(days=3)).isoformat()} Ticket nachfassen" in shot
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpFormScreen)
        assert "Drucker defekt" in str(app.screen.query_one("#fu-subject", Static).render())
        await pilot.press(*"Rückruf")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        with database.session() as session:
            titles = [r.title for r in followups.for_record(session, kind="request", record_id=office["printer"])]
        assert titles == ["Ticket nachfassen", "Rückruf"]


async def test_help_is_offered_inside_the_follow_up_list(db_url, database):
    """The list is a modal screen, which does not see the app's keys: it offers ? itself."""
    from officer_tui.services.seed import seed_demo
    from officer_tui.ui.app import OfficerApp
    from officer_tui.ui.screens.followups import FollowUpsScreen
    from officer_tui.ui.screens.help import HelpScreen
    from tests.conftest import TODAY
    from tests.ui.helpers import settle, wait_until

    with database.session() as session:
        seed_demo(session, today=TODAY)
        session.commit()
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RequestsScreen", what="the pane")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpsScreen), what="the list")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Follow-ups" in app.screen._markdown


async def test_enter_opens_the_project_or_programme_a_follow_up_hangs_off(db_url, database, office):
    from officer_tui.services import followups, projects, trainings
    from officer_tui.ui.screens.project_form import ProjectFormScreen
    from officer_tui.ui.screens.training_forms import ProgrammeFormScreen

    with database.session() as session:
        wifi = projects.create_project(session, data={"title": "Besucher-WLAN", "owner_unit_id": office["unit"]}).id
        ai = trainings.add_programme(session, data={"title": "KI-Grundlagen"}).id
        followups.add_followup(session, data={
            "title": "Förderantrag nachfassen", "due_on": TODAY + timedelta(days=1),
            "subject_kind": "project", "subject_id": wifi})
        followups.add_followup(session, data={
            "title": "Termine planen", "due_on": TODAY + timedelta(days=2),
            "subject_kind": "training", "subject_id": ai})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        table = screen.query_one(VirtualTable)
        assert [r.subject_title for r in rows(screen)] == ["Drucker defekt", "Besucher-WLAN", "KI-Grundlagen"]
        await press_until(pilot, "down", lambda: table.cursor_row == 1, what="the project's")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectFormScreen), what="the project")
        assert app.screen.project_id == wifi
        await press_until(pilot, "escape", lambda: app.screen is screen, limit=2, what="the list")
        await press_until(pilot, "down", lambda: table.cursor_row == 2, what="the programme's")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgrammeFormScreen), what="the programme")
