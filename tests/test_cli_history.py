"""``officer history`` and ``officer revert``: tables, one record, JSON, filters, the preview,
confirmation (``--yes``, a terminal), redo, and refusals (exit 2, one line, nothing changed)."""

from __future__ import annotations

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result, Terminal, query


@pytest.fixture
def officer(capsys, monkeypatch):
    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    monkeypatch.setenv("OFFICER_USER", "beauftragte")
    return run


@pytest.fixture(autouse=True)
def db(officer, make_db, monkeypatch) -> str:
    """Three changes by "beauftragte": a unit, a request for it, the request's priority raised.
    The URL of the database (SQLite or PostgreSQL), chosen through OFFICER_DB."""

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert officer("unit", "add", "Stadtmuseum", "--kind", "museum").code == 0  # change 1
        assert officer("request", "add", "Drucker defekt", "--unit", "Stadtmuseum").code == 0  # 2
        assert officer("request", "set", "1", "--priority", "urgent").code == 0  # 3

    url, _built = make_db("cli-history", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return url


def request_row(db: str) -> tuple:
    [row] = query(db, "SELECT title, priority, status FROM request WHERE id = 1")
    return row


def change_count(db: str) -> int:
    return query(db, "SELECT count(*) FROM change")[0][0]


def test_history_lists_the_newest_changes(officer):
    result = officer("history")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Change", "When", "Who", "Record", "What"]
    assert lines[1].split()[0] == "3" and "changed: Priority, Status" in lines[1]
    assert "beauftragte" in lines[1] and "Request #1 “Drucker defekt”" in lines[1]
    assert lines[2].split()[0] == "2" and lines[2].endswith("created")
    assert "Unit #1 “Stadtmuseum”" in lines[3]


def test_one_records_history_shows_fields_before_and_after(officer):
    result = officer("history", "request", "1")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Request #1 “Drucker defekt”"
    assert lines[1].startswith("#3 ") and lines[1].endswith("beauftragte  changed: Priority, Status")
    assert lines[2:4] == ["    Priority: normal → urgent", "    Status: new → triaged"]
    assert "    Title: Drucker defekt" in lines
    assert officer("history", "request:1").out == result.out
    verbose = officer("history", "--verbose", "--limit", "1")
    assert verbose.out.splitlines()[1:3] == ["    Priority: normal → urgent", "    Status: new → triaged"]


def test_json_holds_the_exact_values(officer):
    [newest] = officer("history", "--json", "--limit", "1").json()
    assert newest["id"] == 3 and newest["table"] == "request" and newest["record_id"] == 1
    assert newest["action"] == "update" and newest["user"] == "beauftragte"
    assert newest["values"] == {"priority": ["normal", "urgent"], "status": ["new", "triaged"]}
    assert newest["fields"][0] == {"name": "priority", "label": "Priority", "before": "normal",
                                   "after": "urgent"}
    assert newest["reverts"] is None and newest["at"].endswith("+00:00")
    created = officer("history", "request", "1", "--json").json()[-1]
    assert created["action"] == "insert" and created["values"]["title"] == "Drucker defekt"


def test_filters_and_limit(officer, monkeypatch):
    monkeypatch.setenv("OFFICER_USER", "kollege")
    assert officer("request", "add", "Scanner", "--unit", "Stadtmuseum").code == 0
    mine = officer("history", "--user", "kollege", "--json").json()
    assert [(c["id"], c["record"]) for c in mine] == [(4, "Scanner")]
    units = officer("history", "--kind", "unit", "--json").json()
    assert [c["table"] for c in units] == ["orgunit"]
    limited = officer("history", "--limit", "2")
    assert len(limited.out.splitlines()) == 4  # header, two changes, the hint
    assert limited.out.splitlines()[-1] == "… more: use --limit 4 to see them"
    assert officer("history", "--user", "niemand").out == "No changes recorded.\n"


@pytest.mark.parametrize(("argv", "option"), [
    (["history", "rocket", "1"], "KIND ID"),
    (["history", "request"], "KIND ID"),
    (["history", "request", "eins"], "KIND ID"),
    (["history", "request", "99"], "KIND ID"),
    (["history", "--kind", "rocket"], "--kind"),
    (["history", "request", "1", "--kind", "unit"], "--kind"),
    (["history", "--limit", "0"], "--limit"),
    (["revert", "99", "--yes"], "no change #99"),
    (["revert", "x"], "CHANGE_ID"),
])
def test_bad_input_is_one_line_and_exit_2(officer, db, argv, option):
    result = officer(*argv)
    assert result.code == 2 and result.out == ""
    assert option in result.complaint


def test_revert_dry_run_changes_nothing(officer, db):
    before = change_count(db)
    result = officer("revert", "3", "--dry-run")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:] == [
        "  Request #1 “Drucker defekt”: Set 2 fields back",
        "      Priority: urgent → normal",
        "      Status: triaged → new",
        "Dry run: nothing was changed.",
    ]
    assert request_row(db) == ("Drucker defekt", "urgent", "triaged") and change_count(db) == before


def test_revert_needs_yes_without_a_terminal(officer, db):
    result = officer("revert", "3")
    assert result.code == 2 and "--yes" in result.complaint
    assert request_row(db) == ("Drucker defekt", "urgent", "triaged")


def test_revert_with_yes_and_redo(officer, db):
    result = officer("revert", "3", "--yes")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[-2:] == ["Reverted change #3.", "To take the revert back: officer revert 4"]
    assert request_row(db) == ("Drucker defekt", "normal", "new")
    newest = officer("history", "--limit", "1").out.splitlines()[1]
    assert newest.endswith("changed: Priority, Status (revert)")
    again = officer("revert", "4", "--yes")
    assert again.code == 0, again.err
    assert request_row(db) == ("Drucker defekt", "urgent", "triaged")


def test_revert_asks_on_a_terminal(officer, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    declined = officer("revert", "3")
    assert declined.code == 1 and "Revert? [y/N]" in declined.out
    assert declined.out.rstrip().endswith("Nothing was changed.")
    assert request_row(db) == ("Drucker defekt", "urgent", "triaged")
    monkeypatch.setattr("sys.stdin", Terminal("j\n"))
    accepted = officer("revert", "3")
    assert accepted.code == 0 and request_row(db) == ("Drucker defekt", "normal", "new")


def test_a_revert_that_cannot_work_is_refused_with_its_reasons(officer, db):
    before = change_count(db)
    result = officer("revert", "1", "--yes")  # the unit: the request refers to it
    assert result.code == 2
    assert "  Unit #1 “Stadtmuseum”: Delete it again (it was created then)" in result.out
    assert "✗ 1 other record refers to it" in result.out
    assert "cannot revert change #1: Unit #1: 1 other record refers to it" in result.complaint
    assert change_count(db) == before


def test_nothing_to_revert_says_so(officer, db):
    assert officer("revert", "3", "--yes").code == 0
    result = officer("revert", "3", "--yes")
    assert result.code == 0 and "Nothing to revert: everything is as before." in result.out


def test_german_history_runs(officer):
    result = officer("--lang", "de", "history", "request", "1")
    assert result.code == 0 and "Drucker defekt" in result.out
