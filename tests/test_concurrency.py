"""Two programs on one database: stale saves are refused (no silent lost update) and reads
never wait for another program's write.

Runs on SQLite and on PostgreSQL: "another program" is a second ``Database`` (its own engine
and connections: on PostgreSQL two real server connections), the CLI run in this process, or a
plain driver connection in the middle of a write: on SQLite ``BEGIN IMMEDIATE`` (the whole
file is locked), on PostgreSQL an ``UPDATE`` of an open request in an open transaction (that
row is locked; readers never wait there, and writers wait only for that row). No mocks.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from officer_tui import clock
from officer_tui.cli import main
from officer_tui.models.enums import OPEN_STATUSES, Priority
from officer_tui.models.request import Request
from officer_tui.paths import sqlite_path
from officer_tui.services import requests
from officer_tui.services.database import open_database
from officer_tui.services.errors import StaleVersion
from tests.conftest import TODAY

UNIT = "Stadtmuseum Hohenstein"
OPEN = tuple(status.value for status in OPEN_STATUSES)


@pytest.fixture
def two(demo_url):
    """Two programs on the demo database: ``mine`` and ``theirs``."""
    mine, theirs = open_database(demo_url), open_database(demo_url)
    yield mine, theirs
    mine.close()
    theirs.close()


@pytest.fixture
def cli(capsys):
    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def write_lock(url: str) -> Iterator[int]:
    """Another program in the middle of a long write, on its own driver connection: the
    first open request is changed and not committed yet. Yields that request's id.

    SQLite holds the write lock of the whole file; PostgreSQL holds that request's row."""
    path = sqlite_path(url)
    if path is not None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE orgunit SET notes = 'changing…' WHERE id = (SELECT min(id) FROM orgunit)")
        marks = ", ".join("?" * len(OPEN))
        (held,) = other.execute(f"SELECT min(id) FROM request WHERE status IN ({marks})", OPEN).fetchone()
        other.execute("UPDATE request SET description = 'changing…' WHERE id = ?", (held,))
        try:
            yield held
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    import psycopg

    with psycopg.connect(_libpq(url)) as other:  # a transaction is open until rollback
        (held,) = other.execute("SELECT min(id) FROM request WHERE status = ANY(%s)",
                                (list(OPEN),)).fetchone()
        other.execute("UPDATE request SET description = 'changing…' WHERE id = %s", (held,))
        try:
            yield held
        finally:
            other.rollback()


def waiting_for_a_lock(url: str) -> int:
    """How many server connections to the database of ``url`` wait for a lock (PostgreSQL)."""
    import psycopg

    with psycopg.connect(_libpq(url), autocommit=True) as watcher:
        return watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'").fetchone()[0]


def first_open_request(database) -> int:
    with database.session() as session:
        return requests.list_requests(session, limit=1)[0].id


def get(database, request_id: int):
    with database.session() as session:
        return requests.get_request(session, request_id)


# --- stale saves ---------------------------------------------------------------------------


def test_a_save_on_a_stale_version_is_refused_and_theirs_is_kept(two):
    mine, theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)  # my form opens the request
    with theirs.session() as session:
        requests.update_request(session, request_id=rid, changes={"title": "Theirs"},
                                expected_version=seen.version)
    with mine.session() as session, pytest.raises(StaleVersion):
        requests.update_request(session, request_id=rid, changes={"title": "Mine"},
                                expected_version=seen.version)
    stored = get(theirs, rid)
    assert stored.title == "Theirs"
    assert stored.version == seen.version + 1
    # With the new version (what "keep mine" does) the save goes through.
    with mine.session() as session:
        requests.update_request(session, request_id=rid, changes={"title": "Mine"},
                                expected_version=stored.version)
    assert (get(theirs, rid).title, get(theirs, rid).version) == ("Mine", seen.version + 2)


def test_an_object_held_in_a_session_cannot_overwrite_a_newer_row(two):
    """Even without ``expected_version``: the ORM's version column refuses the UPDATE."""
    mine, theirs = two
    rid = first_open_request(mine)
    with mine.session() as session:
        held = requests.get_request(session, rid)  # loaded and kept in the session
        held_version = held.version
        with theirs.session() as other:
            requests.triage(other, request_id=rid, priority=Priority.URGENT)
        with pytest.raises(StaleVersion):
            requests.update_request(session, request_id=rid, changes={"description": "Mine"})
        assert held_version < get(theirs, rid).version
    stored = get(theirs, rid)
    assert stored.priority == Priority.URGENT
    assert stored.description != "Mine"


