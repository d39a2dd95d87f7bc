"""Another program holds the write lock: the app's panes still load (reads never wait) and a
form's save says "locked", keeps what was typed, writes nothing, and works once it is free.

On SQLite the lock is the whole file's (another connection in ``BEGIN IMMEDIATE``); on
PostgreSQL it is another person's row lock (``SELECT ... FOR UPDATE`` on the request), which
a save waits for up to the engine's ``lock_timeout`` (the same wait as SQLite's busy timeout).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from textual.widgets import Input, TextArea

from officer_tui import clock
from officer_tui.db import files
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

SIZE = (130, 40)


@contextmanager
def write_lock(path) -> Iterator[None]:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE orgunit SET notes = 'changing…' WHERE id = (SELECT min(id) FROM orgunit)")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def titles(path) -> dict[int, str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT id, title FROM request").fetchall())
    finally:
        connection.close()


@contextmanager
def row_lock(url: str, where: str = "TRUE") -> Iterator[None]:
    """Another person's open transaction on PostgreSQL holds the requests ``where`` says."""
    import psycopg

    other = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))
    try:
        other.execute(f"SELECT id FROM request WHERE {where} FOR UPDATE")
        yield
    finally:
        other.rollback()
        other.close()


def pg_titles(url: str) -> dict[int, str]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as connection:
        return dict(connection.execute("SELECT id, title FROM request").fetchall())


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 300)


async def open_first_request(pilot, titles_before: dict[int, str]) -> tuple[int, RequestFormScreen]:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                     what="the Requests pane")
    key = app.screen.table.cursor_key
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen)
                     and app.screen.query_one("#title", Input).value == titles_before[key],
                     what="the edit form")
    return key, app.screen


async def test_a_save_while_locked_says_so_keeps_the_input_and_works_later(demo, short_busy_timeout):
    before = titles(demo)
    app = OfficerApp(f"sqlite:///{demo}", first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        key, form = await open_first_request(pilot, before)
        form.query_one("#title", Input).value = "Neuer Titel"
        with write_lock(demo):
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: any("locked by another program" in str(n.message)
                                                for n in app._notifications), what="the locked message")
            assert app.screen is form
            assert form.query_one("#title", Input).value == "Neuer Titel"
        assert titles(demo) == before  # nothing written
        app._notifications.clear()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
    assert titles(demo) == {**before, key: "Neuer Titel"}


@pytest.fixture
def next_week():
    clock.freeze(TODAY + timedelta(days=7))  # the daily urgency refresh is due
    yield
    clock.freeze(TODAY)


@pytest.mark.parametrize("pane", ["today", "requests", "ideas", "projects", "meetings", "contacts"])
async def test_panes_load_while_another_program_writes(demo, next_week, pane):
    app = OfficerApp(f"sqlite:///{demo}", first_pane=pane)
    with write_lock(demo):
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.screen.id == pane or type(app.screen).__name__.lower()
                             .startswith(pane[:5]), what=f"the {pane} pane")
            await settle(pilot)
            shown = "\n".join(str(w.render()) for w in app.screen.query("Static, VirtualTable")
                              if w.display)
            assert not [n for n in app._notifications if "locked" in str(n.message)]
            table = getattr(app.screen, "table", None)
            if table is not None:  # a list pane: its rows are there
                assert table.row_count > 0
            else:  # Today: the demo's requests are listed
                assert "request" in shown.lower()


on_postgresql = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@on_postgresql
async def test_a_save_waiting_for_another_persons_row_lock_says_so_and_works_later(
        demo_url, short_busy_timeout):
    before = pg_titles(demo_url)
    app = OfficerApp(demo_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        key, form = await open_first_request(pilot, before)
        form.query_one("#title", Input).value = "Neuer Titel"
        form.query_one("#description", TextArea).text = "Mit Notiz"
        with row_lock(demo_url, f"id = {key}"):
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: any("locked by another user" in str(n.message)
                                                for n in app._notifications), what="the locked message")
            assert app.screen is form
            assert form.query_one("#title", Input).value == "Neuer Titel"
            assert form.query_one("#description", TextArea).text == "Mit Notiz"
            assert form.is_dirty
        assert pg_titles(demo_url) == before  # nothing written
        app._notifications.clear()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
        assert not [n for n in app._notifications if n.severity == "error"]
    assert pg_titles(demo_url) == {**before, key: "Neuer Titel"}


@on_postgresql
@pytest.mark.parametrize("pane", ["today", "requests"])
async def test_panes_load_while_another_person_holds_every_request(demo_url, next_week,
                                                                   short_busy_timeout, pane):
    """The daily urgency refresh would update every request: it gives up, and the pane shows."""
    app = OfficerApp(demo_url, first_pane=pane)
    with row_lock(demo_url):
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: getattr(app.screen, "_loaded_once", False)
                             and app.current_mode == pane, what=f"the {pane} pane")
            await settle(pilot)
            assert not [n for n in app._notifications if n.severity == "error"]
            table = getattr(app.screen, "table", None)
            if table is not None:
                assert table.row_count > 0
