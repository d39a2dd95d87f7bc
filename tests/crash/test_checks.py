"""The checks of the crash suite catch what they are there for: a lost write, a write stored
twice, half a capture, an edit gone back, a search index out of step with its table."""

from __future__ import annotations

import sqlite3

import pytest

from tests.crash.checks import assert_sound, file_problems, ledger_problems
from tests.crash.ledger import Ledger, Write, parse_lines


@pytest.fixture
def saved(demo):
    """Two requests and an idea saved by the services, as a writer would."""
    from officer_tui.services import ideas, requests
    from officer_tui.services.database import open_database

    database = open_database(f"sqlite:///{demo}")
    with database.session() as session:
        first = requests.create_request(session, data={"title": "Crashtest A", "unit_id": 2}).id
        second = requests.create_request(session, data={"title": "Crashtest B", "unit_id": 2}).id
        idea = ideas.create_idea(session, data={"title": "Crashtest C", "unit_id": 4}).id
    database.close()
    return {"first": first, "second": second, "idea": idea}


def test_a_sound_file_with_every_reported_write_passes(demo, saved):
    ledger = Ledger([
        Write("create", "request", "title", "Crashtest A", id=saved["first"], reported=True),
        Write("create", "request", "title", "Crashtest Z"),  # tried, cut off, not there: fine
        Write("edit", "request", "priority", "normal", id=saved["first"], reported=True),
        Write("edit", "request", "priority", "urgent", id=saved["first"]),  # cut off: either
    ])
    assert_sound(demo, ledger, seed=0, after="nothing")


def test_the_checks_name_each_kind_of_damage(demo, saved):
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE request SET title = 'Crashtest A' WHERE id = ?", (saved["second"],))
    connection.commit()
    connection.close()
    ledger = Ledger([
        Write("create", "request", "title", "Crashtest A", id=saved["first"], reported=True),
        Write("create", "request", "title", "Crashtest lost", id=999, reported=True, origin="L1"),
        Write("create", "idea", "title", "Crashtest C", id=saved["idea"], followup_id=7,
              reported=True),
        Write("edit", "request", "priority", "high", id=saved["first"], reported=True),
    ])
    problems = "\n".join(ledger_problems(demo, ledger))
    assert "'Crashtest A' stored 2 times" in problems
    assert "lost: L1 reported request #999 'Crashtest lost' as saved; found []" in problems
    assert "half a capture" in problems  # the idea without the follow-up of its date
    assert f"request #{saved['first']}.priority is 'normal', expected one of ['high']" in problems
    with pytest.raises(AssertionError, match="OFFICER_CRASH_SEED=42"):
        assert_sound(demo, ledger, seed=42, after="the damage")


def test_a_search_index_out_of_step_is_found(demo, saved):
    connection = sqlite3.connect(demo)
    connection.execute("DELETE FROM search_index WHERE kind = 'request' AND record_id = ?",
                       (saved["first"],))
    connection.commit()
    connection.close()
    assert any("search index" in problem for problem in file_problems(demo))


def test_a_line_cut_by_the_kill_is_not_a_report():
    text = (
        'try {"op": 1, "kind": "create", "table": "request", "column": "title", "value": "A"}\n'
        'ok {"op": 1, "id": 5}\n'
        'try {"op": 2, "kind": "edit", "table": "request", "column": "priority", "value": "low", "id": 5}\n'
        'ok {"op": 2, "id'
    )
    writes = parse_lines(text, "w")
    assert [(w.kind, w.id, w.reported) for w in writes] == [("create", 5, True), ("edit", 5, False)]


def test_a_record_without_its_history_entry_is_found(demo, saved):
    connection = sqlite3.connect(demo)
    connection.execute("DELETE FROM change WHERE table_name = 'request' AND record_id = ?",
                       (saved["first"],))
    connection.commit()
    connection.close()
    ledger = Ledger([
        Write("create", "request", "title", "Crashtest A", id=saved["first"], reported=True)])
    assert ledger_problems(demo, ledger) == [
        f"request 'Crashtest A' [{saved['first']}] has the history entries []"]
