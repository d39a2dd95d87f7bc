"""``officer backup [FILE|list]`` and ``officer restore FILE``: output, exit codes, ``--yes``."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result, Terminal


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def officer(capsys, db, monkeypatch):
    monkeypatch.setenv("OFFICER_DB", str(db))

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    assert run("unit", "add", "Stadtmuseum", "--kind", "museum").code == 0
    assert run("request", "add", "Drucker defekt", "--unit", "Stadtmuseum").code == 0
    return run


def titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT title FROM request"))
    finally:
        connection.close()


def test_backup_to_a_file_says_where_and_how_big(officer, tmp_path):
    result = officer("backup", tmp_path / "out" / "copy.db")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Backed up {tmp_path / 'cli.db'} to {tmp_path / 'out' / 'copy.db'} (")
    assert result.out.rstrip().endswith("kB).")
    assert stat.S_IMODE((tmp_path / "out" / "copy.db").stat().st_mode) == 0o600
    assert titles(tmp_path / "out" / "copy.db") == ["Drucker defekt"]
    again = officer("backup", tmp_path / "out" / "copy.db")
    assert again.code == 2 and "exists already" in again.complaint and "--force" in again.complaint
    assert officer("backup", tmp_path / "out" / "copy.db", "--force").code == 0


def test_backup_without_a_file_and_the_list(officer, tmp_path):
    made = officer("backup", "--json")
    assert made.code == 0
    data = json.loads(made.out)
    assert data["kind"] == "manual" and Path(data["path"]).parent == tmp_path / "backups"
    listed = officer("backup", "list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].split() == ["Made", "Kind", "Size", "Schema", "File"]
    assert lines[1].startswith("today ") and "manual" in lines[1] and data["name"] in lines[1]
    assert lines[-1] == f"Folder: {tmp_path / 'backups'}"
    as_json = json.loads(officer("backup", "list", "--json").out)
    assert [(item["name"], item["kind"], item["revision"]) for item in as_json] == [
        (data["name"], "manual", data["revision"])]


def test_an_empty_list_says_so(officer, tmp_path):
    result = officer("backup", "list")
    assert result.code == 0 and result.out.strip() == f"No backups in {tmp_path / 'backups'} yet."
    assert json.loads(officer("backup", "list", "--json").out) == []


def test_a_folder_as_file_is_refused(officer, tmp_path):
    result = officer("backup", tmp_path)
    assert result.code == 2
    assert result.complaint == f"officer: {tmp_path} is a folder; give the backup a file name"


def test_restore_needs_yes_without_a_terminal_and_changes_nothing(officer, db, tmp_path):
    assert officer("backup", tmp_path / "saved.db").code == 0
    officer("request", "add", "Nach der Sicherung", "--unit", "Stadtmuseum")
    result = officer("restore", tmp_path / "saved.db")
    assert result.code == 2 and "--yes" in result.complaint
    assert titles(db) == ["Drucker defekt", "Nach der Sicherung"]
    assert not (tmp_path / "backups").exists()


def test_restore_with_yes_then_undo(officer, db, tmp_path):
    assert officer("backup", tmp_path / "saved.db").code == 0
    officer("request", "add", "Nach der Sicherung", "--unit", "Stadtmuseum")
    result = officer("restore", tmp_path / "saved.db", "--yes")
    assert result.code == 0, result.err
    assert titles(db) == ["Drucker defekt"]
    lines = result.out.splitlines()
    assert lines[0].startswith("Kept the current state as " + str(tmp_path / "backups" / "cli-before-restore-"))
    assert lines[1] == f"Restored {tmp_path / 'saved.db'} into {db}."
    undo = lines[-1]
    assert undo.startswith("To undo: officer restore ")
    before = Path(undo.removeprefix("To undo: officer restore "))
    # A bare name is found in the backups folder.
    again = officer("restore", before.name, "--yes")
    assert again.code == 0, again.err
    assert titles(db) == ["Drucker defekt", "Nach der Sicherung"]


def test_restore_asks_on_a_terminal(officer, db, tmp_path, monkeypatch):
    assert officer("backup", tmp_path / "saved.db").code == 0
    officer("request", "add", "Nach der Sicherung", "--unit", "Stadtmuseum")
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    declined = officer("restore", tmp_path / "saved.db")
    assert declined.code == 1
    assert f"into {db}?" in declined.out and "Restore? [y/N]" in declined.out
    assert "Nothing was changed." in declined.out
    assert titles(db) == ["Drucker defekt", "Nach der Sicherung"]
    monkeypatch.setattr("sys.stdin", Terminal("j\n"))
    accepted = officer("restore", tmp_path / "saved.db")
    assert accepted.code == 0 and titles(db) == ["Drucker defekt"]


@pytest.mark.parametrize(("content", "problem"), [
    (b"not a database at all\n" * 100, "is not a SQLite database"),
    (b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 200, "is truncated"),
])
def test_bad_files_exit_2_with_one_line(officer, db, tmp_path, content, problem):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    result = officer("restore", path, "--yes")
    assert result.code == 2
    assert result.complaint.startswith(f"officer: {path}: {problem}")
    assert result.complaint.endswith("; nothing was changed")
    assert titles(db) == ["Drucker defekt"]


def test_a_missing_file_is_named(officer, tmp_path):
    result = officer("restore", "gestern.db", "--yes")
    assert result.code == 2 and "gestern.db: does not exist" in result.complaint


def test_postgres_points_to_pg_dump(capsys):
    for argv in (["backup"], ["restore", "x.db", "--yes"], ["backup", "list"]):
        code = main(["--db", "postgresql+psycopg://officer@localhost/officer", *argv])
        err = capsys.readouterr().err
        assert code == 2 and "pg_dump" in err and len(err.splitlines()) == 1
