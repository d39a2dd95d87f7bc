"""Quick capture in the app: `c` from any pane, a live preview, Enter saves, Esc cancels, a
refused line stays open with its problem; Tab switches the kind, ↑ recalls earlier lines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from textual.widgets import Input, Static

from officer_tui.models.enums import Channel, MeetingKind, Priority
from officer_tui.models.meeting import Meeting
from officer_tui.models.portfolio import FollowUp, Idea
from officer_tui.models.request import Request
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.capture import CaptureScreen
from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen
from officer_tui.ui.screens.meetings import MeetingsScreen
from officer_tui.ui.screens.requests import RequestsScreen
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

SIZE = (110, 36)
LINE = "Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt"


@pytest.fixture
def city(database):
    from officer_tui.services import contacts, requests, units

    with database.session() as session:
        museum = units.create_unit(session, data={
            "name": "Stadtmuseum Hohenstein", "short_name": "Stadtmuseum", "kind": "museum"}).id
        library = units.create_unit(session, data={
            "name": "Stadtbibliothek Hohenstein", "short_name": "Stadtbibliothek", "kind": "library"}).id
        jana = contacts.create_contact(session, data={"name": "Jana Schmidt", "unit_id": museum}).id
        contacts.create_contact(session, data={"name": "Petra Schmidt", "unit_id": library})
        for title in ("WLAN im Lesesaal", "Kassensystem", "Beamer"):
            requests.create_request(session, data={"title": title, "unit_id": library})
    return {"museum": museum, "library": library, "jana": jana}


def count(database, model) -> int:
    with database.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def shown(screen: CaptureScreen, widget_id: str) -> str:
    return str(screen.query_one(widget_id, Static).render())


async def open_capture(pilot, pane: type) -> CaptureScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, pane) and app.screen._loaded_once,
                     what="the pane")
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen) and app.screen.choices,
                     what="the capture dialog with its choices")
    return app.screen


async def test_capture_a_request_from_the_requests_pane(db_url, database, city):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, RequestsScreen)
        assert app.screen.focused is screen.query_one(Input)
        await pilot.press(*LINE)
        await settle(pilot)
        preview = shown(screen, "#capture-preview")
        for words in ("Request", "Drucker defekt", "Stadtmuseum Hohenstein", "▲  high",
                      "Fri 2026-03-06 (bis Freitag)", "Jana Schmidt", "phone"):
            assert words in preview, (words, preview)
        assert not screen.query_one("#capture-problems").display
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        with database.session() as session:
            request = session.execute(select(Request).where(Request.title == "Drucker defekt")).scalar_one()
        assert (request.unit_id, request.priority, request.due_on, request.requester_id,
                request.channel, request.received_on) == (
            city["museum"], Priority.HIGH, date(2026, 3, 6), city["jana"], Channel.PHONE, TODAY)
        # The pane below shows the new record under its cursor, and a notification names it.
        pane = app.screen
        await wait_until(pilot, lambda: pane.table.cursor_key == request.id, what="the new request selected")
        assert any(f"Request #{request.id} saved: Drucker defekt" == n.message for n in app._notifications)


async def test_capture_a_meeting_from_the_meetings_pane_and_open_it(db_url, database, city):
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, MeetingsScreen)
        await pilot.press(*"Termin Jour fixe Bibliothek morgen")
        await settle(pilot)
        preview = shown(screen, "#capture-preview")
        assert "Meeting · jour fixe" in preview and "Tue 2026-03-03 (morgen)" in preview
        await pilot.press("ctrl+o")  # save and open
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen), what="the meeting")
        with database.session() as session:
            meeting = session.execute(select(Meeting)).scalar_one()
        assert (meeting.title, meeting.held_on, meeting.kind) == (
            "Jour fixe Bibliothek", date(2026, 3, 3), MeetingKind.JOUR_FIXE)


async def test_escape_cancels_without_writing(db_url, database, city):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await open_capture(pilot, RequestsScreen)
        await pilot.press(*"Stadtmuseum: Vitrine beschlagen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
    assert count(database, Request) == 3


async def test_a_refused_line_shows_the_problem_and_stays_open(db_url, database, city):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, RequestsScreen)
        await pilot.press(*"Idee: Audioguide @Schmidt")
        await settle(pilot)
        problems = screen.query_one("#capture-problems", Static)
        assert problems.display
        assert "⚠ Submitter: @Schmidt matches 2 contacts (Jana Schmidt, Petra Schmidt)" in shown(
            screen, "#capture-problems")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert any("Not saved" == n.title for n in app._notifications)
        # Naming her fully clears the problem; the idea is saved.
        await pilot.press(*"-Jana.Schmidt")  # "@Schmidt-Jana.Schmidt" matches nobody ...
        await settle(pilot)
        assert "no contact matches @Schmidt-Jana.Schmidt" in shown(screen, "#capture-problems")
        screen.query_one(Input).value = "Idee: Audioguide @Jana.Schmidt morgen"
        await settle(pilot)
        assert not problems.display
        assert "the date becomes a follow-up on the idea" in shown(screen, "#capture-notes")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
    assert count(database, Idea) == 1 and count(database, FollowUp) == 1
    assert count(database, Request) == 3


async def test_tab_switches_the_kind_and_up_recalls_earlier_lines(db_url, database, city):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, RequestsScreen)
        field = screen.query_one(Input)
        await pilot.press(*"Stadtmuseum: Leihvertrag prüfen morgen")
        await pilot.press("tab")
        assert field.value == "idea Stadtmuseum: Leihvertrag prüfen morgen"
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == "follow-up Stadtmuseum: Leihvertrag prüfen morgen"
        assert "Follow-up" in shown(screen, "#capture-preview")
        assert "Stadtmuseum: Leihvertrag prüfen" in shown(screen, "#capture-preview")
        await pilot.press("shift+tab", "shift+tab")
        assert field.value == "request Stadtmuseum: Leihvertrag prüfen morgen"
        await pilot.press("tab", "tab", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        assert count(database, FollowUp) == 1
        screen = await open_capture(pilot, RequestsScreen)
        field = screen.query_one(Input)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert field.value == "follow-up Stadtmuseum: Leihvertrag prüfen morgen"
        await pilot.press("down")
        assert field.value == "draft"


async def test_help_explains_the_syntax(db_url, database, city):
    from officer_tui.ui.screens.help import HelpScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, RequestsScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_in_german(db_url, database, city, german):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capture(pilot, RequestsScreen)
        await pilot.press(*LINE)
        await settle(pilot)
        preview = shown(screen, "#capture-preview")
        assert "Anfrage" in preview and "06.03.2026 (bis Freitag)" in preview
        await pilot.press("tab")
        assert screen.query_one(Input).value == LINE.replace("Anfrage", "Idee", 1)
