"""No information by colour alone: the text of a row says what its colour says.

Read from what the panes render on the demo data (the characters, not the colours), and once
with ``NO_COLOR=1`` set, as a monochrome terminal or a colour-blind user would see it.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Static

from officer_tui import settings
from officer_tui.labels import PRIORITY_SYMBOLS
from officer_tui.models.enums import Priority, TrafficLight
from officer_tui.services.project_views import TRAFFIC_SYMBOLS, traffic_words
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.formatting import (
    age_text,
    due_text,
    priority_text,
    priority_words,
    waiting_too_long,
)
from officer_tui.ui.screens.followups import FollowUpsScreen
from officer_tui.ui.screens.projects import ProjectsScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.today import TodayScreen
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.section_list import SectionList
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (140, 40)  # wide enough for the Age column


def table_lines(screen) -> dict[int, str]:
    """The rendered text of every loaded row, by record id."""
    table = screen.query_one(VirtualTable)
    lines = {}
    for index in range(table.row_count):
        row = table.row_at(index)
        if row is not None:
            lines[row.key] = table.render_line(index + 1 - int(table.scroll_offset.y)).text
    return lines


def detail_text(screen) -> str:
    """The detail panel as printed text."""
    console = Console(width=120, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


async def show(pilot, key: str, screen_type) -> object:
    app = pilot.app
    await wait_until(pilot, lambda: app.database is not None, what="the database")
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, screen_type) and table_lines(app.screen),
                     what=screen_type.__name__)
    return app.screen


def test_each_priority_reads_differently_without_colour():
    texts = {priority: priority_text(priority).plain for priority in Priority}
    assert len(set(texts.values())) == len(Priority)
    assert texts[Priority.URGENT] == "▲▲ urgent" and texts[Priority.LOW] == "▽  low"
    assert len({TRAFFIC_SYMBOLS[light] for light in TrafficLight}) == len(TrafficLight)
    assert due_text(TODAY, True).plain.startswith("! ") and "!" not in due_text(TODAY, False).plain
    assert due_text(TODAY, True, words=True).plain.endswith("overdue")
    assert age_text(20, too_long=True).plain == "⚠ 20d" and age_text(20).plain == "20d"


def test_every_pane_explains_its_marks_in_its_help():
    from officer_tui.ui.screens import followups, meetings, projects, requests, today, training

    for symbol in PRIORITY_SYMBOLS.values():
        assert symbol in requests.HELP and symbol in today.HELP
    assert "`!`" in requests.HELP and "`⚠`" in requests.HELP and "waiting too long" in requests.HELP
    for light in TrafficLight:
        assert traffic_words(light) in projects.HELP and traffic_words(light) in today.HELP
    assert '"!"' in followups.HELP and "`!`" in meetings.HELP and "⚠" in training.HELP


@pytest.mark.both_backends  # ages and overdue come from SQL: the same marks on both databases
async def test_request_rows_show_priority_overdue_and_waiting_too_long_as_text(demo_url):
    from officer_tui.services import requests
    from officer_tui.services.database import open_database

    database = open_database(demo_url)
    with database.session() as session:
        rows = {row.id: row for row in requests.list_requests(session, today=TODAY)}
    database.close()
    threshold = settings.current().waiting_too_long_days
    app = OfficerApp(demo_url, first_pane="today")
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, "2", RequestsScreen)
        lines = table_lines(screen)
        assert lines and set(lines) <= set(rows)
        for key, line in lines.items():
            row = rows[key]
            assert priority_words(row.priority) in line
            for other in set(Priority) - {row.priority}:
                assert priority_words(other) not in line
            assert ("! " in line) == row.overdue
            if row.overdue:
                assert f"! {row.due_on:%Y-%m-%d}" in line
            assert ("⚠" in line) == waiting_too_long(row.status, row.age_days, threshold)
        shown = [rows[key] for key in lines]
        assert len({row.priority for row in shown}) == len(Priority)
        assert {row.overdue for row in shown} == {True, False}
        assert {row.age_days > threshold for row in shown} == {True, False}

        # The detail says it in words.
        late = next(key for key in lines if rows[key].overdue and rows[key].age_days > threshold)
        table = screen.query_one(VirtualTable)
        index = next(i for i in range(table.row_count) if table.row_at(i).key == late)
        await press_until(pilot, "down", lambda: table.cursor_row == index, what="the late request")
        await wait_until(pilot, lambda: screen._detail is not None and screen._detail.request.id == late,
                         what="its detail")
        detail = detail_text(screen)
        assert "⚠ waiting too long" in detail and "overdue" in detail


async def test_project_rows_show_the_traffic_light_as_sign_and_word(demo_url):
    from officer_tui.services import projects
    from officer_tui.services.database import open_database

    database = open_database(demo_url)
    with database.session() as session:
        lights = {row.id: row.traffic_light for row in projects.list_projects(session, today=TODAY)}
    database.close()
    app = OfficerApp(demo_url, first_pane="today")
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, "4", ProjectsScreen)
        lines = table_lines(screen)
        assert {lights[key] for key in lines} == set(TrafficLight)
        for key, line in lines.items():
            assert traffic_words(lights[key]) in line
            for other in set(TrafficLight) - {lights[key]}:
                assert traffic_words(other) not in line


async def test_overdue_follow_ups_are_marked_in_the_text(demo_url):
    app = OfficerApp(demo_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await settle(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpsScreen)
                         and table_lines(app.screen), what="the follow-ups")
        screen = app.screen
        lines = table_lines(screen)
        overdue = {key: screen._rows[key].overdue for key in lines}
        assert set(overdue.values()) == {True, False}
        for key, line in lines.items():
            due = f"{screen._rows[key].due_on:%Y-%m-%d}"
            assert (f"! {due}" in line) == overdue[key]


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


async def test_without_colour_the_today_pane_still_says_what_is_late(demo_url, no_color):
    app = OfficerApp(demo_url, first_pane="today")
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        await settle(pilot)
        lists = list(app.screen.query(SectionList))
        text = "\n".join(widget.render_line(y).text for widget in lists
                         for y in range(widget.virtual_size.height))
        assert "Overdue follow-ups" in text
        overdue = [line for line in text.splitlines() if "days overdue" in line or "day overdue" in line]
        assert overdue and all(line.lstrip().startswith("!") for line in overdue)
        assert "▸ " in text  # a follow-up due today
        assert any(words in text for words in ("▲▲ urgent", "▲ high"))
        assert "⚠ at risk" in text or "✗ off track" in text
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and table_lines(app.screen), what="the Requests pane")
        rows = "\n".join(table_lines(app.screen).values())
        assert "▲▲ urgent" in rows and "! " in rows and "⚠ " in rows
