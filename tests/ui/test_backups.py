"""Backups in the app: the automatic one on opening, the Today line, the Backups screen."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from officer_tui.services import backup_restore, backups, requests, units
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.backups import BackupsScreen
from officer_tui.ui.screens.idea_dialogs import ConfirmScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.today import TodayScreen
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (100, 30)


@pytest.fixture
def office(database) -> dict:
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        requests.create_request(session, data={"title": "Drucker defekt", "unit_id": museum})
    return {"museum": museum}


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def backup_line(app) -> Static:
    return app.screen.query_one("#today-backup", Static)


async def open_backups(pilot) -> BackupsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="the Today pane")
    app.open_tool("backups", "BackupsScreen")
    await wait_until(pilot, lambda: isinstance(app.screen, BackupsScreen) and app.screen.loaded_once,
                     what="the Backups screen with its list")
    return app.screen


async def test_opening_makes_the_days_backup_and_today_says_so(db_url, office, tmp_path):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen)
                         and str(backup_line(app).render()).startswith("Last backup: today "),
                         what="the Today pane with the last backup")
        assert not backup_line(app).has_class("-warning")
        # The date line itself is unchanged.
        assert str(app.screen.query_one("#today-date", Static).render()) == "Monday, 2 March 2026"
    made = tmp_path / "backups" / "officer-auto-2026-03-02.db"
    assert made.exists() and oct(made.stat().st_mode & 0o777) == "0o600"


async def test_automatic_backups_off_and_an_old_backup_is_flagged(db_url, office, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "0")
    old = backups.make_backup(url=db_url)
    moment = datetime.combine(TODAY - timedelta(days=9), datetime.min.time()).replace(hour=17)
    os.utime(old.path, (moment.timestamp(), moment.timestamp()))
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen)
                         and str(backup_line(app).render()).strip() != "", what="the backup line")
        await settle(pilot)
        line = backup_line(app)
        assert str(line.render()) == "⚠ Last backup: 2026-02-21 17:00 (9 days ago)"
        assert line.has_class("-warning")
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [old.path.name]


async def test_no_backup_yet_and_a_bad_keep_value_warns(db_url, office, monkeypatch, tmp_path):
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "viele")
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: any("OFFICER_BACKUP_KEEP='viele'" in n for n in notes(app)),
                         what="the warning")
        assert any(n.endswith("keeping 14") for n in notes(app))
        # The default was used: today's automatic backup was made anyway.
        await wait_until(pilot, lambda: (tmp_path / "backups" / "officer-auto-2026-03-02.db").exists(),
                         what="the automatic backup")


async def test_the_screen_lists_backups_and_b_makes_one(db_url, office, tmp_path):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: (tmp_path / "backups" / "officer-auto-2026-03-02.db").exists(),
                         what="the automatic backup")
        screen = await open_backups(pilot)
        table = screen.query_one("#backups-table", DataTable)
        assert table.row_count == 1
        assert [str(cell) for cell in table.get_row_at(0)][1:2] == ["automatic"]
        assert str(screen.query_one("#backups-folder", Static).render()) == f"Folder: {tmp_path / 'backups'}"
        await pilot.press("b")
        await wait_until(pilot, lambda: table.row_count == 2, what="the new backup in the list")
        manual = [p for p in (tmp_path / "backups").iterdir() if "-manual-" in p.name]
        assert len(manual) == 1
        assert screen.selected().path == manual[0]  # the cursor is on the new one
        assert any(manual[0].name in n and n.startswith("Backed up to ") for n in notes(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today again")


async def test_restore_through_the_dialog_shows_the_old_data(db_url, database, office, tmp_path):
    saved = backups.make_backup(url=db_url)
    earlier = (backups.now() - timedelta(hours=1)).timestamp()
    os.utime(saved.path, (earlier, earlier))
    with database.session() as session:
        requests.create_request(session, data={"title": "Nach der Sicherung", "unit_id": office["museum"]})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen.table.row_count == 2, what="the Requests pane with 2 requests")
        await wait_until(pilot, lambda: (tmp_path / "backups" / "officer-auto-2026-03-02.db").exists(),
                         what="the automatic backup")
        app.open_tool("backups", "BackupsScreen")
        await wait_until(pilot, lambda: isinstance(app.screen, BackupsScreen) and app.screen.loaded_once,
                         what="the Backups screen")
        screen = app.screen
        await press_until(pilot, "down", lambda: screen.selected().path == saved.path,
                          what="the older backup")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the dialog")
        assert "The current state is kept first" in str(app.screen.query(Static)[1].render())
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen.table.row_count == 1, what="the restored Requests pane")
        shown = " ".join(str(cell) for cell in app.screen.table.row_at(0).cells)
        assert "Drucker defekt" in shown
        assert any(n.startswith("Restored the backup of ") for n in notes(app))
    kept = [p for p in (tmp_path / "backups").iterdir() if "-before-restore-" in p.name]
    assert len(kept) == 1
    assert backup_restore.check_backup(path=Path(kept[0])) == saved.revision


async def test_escape_in_the_dialog_restores_nothing(db_url, database, office, tmp_path):
    app = OfficerApp(db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(pilot)
        await wait_until(pilot, lambda: screen.selected() is not None, what="a backup in the list")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the dialog")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert not [p for p in (tmp_path / "backups").iterdir() if "-before-restore-" in p.name]