def test_the_cli_edits_while_the_app_holds_an_older_version(two, demo_url, cli):
    mine, _theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)  # the app's form holds this version
    code, _out, err = cli("--db", demo_url, "request", "set", rid, "--priority", "low")
    assert (code, err) == (0, "")
    with mine.session() as session, pytest.raises(StaleVersion):
        requests.update_request(session, request_id=rid, changes={"priority": Priority.URGENT},
                                expected_version=seen.version)
    stored = get(mine, rid)
    assert stored.priority == Priority.LOW  # the CLI's change was not lost
    assert stored.version == seen.version + 1


def test_the_cli_writes_only_what_it_changes(two, demo_url, cli):
    """The app saved in between: the CLI's edit (no version: a field-level change) succeeds
    and every field the app changed survives."""
    mine, _theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)
    with mine.session() as session:
        requests.update_request(session, request_id=rid, changes={"title": "Vom Formular"},
                                expected_version=seen.version)
    code, _out, _err = cli("--db", demo_url, "request", "set", rid, "--category", "Hardware")
    assert code == 0
    stored = get(mine, rid)
    assert (stored.title, stored.category, stored.version) == ("Vom Formular", "Hardware",
                                                               seen.version + 2)


# --- reads while another program writes ----------------------------------------------------


@pytest.fixture
def next_week():
    """A new day: the stored urgencies are yesterday's until the daily refresh runs."""
    day = TODAY + timedelta(days=7)
    clock.freeze(day)
    yield day
    clock.freeze(TODAY)


def test_listing_requests_does_not_wait_for_a_write_lock(two, demo_url, next_week):
    mine, _theirs = two
    with mine.session() as session:
        assert not requests.urgency_is_current(session, today=next_week)
    with write_lock(demo_url):
        with mine.session() as session:
            assert requests.ensure_urgency_current(session, today=next_week) is False  # skipped
            rows = requests.list_requests(session, today=next_week)
            ids = requests.ordered_ids(session, today=next_week)
        with mine.session() as session:
            assert not requests.urgency_is_current(session, today=next_week)  # nothing written
    assert rows and list(ids) == [row.id for row in rows]
    # Sorted by today's score although the stored one is last week's.
    for row in rows:
        assert row.urgency == requests.urgency(priority=row.priority, received_on=row.received_on,
                                               due_on=row.due_on, status=row.status, today=next_week)
    scores = [row.urgency for row in rows]
    assert scores == sorted(scores, reverse=True)
    # Once the other program is done, the next list refreshes the stored scores.
    with mine.session() as session:
        assert [row.id for row in requests.list_requests(session, today=next_week)] == [
            row.id for row in rows]
        assert requests.urgency_is_current(session, today=next_week)


def lock_waits(connection, backend: str) -> int:
    """How long a statement on this pooled connection waits for a lock, in milliseconds."""
    if backend == "sqlite":
        return connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    return int(connection.exec_driver_sql(
        "SELECT setting FROM pg_settings WHERE name = 'lock_timeout'").scalar())


def test_the_refresh_leaves_the_lock_wait_of_the_pooled_connections_alone(
        two, demo_url, next_week, backend):
    """The skipped refresh waited only ``URGENCY_LOCK_WAIT_MS``; every connection that goes
    back to the pool waits as long as any other again (SQLite: ``busy_timeout``; PostgreSQL:
    ``lock_timeout``, set for the refresh's transaction only)."""
    from officer_tui.db import files

    mine, _theirs = two
    with write_lock(demo_url), mine.session() as session:
        requests.list_requests(session, today=next_week)
        with mine.session() as other:  # a second pooled connection, as the TUI's workers use
            requests.list_requests(other, today=next_week)
    pooled = mine.engine.pool.checkedin()
    assert pooled >= 1
    with contextlib.ExitStack() as stack:
        connections = [stack.enter_context(mine.engine.connect()) for _ in range(pooled)]
        assert [lock_waits(c, backend) for c in connections] == [files.BUSY_TIMEOUT_MS] * pooled
    with mine.session() as session:
        assert not requests.urgency_is_current(session, today=next_week)  # it was skipped


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (("request", "list", "--json"), "Drucker"),
        (("today", "--json"), "requests"),
        (("search", "Drucker", "--json"), "Drucker"),
        (("request", "show", "1"), "Description"),
        (("idea", "list", "--json"), "title"),
    ],
)
def test_the_cli_reads_while_another_program_holds_the_write_lock(demo_url, cli, next_week, argv,
                                                                  expect):
    with write_lock(demo_url):
        code, out, err = cli("--db", demo_url, *argv)
    assert (code, err) == (0, "")
    assert expect in out
    if "--json" in argv:
        assert json.loads(out)


