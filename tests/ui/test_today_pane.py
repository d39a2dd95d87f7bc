"""The Today pane (key 1, the start screen), driven through the real app with Pilot."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from textual.widgets import Static

from officer_tui.models.enums import RequestStatus
from officer_tui.services import contacts, followups, meetings, requests, units
from officer_tui.services.today_views import SectionKey
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.followup_form import FollowUpFormScreen
from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.today import TodayScreen
from officer_tui.ui.widgets.section_list import SectionList
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SMALL = (80, 24)
LARGE = (200, 60)


@pytest.fixture
def office(database) -> dict:
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        owner = contacts.create_contact(session, data={"name": "Jörg Müller", "unit_id": museum}).id
        printer = requests.create_request(session, data={
            "title": "Drucker im Foyer defekt", "unit_id": museum,
            "received_on": TODAY - timedelta(days=1)}).id
        late = followups.add_followup(session, data={
            "title": "Ticket nachfassen", "due_on": TODAY - timedelta(days=3), "owner_id": owner,
            "subject_kind": "request", "subject_id": printer}).id
        older = followups.add_followup(session, data={
            "title": "Angebot anfordern", "due_on": TODAY - timedelta(days=5)}).id
        now = followups.add_followup(session, data={"title": "Jour fixe vorbereiten", "due_on": TODAY}).id
        meeting = meetings.add_meeting(session, data={
            "title": "Jour fixe KommunalIT", "held_on": TODAY, "start_time": time(14),
            "end_time": time(15), "place": "Rathaus"}).id
    return {"museum": museum, "printer": printer, "late": late, "older": older, "now": now,
            "meeting": meeting}


def shown(widget: SectionList) -> str:
    """The lines the list draws right now (what a person sees in it)."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


async def open_today(pilot) -> TodayScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen) and app.screen.complete,
                     what="the Today pane with every section")
    return app.screen


def header(screen: TodayScreen, key: SectionKey) -> str:
    for column in (screen.left, screen.right):
        for block in column.blocks:
            if block.key == key.value:
                return "".join(text for text, _style in block.header)
    raise AssertionError(f"no section {key}")


async def test_opens_first_with_sections_and_counts_at_80x24(db_url, office):
    app = OfficerApp(db_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_today(pilot)
        assert str(screen.query_one("#today-date", Static).render()) == "Monday, 2 March 2026"
        summary = str(screen.query_one("#today-summary", Static).render())
        assert summary.startswith("2 overdue follow-ups · 1 follow-up due today · 1 new request")
        assert header(screen, SectionKey.FOLLOWUPS_OVERDUE) == "Overdue follow-ups · 2"
        assert header(screen, SectionKey.FOLLOWUPS_TODAY) == "Follow-ups due today · 1"
        # One column, the most urgent first; the overdue ones (oldest first) are on screen.
        assert not screen.right.display and not screen.wide
        text = shown(screen.left)
        lines = text.splitlines()
        assert lines[0].startswith("▼ Overdue follow-ups · 2")
        assert lines[1].startswith("  ! Wed 2026-02-25  Angebot anfordern")
        assert lines[2].startswith("  ! Fri 2026-02-27  Ticket nachfassen  · 3 days overdue · Jörg Müller")
        assert "▸ Mon 2026-03-02  Jour fixe vorbereiten" in text
        # Empty sections are one dim line each, further down.
        everything = [block.key for block in screen.left.blocks]
        assert everything == [key.value for key in SectionKey]
        quiet = {block.key for block in screen.left.blocks if block.quiet}
        assert SectionKey.CONTACTS.value in quiet and SectionKey.IDEAS.value in quiet


async def test_two_columns_side_by_side_at_200x60(db_url, office):
    app = OfficerApp(db_url)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_today(pilot)
        left, right = screen.left, screen.right
        assert screen.wide and right.display
        assert left.region.y == right.region.y and left.region.right <= right.region.x
        assert right.region.width >= 90
        assert [block.key for block in left.blocks][0] == SectionKey.FOLLOWUPS_OVERDUE.value
        assert [block.key for block in right.blocks][0] == SectionKey.MEETINGS.value
        assert "▸ Mon 2026-03-02  Jour fixe KommunalIT  · 14:00–15:00 · Rathaus" in shown(right)
        assert "Overdue follow-ups · 2" in shown(left)
        # Tab moves into the right column; enter opens the meeting there.
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is right
        await press_until(pilot, "down", lambda: right.cursor_position == (
            SectionKey.MEETINGS.value, ("meeting", office["meeting"])), what="the meeting line")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen), what="the meeting")
        # Narrow again: one column with everything.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="back")
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not screen.wide and not right.display
        assert len(left.blocks) == len(SectionKey)


