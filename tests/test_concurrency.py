"""Two programs on one SQLite file: stale saves are refused (no silent lost update) and reads
never wait for another program's write lock.

"Another program" is a second ``Database`` (its own engine and connections), the CLI run in
this process, or a plain ``sqlite3`` connection holding ``BEGIN IMMEDIATE``. No mocks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest

from officer_tui import clock
from officer_tui.cli import main
from officer_tui.models.enums import Priority
from officer_tui.services import requests
from officer_tui.services.database import open_database
from officer_tui.services.errors import StaleVersion
from tests.conftest import TODAY

UNIT = "Stadtmuseum Hohenstein"


@pytest.fixture
def two(demo):
    """Two programs on the demo database: ``mine`` and ``theirs``."""
    url = f"sqlite:///{demo}"
    mine, theirs = open_database(url), open_database(url)
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


@contextmanager
def write_lock(path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a long write: the write lock is held and a row changed."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE orgunit SET notes = 'changing…' WHERE id = (SELECT min(id) FROM orgunit)")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


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


def test_the_cli_edits_while_the_app_holds_an_older_version(two, demo, cli):
    mine, _theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)  # the app's form holds this version
    code, _out, err = cli("--db", demo, "request", "set", rid, "--priority", "low")
    assert (code, err) == (0, "")
    with mine.session() as session, pytest.raises(StaleVersion):
        requests.update_request(session, request_id=rid, changes={"priority": Priority.URGENT},
                                expected_version=seen.version)
    stored = get(mine, rid)
    assert stored.priority == Priority.LOW  # the CLI's change was not lost
    assert stored.version == seen.version + 1


def test_the_cli_writes_only_what_it_changes(two, demo, cli):
    """The app saved in between: the CLI's edit (no version: a field-level change) succeeds
    and every field the app changed survives."""
    mine, _theirs = two
    rid = first_open_request(mine)
    seen = get(mine, rid)
    with mine.session() as session:
        requests.update_request(session, request_id=rid, changes={"title": "Vom Formular"},
                                expected_version=seen.version)
    code, _out, _err = cli("--db", demo, "request", "set", rid, "--category", "Hardware")
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


def test_listing_requests_does_not_wait_for_a_write_lock(two, demo, next_week):
    mine, _theirs = two
    with mine.session() as session:
        assert not requests.urgency_is_current(session, today=next_week)
    with write_lock(demo):
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


def test_the_refresh_leaves_the_busy_timeout_of_the_pooled_connection_alone(two, demo, next_week):
    from officer_tui.db import files

    mine, _theirs = two
    with write_lock(demo), mine.session() as session:
        requests.list_requests(session, today=next_week)
    with mine.engine.connect() as connection:
        timeouts = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeouts == files.BUSY_TIMEOUT_MS


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
def test_the_cli_reads_while_another_program_holds_the_write_lock(demo, cli, next_week, argv, expect):
    with write_lock(demo):
        code, out, err = cli("--db", demo, *argv)
    assert (code, err) == (0, "")
    assert expect in out
    if "--json" in argv:
        assert json.loads(out)


def test_a_write_still_waits_and_is_refused_with_the_locked_message(demo, cli, monkeypatch):
    from officer_tui.db import files

    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 200)
    with write_lock(demo):
        code, out, err = cli("--db", demo, "request", "add", "Scanner", "--unit", UNIT)
    assert code == 1 and out == ""
    assert "locked by another program" in err
