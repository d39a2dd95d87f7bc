"""Hard cases in the app: the start screen explains a database it cannot open (and changes
nothing); a database others can read gets a warning at start."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Static

from officer_tui.db.files import permissions
from officer_tui.services import units
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.start import StartScreen
from officer_tui.ui.screens.today import TodayScreen
from tests.test_hard_cases import fingerprint, unwritable
from tests.ui.helpers import wait_until

SIZE = (100, 30)


@pytest.fixture
def filled(database, db_url) -> Path:
    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})
    database.close()
    return Path(db_url.removeprefix("sqlite:///"))


async def start_problem(app: OfficerApp, pilot) -> str:
    await wait_until(pilot, lambda: "-problem" in app.screen.query_one("#start-message").classes,
                     what="the problem on the start screen")
    assert isinstance(app.screen, StartScreen)
    return str(app.screen.query_one("#start-message", Static).render())


async def test_a_database_from_a_newer_app_is_explained_and_left_alone(filled):
    connection = sqlite3.connect(filled)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = fingerprint(filled)
    app = OfficerApp(f"sqlite:///{filled}")
    async with app.run_test(size=SIZE) as pilot:
        text = await start_problem(app, pilot)
        assert "newer version" in text and "9999" in text
        assert "Press q to quit" in text
        await pilot.press("q")
    assert fingerprint(filled) == before
    assert not list(filled.parent.glob("*.bak"))


async def test_a_directory_as_database_is_explained(tmp_path):
    folder = tmp_path / "officer.db"
    folder.mkdir()
    app = OfficerApp(f"sqlite:///{folder}")
    async with app.run_test(size=SIZE) as pilot:
        text = await start_problem(app, pilot)
        assert "is a directory" in text and str(folder) in text
    assert list(folder.iterdir()) == []


async def test_a_read_only_database_is_explained_and_left_alone(filled):
    with unwritable(filled):
        before = fingerprint(filled)
        app = OfficerApp(f"sqlite:///{filled}")
        async with app.run_test(size=SIZE) as pilot:
            text = await start_problem(app, pilot)
            assert "read-only" in text and f"chmod 600 {filled}" in text
        assert fingerprint(filled) == before


async def test_a_database_others_can_read_gets_a_warning_at_start(filled):
    folder = Path(tempfile.mkdtemp(prefix="officer-shared-"))
    try:
        folder.chmod(0o755)
        path = folder / "officer.db"
        shutil.copyfile(filled, path)
        path.chmod(0o644)
        if not permissions(path).exposed:
            pytest.skip("the temporary folder is not reachable by other users")
        app = OfficerApp(f"sqlite:///{path}")
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
            warnings = [n for n in app._notifications if "chmod 600" in str(n.message)]
            assert len(warnings) == 1
            assert warnings[0].severity == "warning"
            assert "can be read by other users of this computer (mode 0644)" in warnings[0].message
    finally:
        shutil.rmtree(folder)


async def test_a_private_database_gets_no_warning(filled):
    app = OfficerApp(f"sqlite:///{filled}")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        assert not [n for n in app._notifications if "chmod" in str(n.message)]
