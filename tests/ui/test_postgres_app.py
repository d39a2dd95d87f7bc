"""The whole app on a PostgreSQL server: every pane, a record opened in each, search, capture
and a save, with no error, and the password of the URL never on screen.

The demo data on the test run's throw-away server (``demo_url``); the URL carries a password
(the server trusts local connections and ignores it), as a team's URL would.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.capture import CaptureScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.search import SearchScreen
from officer_tui.ui.widgets.pane_bar import PaneBar, fit_location
from tests.ui.helpers import settle, wait_until

on_postgresql = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

SIZE = (150, 40)
PASSWORD = "Geheim-7f3a"
PANES = [("1", "today"), ("2", "requests"), ("3", "ideas"), ("4", "projects"), ("5", "meetings"),
         ("6", "training"), ("7", "contacts")]


@pytest.fixture
def team_url(demo_url) -> str:
    """The demo database's URL with a password in it."""
    user, at, rest = demo_url.partition("@")
    assert at and ":" not in user.removeprefix("postgresql+psycopg://")
    return f"{user}:{PASSWORD}@{rest}"


def errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


def everything_shown(app) -> str:
    """Every notification and the text of every widget on the screens of the stack."""
    texts = [str(n.message) for n in app._notifications]
    for screen in app.screen_stack:
        for widget in screen.query("*"):
            try:
                texts.append(str(widget.render()))
            except Exception:  # a widget that renders only inside a compositor
                continue
    return "\n".join(texts)


async def open_pane(pilot, key: str, mode: str):
    app = pilot.app
    await pilot.press(key)
    await wait_until(pilot, lambda: app.current_mode == mode and len(app.screen_stack) == 1
                     and getattr(app.screen, "_loaded_once", False), what=f"the {mode} pane")
    return app.screen


async def back_to(pilot, pane) -> None:
    app = pilot.app
    for _ in range(3):
        if app.screen is pane:
            return
        await pilot.press("escape")
        await settle(pilot)
    assert app.screen is pane


@on_postgresql
async def test_every_pane_search_capture_and_a_save_on_postgresql(team_url):
    app = OfficerApp(team_url, first_pane="today")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.current_mode == "today"
                         and getattr(app.screen, "_loaded_once", False), what="Today")
        bar = str(app.screen.query_one(PaneBar).render())
        database = team_url.rsplit("/", 1)[1].split("?")[0]
        assert database in bar and PASSWORD not in bar

        opened = {}
        for key, mode in PANES:
            pane = await open_pane(pilot, key, mode)
            assert PASSWORD not in str(pane.query_one(PaneBar).render())
            if mode == "today":
                await pilot.press("down")  # from the first section's header to its first line
            if mode == "contacts":
                pane.table.focus()  # the people of the unit chosen in the tree
                await settle(pilot)
            if mode == "training":
                await pilot.press("enter")  # the programme: its sessions get the cursor
                await settle(pilot)
            await pilot.press("enter")  # the highlighted line's record
            await wait_until(pilot, lambda: len(app.screen_stack) > 1, what=f"a record from {mode}")
            await settle(pilot)
            opened[mode] = type(app.screen).__name__
            assert not errors(app), (mode, errors(app))
            await back_to(pilot, pane)
        assert opened["requests"] == "RequestFormScreen"
        assert opened["meetings"] == "MeetingDetailScreen"
        assert opened["training"] == "SessionScreen"
        assert opened["contacts"] == "ContactDetailScreen"

        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="the search")
        search = app.screen
        await pilot.press(*"drucker")
        await wait_until(pilot, lambda: search.result is not None and search.result.query == "drucker",
                         what="the hits")
        assert search.result.total > 0  # PostgreSQL's full-text search behind the same screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(app.screen_stack) == 1, what="the search to close")

        pane = await open_pane(pilot, "2", "requests")
        count = len(pane._ids)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen) and app.screen.choices,
                         what="quick capture")
        await pilot.press(*"Anfrage Stadtbibliothek: Beamer im Saal flackert !hoch")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is pane and len(pane._ids) == count + 1,
                         what="the captured request in the list")

        key = pane.table.cursor_key
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                         and app.screen._pristine is not None, what="the form")
        app.screen.query_one("#title", Input).value = "Beamer im Saal flackert (Lampe?)"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the save")
        await wait_until(pilot, lambda: pane._detail is not None and pane._detail.request.id == key
                         and pane._detail.request.title == "Beamer im Saal flackert (Lampe?)",
                         what="the saved title in the detail")
        assert not errors(app)
        assert PASSWORD not in everything_shown(app)


def test_the_pane_bar_keeps_the_database_name_of_a_long_server_url():
    socket = "postgresql+psycopg://officer@/portfolio?host=/var/run/postgresql"
    assert fit_location(socket, 80) == socket
    assert fit_location(socket, 40) == "officer@portfolio (/var/run/postgresql)"
    assert fit_location(socket, 31) == "portfolio (/var/run/postgresql)"
    assert fit_location(socket, 20) == "portfolio"
    network = "postgresql+psycopg://anna@db.stadt.example:5433/kultur_digital"
    assert fit_location(network, 45) == "anna@db.stadt.example:5433/kultur_digital"
    assert fit_location(network, 36) == "db.stadt.example:5433/kultur_digital"
    assert fit_location(network, 8) == "kultur_…"
    assert fit_location("~/Documents/officer/officer.db", 12) == "…/officer.db"  # a file: its end