def test_a_write_still_waits_and_is_refused_with_the_locked_message(demo_url, cli, monkeypatch,
                                                                    backend):
    """A write that needs what the other program holds waits ``BUSY_TIMEOUT_MS`` and is
    refused, naming the lock, with nothing written. SQLite locks the whole file, so any write
    waits; PostgreSQL locks the row, so a write elsewhere goes through at once."""
    from officer_tui.db import files

    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 200)
    with write_lock(demo_url) as held:
        before = get_fresh(demo_url, held)
        code, out, err = cli("--db", demo_url, "request", "set", held, "--priority", "low")
        assert code == 1 and out == ""
        if backend == "sqlite":
            assert "locked by another program" in err
            code, out, err = cli("--db", demo_url, "request", "add", "Scanner", "--unit", UNIT)
            assert code == 1 and out == ""
            assert "locked by another program" in err
        else:
            assert "The record is locked by another user of" in err
            code, out, err = cli("--db", demo_url, "request", "add", "Scanner", "--unit", UNIT)
            assert (code, err) == (0, "")
    after = get_fresh(demo_url, held)
    assert (after.priority, after.version) == (before.priority, before.version)
    with open_db(demo_url) as database, database.session() as session:
        scanners = session.exec(select(Request).where(Request.title == "Scanner")).all()
    assert len(scanners) == (0 if backend == "sqlite" else 1)


@contextmanager
def open_db(url: str):
    database = open_database(url)
    try:
        yield database
    finally:
        database.close()


def get_fresh(url: str, request_id: int):
    with open_db(url) as database:
        return get(database, request_id)


# --- two saves at the same moment ----------------------------------------------------------


def test_two_saves_of_one_version_at_the_same_moment_one_wins_the_other_is_refused(
        two, demo_url, backend):
    """Two real connections: mine has saved (not committed yet) when theirs saves on the same
    version. Theirs waits for the row, then is refused: the check of the version is repeated
    on the row as it is after my commit, so no save is lost silently.

    SQLite locks the whole file for a writer: two saves never overlap there, and the serial
    case is the tests above."""
    if backend == "sqlite":
        pytest.skip("SQLite writers never overlap (one write lock per file)")
    mine, theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)
    outcome: list[object] = []

    def their_save() -> None:
        try:
            with theirs.session() as session:
                # Waits for my row however slow this machine is (a lock_timeout would be a
                # "locked" refusal instead, the case of the test above).
                session.execute(text("SET LOCAL lock_timeout = 0"))
                outcome.append(requests.update_request(
                    session, request_id=rid, changes={"title": "Theirs"},
                    expected_version=seen.version).version)
        except Exception as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    with mine.session() as session:
        save = requests.update_request.__wrapped__  # flushed, not committed: the row is held
        save(session, request_id=rid, changes={"title": "Mine"}, expected_version=seen.version)
        other = threading.Thread(target=their_save)
        other.start()
        for _ in range(600):  # until their UPDATE waits for my row (the thread may be slow)
            if waiting_for_a_lock(demo_url) or not other.is_alive():
                break
            threading.Event().wait(0.05)
        assert other.is_alive(), outcome  # theirs is waiting, not done
        session.commit()
    other.join()
    [result] = outcome
    assert isinstance(result, StaleVersion)
    stored = get(theirs, rid)
    assert (stored.title, stored.version) == ("Mine", seen.version + 1)
