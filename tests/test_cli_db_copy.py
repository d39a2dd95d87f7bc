"""``officer db copy --to URL [--merge] [--yes] [--json]``: output, exit codes, refusals."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result, Terminal
from tests.conftest import _pg


@pytest.fixture
def officer(capsys, demo, monkeypatch):
    """``officer`` on a copy of the demo data (SQLite), as typed on the command line."""
    monkeypatch.setenv("OFFICER_DB", str(demo))

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def requests_of(officer, db) -> list:
    result = officer("--db", db, "request", "list", "--json", "--status", "all", "--limit", "500")
    assert result.code == 0, result.err
    return sorted((row["id"], row["title"], row["status"]) for row in result.json())


def test_copy_to_postgresql_and_back(officer, demo, request, tmp_path):
    server = _pg(request)
    name = server.create()
    team = server.url(name)
    try:
        result = officer("db", "copy", "--to", team)
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert lines[0].startswith(f"Copied {demo} to postgresql+psycopg://") and "rows)." in lines[0]
        assert lines[1].split() == ["table", "rows", "checksum", "ok"]
        request_line = next(line for line in lines if line.startswith("request "))
        assert request_line.split()[1] == "49" and request_line.endswith("✓")
        assert lines[-1].startswith("Verified: all 24 tables hold the same rows")

        laptop = tmp_path / "laptop" / "officer.db"
        back = officer("--db", team, "db", "copy", "--to", laptop, "--json")
        assert back.code == 0, back.err
        data = back.json()
        assert data["ok"] is True and data["merged"] is False and data["differing"] == []
        assert data["target"] == str(laptop) and "@" in data["source"]
        assert all(row["ok"] and row["checksum"] == row["target_checksum"] for row in data["tables"])
        assert requests_of(officer, laptop) == requests_of(officer, demo) == requests_of(officer, team)
        found = officer("--db", team, "search", "Drucker", "--json")
        assert found.code == 0 and any(hit["kind"] == "request" for hit in found.json())
    finally:
        server.drop(name)


def test_a_target_with_data_is_refused(officer, tmp_path):
    office = tmp_path / "office.db"
    assert officer("--db", office, "unit", "add", "Stadtarchiv", "--kind", "department").code == 0
    before = office.read_bytes()
    result = officer("db", "copy", "--to", office)
    assert result.code == 2
    assert result.complaint == (
        f"officer: --to: {office} already holds data (1 unit); nothing was changed. Use --merge "
        "to merge this database into it (records are matched by uid).")
    assert office.read_bytes() == before


def test_merge_asks_first_and_reports_per_kind(officer, demo, tmp_path, monkeypatch):
    office = tmp_path / "office.db"
    assert officer("db", "copy", "--to", office).code == 0
    added = officer("request", "add", "WLAN im Lesesaal", "--unit", "Stadtmuseum")
    assert added.code == 0

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    declined = officer("db", "copy", "--to", office, "--merge")
    assert declined.code == 1 and "Merge? [y/N]" in declined.out
    assert declined.out.rstrip().endswith("Nothing was changed.")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: nobody to ask
    unasked = officer("db", "copy", "--to", office, "--merge")
    assert unasked.code == 2 and unasked.complaint.startswith("officer: --yes: required for --merge")
    assert len(requests_of(officer, office)) == 49

    merged = officer("db", "copy", "--to", office, "--merge", "--yes")
    assert merged.code == 0, merged.err
    assert merged.out.startswith(f"Merged {demo} into {office}.")
    assert "Merged: 1 new, 0 updated" in merged.out
    assert "Rows of records and links: 610 in the source, 610 in the target now." in merged.out
    assert requests_of(officer, office) == requests_of(officer, demo)

    again = officer("db", "copy", "--to", office, "--merge", "--yes", "--json")
    assert again.code == 0
    data = again.json()
    assert data["merged"] is True and data["totals"]["inserted"] == 0
    assert data["tables"]["request"]["unchanged"] == 50
    assert data["source_rows"]["request"] == data["target_rows"]["request"] == 50


def test_the_same_database_is_refused(officer, demo, tmp_path):
    result = officer("db", "copy", "--to", demo.parent / "." / demo.name)
    assert result.code == 2
    assert result.complaint == f"officer: --to: {demo} is the database being copied"
    empty = officer("db", "copy", "--to", " ")
    assert empty.code == 2 and empty.complaint == "officer: --to: names no database"


def test_an_unreachable_target_is_one_line_without_the_password(officer, tmp_path):
    nowhere = tmp_path / "no-server"
    nowhere.mkdir()
    result = officer("db", "copy", "--to",
                     f"postgresql+psycopg://officer:topsecret@/team?host={nowhere}")
    assert result.code == 1
    line = result.complaint
    assert "topsecret" not in result.err and "Traceback" not in result.err
    assert "postgresql+psycopg://officer@/team" in line
    unwritable = officer("db", "copy", "--to", "/proc/officer/copy.db")
    assert unwritable.code == 1 and "/proc/officer" in unwritable.complaint


def test_a_source_behind_the_schema_is_not_copied(officer, demo, tmp_path):
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE alembic_version SET version_num = '0005'")
    connection.commit()
    connection.close()
    result = officer("db", "copy", "--to", tmp_path / "copy.db")
    assert result.code == 1
    assert "run 'officer db upgrade' first" in result.complaint
    assert not (tmp_path / "copy.db").exists()


def test_differences_are_named_and_exit_1(capsys):
    from officer_tui.cli.db_copy import _copied
    from officer_tui.services.db_copy import CopyReport, TableCheck, TableSum

    same = TableSum(3, "a" * 64)
    report = CopyReport(source="laptop.db", target="postgresql+psycopg://me@/team", checks=[
        TableCheck("orgunit", same, same),
        TableCheck("request", TableSum(5, "b" * 64), TableSum(4, "c" * 64)),
    ])
    assert _copied(argparse.Namespace(json=False), report) == 1
    out, err = capsys.readouterr()
    assert "request  5 ≠ 4  bbbbbbbbbbbbbbbb ≠ cccccccccccccccc  ✗ differs" in out
    assert "Verified" not in out
    assert err == ("officer: the copy in postgresql+psycopg://me@/team differs from the source "
                   "in: request. It was written: do not use it; empty the target and copy "
                   "again.\n")
    assert _copied(argparse.Namespace(json=True), report) == 1
    out, _err = capsys.readouterr()
    assert json.loads(out)["differing"] == ["request"]