async def test_fold_a_section_and_fold_all(db_url, office):
    app = OfficerApp(db_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_today(pilot)
        left = screen.left
        assert left.cursor_position == (SectionKey.FOLLOWUPS_OVERDUE.value, None)
        await pilot.press("space")
        await settle(pilot)
        assert shown(left).splitlines()[0].startswith("▶ Overdue follow-ups · 2")
        assert "Ticket nachfassen" not in shown(left)
        assert SectionKey.FOLLOWUPS_OVERDUE in screen.folded
        await pilot.press("right")
        await settle(pilot)
        assert "Ticket nachfassen" in shown(left)
        # Left on a line folds its section and puts the cursor on the header.
        await pilot.press("down", "left")
        await settle(pilot)
        assert left.cursor_position == (SectionKey.FOLLOWUPS_OVERDUE.value, None)
        assert "Ticket nachfassen" not in shown(left)
        # f folds every section; f again unfolds them all.
        await pilot.press("right", "f")
        await settle(pilot)
        assert all(block.folded for block in left.blocks if not block.quiet)
        assert "Jour fixe vorbereiten" not in shown(left)
        await pilot.press("f")
        await settle(pilot)
        assert not any(block.folded for block in left.blocks)
        assert "Jour fixe vorbereiten" in shown(left)
        # Folds survive a refresh.
        await pilot.press("space", "r")
        await wait_until(pilot, lambda: screen.complete, what="the refresh")
        assert left.blocks[0].folded


async def test_enter_opens_the_record_and_escape_returns_refreshed(db_url, database, office):
    app = OfficerApp(db_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_today(pilot)
        left = screen.left
        await press_until(pilot, "down", lambda: left.cursor_position == (
            SectionKey.FOLLOWUPS_OVERDUE.value, ("followup", office["late"])), what="the follow-up")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpFormScreen), what="the form")
        assert app.screen.followup_id == office["late"]
        # Meanwhile the follow-up gets done elsewhere; back on Today the pane reads afresh.
        with database.session() as session:
            followups.mark_done(session, followup_id=office["late"], today=TODAY)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and screen.complete
                         and screen.sections[SectionKey.FOLLOWUPS_OVERDUE].count == 1,
                         what="the refreshed pane")
        assert "Ticket nachfassen" not in shown(left)
        # A request line opens the request.
        await press_until(pilot, "down", lambda: left.cursor_position == (
            SectionKey.REQUESTS_NEW.value, ("request", office["printer"])), what="the request")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="the request form")


async def test_d_marks_a_follow_up_done(db_url, office):
    app = OfficerApp(db_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_today(pilot)
        left = screen.left
        await press_until(pilot, "down", lambda: left.cursor_position == (
            SectionKey.FOLLOWUPS_TODAY.value, ("followup", office["now"])), what="today's follow-up")
        await pilot.press("d")
        await wait_until(pilot, lambda: screen.complete
                         and screen.sections[SectionKey.FOLLOWUPS_TODAY].count == 0,
                         what="the follow-up done")
        assert "✓ no follow-up due today" in shown(left)


async def test_more_leads_to_the_filtered_requests_pane(db_url, database, office):
    with database.session() as session:
        for n in range(9):
            requests.create_request(session, data={"title": f"Anfrage {n}", "unit_id": office["museum"]})
    app = OfficerApp(db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        section = screen.sections[SectionKey.REQUESTS_NEW]
        assert section.count == 10 and section.more == 2
        left = screen.left
        await press_until(pilot, "down", lambda: left.cursor_position == (
            SectionKey.REQUESTS_NEW.value, "more"), what="the more line", limit=80)
        assert "… 2 more (Requests pane, status new)" in shown(left)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once
                         and app.screen.filters.statuses == frozenset({RequestStatus.NEW}),
                         what="the Requests pane filtered to new ones")
        assert app.screen.table.row_count == 10
        # 1 goes back to Today.
        await pilot.press("escape", "escape", "1")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today again")


async def test_german(db_url, office, german):
    from officer_tui.i18n import _

    app = OfficerApp(db_url)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_today(pilot)
        date_line = str(screen.query_one("#today-date", Static).render())
        assert date_line == f"{_('Monday')}, 2. {_('March')} 2026"
        text = shown(screen.left)
        assert "! Mi 25.02.2026   Angebot anfordern" in text  # German weekday and date
        assert f"▼ {_('Overdue follow-ups')} · 2" in text


@pytest.mark.parametrize(("key", "mode", "applied"), [
    (SectionKey.REQUESTS_WAITING, "requests", lambda filters: filters.waiting_days == 14),
    (SectionKey.IDEAS, "ideas", lambda filters: filters.unassessed),
    (SectionKey.CONTACTS, "contacts", lambda filters: filters.losing_touch),
])
async def test_more_shows_each_pane_with_the_sections_filter(db_url, office, key, mode, applied):
    app = OfficerApp(db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        screen.show_more(key)
        await wait_until(pilot, lambda: app.current_mode == mode
                         and getattr(app.screen, "filters", None) is not None
                         and applied(app.screen.filters), what=f"the {mode} pane filtered")
