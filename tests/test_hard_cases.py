"""Hard cases: a database that is locked, read-only, full, damaged, from a newer app, missing,
or a directory. Each gets one line naming the database and the problem (exit 1, or 2 for bad
input), never a traceback, and the file stays as it was.

The tests run as root in CI, and root ignores file permissions: the read-only cases go through
SQLite's own read-only error (``PRAGMA query_only``) there, and through real file modes only
when not root. Disk full is SQLite's SQLITE_FULL, caused by ``PRAGMA max_page_count``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from officer_tui.db import engine as engine_module
from officer_tui.db import files
from officer_tui.db.errors import DatabaseProblem, explain, problem_kind
from officer_tui.services.database import open_database

UNIT = "Stadtmuseum Hohenstein"
AS_ROOT = os.geteuid() == 0


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def complaint(self) -> str:
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got: {self.err!r}"
        assert lines[0].startswith("officer: ")
        assert "Traceback" not in self.err
        return lines[0]


def fingerprint(path: Path) -> tuple[str, int]:
    """The bytes and the modification time: both unchanged means the file was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def request_count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM request").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def extra_pragma(monkeypatch):
    """Run one more statement on every connection the app opens (simulates a hostile disk)."""

    def install(make_statement):
        original = engine_module._set_sqlite_pragmas

        def with_extra(connection, record):
            original(connection, record)
            connection.execute(make_statement(connection))

        monkeypatch.setattr(engine_module, "_set_sqlite_pragmas", with_extra)

    return install


# --- locked -------------------------------------------------------------------------------


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 200)


def test_a_write_while_another_program_holds_the_lock_is_refused(
    officer, demo, short_busy_timeout
):
    other = sqlite3.connect(demo, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    try:
        result = officer("--db", demo, "request", "add", "Drucker", "--unit", UNIT)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.code == 1
    assert result.out == ""
    line = result.complaint
    assert str(demo) in line
    assert "locked by another program" in line
    assert "Nothing was changed" in line
    assert request_count(demo) == 49


def test_the_message_says_how_long_it_waited(short_busy_timeout):
    problem = explain(sqlite3.OperationalError("database is locked"), "/x/officer.db")
    assert "waited 1 second)" in str(problem)  # 200 ms: rounded up to a number people read
    assert "/x/officer.db" in str(problem)


# --- disk full ----------------------------------------------------------------------------


def _no_growth(connection) -> str:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    return f"PRAGMA max_page_count = {pages}"


def test_disk_full_during_request_add_rolls_back_and_says_so(officer, demo, extra_pragma):
    extra_pragma(_no_growth)
    before = request_count(demo)
    result = officer(
        "--db", demo, "request", "add", "Großer Antrag", "--unit", UNIT,
        "--description", "Anlage " * 12_000,  # 84 kB: under the 100,000-character limit
    )
    assert result.code == 1
    line = result.complaint
    assert str(demo) in line and "full" in line and "Nothing was changed" in line
    assert request_count(demo) == before
    connection = sqlite3.connect(demo)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_disk_full_in_a_service_call_is_a_database_problem(demo, extra_pragma):
    """The TUI path: services run in ``Database.session()``, which names the database."""
    from officer_tui.services.requests import create_request

    extra_pragma(_no_growth)
    database = open_database(f"sqlite:///{demo}")
    try:
        with pytest.raises(DatabaseProblem, match="full"), database.session() as session:
            create_request(
                session, data={"title": "Zu groß", "unit_id": 1, "description": "y" * 90_000}
            )
    finally:
        database.close()
    assert request_count(demo) == 49


# --- read-only ------------------------------------------------------------------------------


def test_a_write_to_a_read_only_database_is_refused(officer, demo, extra_pragma):
    """What SQLite says for a read-only file or mount; as root, ``query_only`` provokes it."""
    extra_pragma(lambda connection: "PRAGMA query_only = ON")
    before = fingerprint(demo)
    result = officer("--db", demo, "unit", "add", "Neue Einheit", "--kind", "department")
    assert result.code == 1
    line = result.complaint
    assert str(demo) in line and "read-only" in line and "Nothing was changed" in line
    assert fingerprint(demo) == before


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` cannot be written for real: mode 0400/0500 for a normal user; for root (who
    ignores modes) the immutable attribute, where the file system and capabilities allow it."""
    if not AS_ROOT:
        mode = path.stat().st_mode
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(stat.S_IMODE(mode))
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root without chattr +i: cannot make a file read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_a_read_only_file_is_refused_before_anything_is_opened(officer, demo):
    with unwritable(demo):
        before = fingerprint(demo)
        result = officer("--db", demo, "request", "add", "Drucker", "--unit", UNIT)
        assert fingerprint(demo) == before
    assert result.code == 1
    assert "read-only" in result.complaint and f"chmod 600 {demo}" in result.complaint


def test_a_read_only_folder_is_refused(officer, demo):
    with unwritable(demo.parent):
        result = officer("--db", demo, "request", "list")
    assert result.code == 1
    assert "-wal" in result.complaint and str(demo.parent) in result.complaint


def test_a_read_only_file_can_still_be_checked(officer, demo):
    """``db check`` only reads: it works where writing is refused."""
    with unwritable(demo):
        result = officer("--db", demo, "db", "check")
    assert result.code == 0, result.out + result.err
    assert "Integrity: ok" in result.out


# --- damaged files ----------------------------------------------------------------------------


def _scramble(path: Path) -> None:
    """Random bytes over pages in the middle (the header stays: SQLite opens the file)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(os.urandom(min(size - 4096 * 3, 4096 * 60)))


@pytest.mark.parametrize("argv", [
    ("request", "list"),
    ("request", "add", "Drucker", "--unit", UNIT),
    ("db", "check"),
])
def test_a_scrambled_database_is_refused_and_left_alone(officer, demo, argv):
    _scramble(demo)
    before = fingerprint(demo)
    result = officer("--db", demo, *argv)
    assert result.code == 1
    line = result.complaint
    assert str(demo) in line and "damaged" in line
    assert fingerprint(demo) == before


@pytest.mark.parametrize("argv", [("request", "list"), ("request", "add", "Drucker", "--unit", UNIT)])
def test_a_truncated_database_is_refused_and_left_alone(officer, demo, argv):
    with demo.open("r+b") as handle:
        handle.truncate(20_000)
    before = fingerprint(demo)
    result = officer("--db", demo, *argv)
    assert result.code == 1
    assert "damaged" in result.complaint
    assert fingerprint(demo) == before


def test_a_newer_database_is_refused_by_the_cli_and_left_alone(officer, demo):
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = fingerprint(demo)
    for argv in (("request", "list"), ("request", "add", "Drucker", "--unit", UNIT)):
        result = officer("--db", demo, *argv)
        assert result.code == 1
        assert "newer version" in result.complaint and "9999" in result.complaint
    assert fingerprint(demo) == before
    assert not list(demo.parent.glob("*.bak"))  # no backup either: nothing to migrate


# --- paths ----------------------------------------------------------------------------------


def test_a_missing_data_folder_is_created_private(officer, tmp_path, monkeypatch):
    data = tmp_path / "home" / "share" / "officer-tui"
    monkeypatch.setenv("OFFICER_DATA_DIR", str(data))
    result = officer("request", "list")
    assert result.code == 0, result.err
    for folder in (data, data.parent, data.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((data / "officer.db").stat().st_mode) == 0o600


def test_a_database_path_that_is_a_directory(officer, tmp_path):
    folder = tmp_path / "officer.db"
    folder.mkdir()
    for argv in (("request", "list"), ("request", "add", "Drucker", "--unit", UNIT)):
        result = officer("--db", folder, *argv)
        assert result.code == 1
        assert "is a directory" in result.complaint and str(folder) in result.complaint
    assert list(folder.iterdir()) == []


def test_bad_input_on_a_good_database_is_still_exit_2(officer, demo):
    result = officer("--db", demo, "request", "add", "Drucker", "--unit", "Nirgendwo")
    assert result.code == 2
    assert "--unit" in result.complaint


def test_a_damaged_database_in_a_real_process_prints_one_line(demo):
    _scramble(demo)
    before = fingerprint(demo)
    env = {**os.environ, "OFFICER_DB": str(demo), "OFFICER_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "officer_tui", "request", "list"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "damaged" in result.stderr
    assert fingerprint(demo) == before


# --- the classifier -------------------------------------------------------------------------


def _real_errors() -> dict[str, Exception]:
    """Exceptions as SQLite raises them (not made up): one per kind."""
    found: dict[str, Exception] = {}
    try:
        sqlite3.connect("file:/nonexistent-folder/x.db?mode=ro", uri=True)
    except sqlite3.Error as exc:
        found["cannot_open"] = exc
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA query_only = ON")
    try:
        connection.execute("CREATE TABLE t (x)")
    except sqlite3.Error as exc:
        found["readonly"] = exc
    connection.close()
    return found


def test_sqlite_errors_are_classified():
    for kind, exc in _real_errors().items():
        assert problem_kind(exc) == kind
    assert problem_kind(sqlite3.IntegrityError("UNIQUE constraint failed: request.uid")) is None
    assert explain(sqlite3.IntegrityError("UNIQUE constraint failed"), "x", fallback=False) is None
