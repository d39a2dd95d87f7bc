"""Every ``officer`` command that takes text, with hostile arguments.

In-process through ``officer_tui.cli.main`` (fast): exit code 0 or 2, on 2 exactly one line on
stderr, never a traceback or an "unexpected error"; what was stored reads back by the text
policy; stdout never carries a raw control character (an ESC in a title must not clear the
screen of whoever lists it), while ``--json`` stays exact. A few runs through a real subprocess
prove the argv and encoding handling (undecodable bytes, an ESC in a title, ``list`` output).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings

from officer_tui.cli import main
from tests.hostile.strategies import HOSTILE, free_text, has_surrogate, hostile_text, one_line

EXAMPLES = max(5, HOSTILE.max_examples // 2)  # every example opens the database anew


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """A database with one unit, one contact, one request (chosen through OFFICER_DB)."""
    path = tmp_path / "officer.db"
    monkeypatch.setenv("OFFICER_DB", str(path))
    assert main(["unit", "add", "Museum"]) == 0
    assert main(["contact", "add", "--unit", "Museum", "--", "Anna Alt"]) == 0
    assert main(["request", "add", "--unit", "Museum", "--", "Drucker"]) == 0
    return path


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def raw_controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t"]


def check_run(code: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "unexpected error" not in err, err
    assert code in (0, 2), (code, err)
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("officer: "), err
    assert not raw_controls(out), f"raw control characters on stdout: {out!r}"
    assert not raw_controls(err), f"raw control characters on stderr: {err!r}"


# (command, options before "--" with {t} for the hostile text, positionals, stored fields)
COMMANDS = {
    "request": (["request", "add", "--unit", "Museum", "--description", "{t}",
                 "--category", "{t}", "--"], ["{t}"]),
    "idea": (["idea", "add", "--description", "{t}", "--field-of-action", "{t}", "--"], ["{t}"]),
    "project": (["project", "add", "--unit", "Museum", "--programme", "{t}", "--note", "{t}",
                 "--description", "{t}", "--"], ["{t}"]),
    "contact": (["contact", "add", "--unit", "Museum", "--role", "{t}", "--purpose", "{t}",
                 "--"], ["{t}"]),
    "unit": (["unit", "add", "--"], ["{t}"]),
    "meeting": (["meeting", "add", "--on", "2026-03-02", "--place", "{t}", "--notes", "{t}",
                 "--"], ["{t}"]),
    "followup": (["followup", "add", "--due", "2026-03-10", "--notes", "{t}", "--"], ["{t}"]),
    "training": (["training", "add", "--topic", "{t}", "--description", "{t}", "--"], ["{t}"]),
    "goal": (["goal", "add", "--description", "{t}", "--", "G{t}"], ["{t}"]),
    "log": (["contact", "log", "--note", "{t}", "1"], []),
    "capture": (["capture", "--"], ["{t}"]),
    "search": (["search", "--"], ["{t}"]),
    "request-list": (["request", "list", "--text", "{t}"], []),
    "unit-find": (["request", "add", "--unit", "{t}", "--", "x"], []),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_hostile_arguments_give_success_or_one_line_never_a_traceback(db, capsys, command):
    options, positionals = COMMANDS[command]

    @settings(HOSTILE, max_examples=EXAMPLES)
    @given(text=hostile_text)
    def check(text):
        argv = [part.replace("{t}", text) for part in options + positionals]
        check_run(*run(capsys, argv))

    check()


@settings(HOSTILE, max_examples=EXAMPLES)
@given(title=hostile_text, description=hostile_text)
def test_a_stored_request_lists_literally_in_json_and_safely_as_a_table(db, capsys, title,
                                                                        description):
    code, out, err = run(capsys, ["request", "add", "--unit", "Museum", "--description",
                                  description, "--", title])
    check_run(code, out, err)
    if code != 0:
        assert has_surrogate(title + description) or not one_line(title) or len(
            one_line(title)) > 300 or len(free_text(description)) > 100_000, err
        return
    request_id = int(out)
    code, out, err = run(capsys, ["request", "list", "--status", "all", "--json"])
    check_run(code, out, err)
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[request_id]["title"] == one_line(title)
    code, out, err = run(capsys, ["request", "show", str(request_id)])
    check_run(code, out, err)
    code, out, err = run(capsys, ["request", "list", "--status", "all"])
    check_run(code, out, err)


def test_stored_control_characters_from_older_data_are_escaped_in_tables(db, capsys):
    """Data written before the text policy (or by another tool) still prints safely."""
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE request SET title = ? WHERE id = 1",
                           ("Drucker\x1b[2J\x1b]0;pwned\x07\r\x9b31m\x7f",))
    code, out, err = run(capsys, ["request", "list"])
    assert code == 0 and "\x1b" not in out and "\r" not in out and "\x9b" not in out
    assert "Drucker\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\x9b31m\\x7f" in out
    code, out, err = run(capsys, ["request", "list", "--json"])
    assert code == 0 and "\x1b" not in out and "\x9b" not in out
    assert json.loads(out)[0]["title"] == "Drucker\x1b[2J\x1b]0;pwned\x07\r\x9b31m\x7f"


def test_text_is_cleaned_as_documented(db, capsys):
    title = "  [bold]Drucker[/]\x1b[2J\r\n\x00kaputt\u200f\u202e\t%s {0} '; drop table request;--  "
    code, out, err = run(capsys, ["request", "add", "--unit", "Museum", "--description",
                                  "Zeile 1\r\nZeile 2\x1b[31m\tTab\x00", "--", title])
    assert code == 0, err
    code, out, _err = run(capsys, ["request", "list", "--status", "all", "--json"])
    row = next(row for row in json.loads(out) if row["id"] == 2)
    assert row["title"] == "[bold]Drucker[/][2J kaputt\u200f\u202e %s {0} '; drop table request;--"
    assert main(["request", "list", "--status", "all"]) == 0
    code, out, _err = run(capsys, ["request", "show", "2"])
    assert "Zeile 1\n" in out and "Zeile 2[31m\tTab\n" in out


def _officer(db: Path, *args: str | bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "OFFICER_DB": str(db), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "officer_tui", *args], env=env,
                          capture_output=True, timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX argv bytes")
def test_a_real_command_line_with_undecodable_bytes_and_escapes(db):
    bad = _officer(db, "request", "add", "--unit", "Museum", "--", b"Drucker \xff\xfe kaputt")
    assert bad.returncode == 2, bad.stderr
    assert bad.stderr.decode().startswith("officer: TITLE: ") and len(
        bad.stderr.splitlines()) == 1
    assert b"Traceback" not in bad.stderr
    bad_unit = _officer(db, "request", "add", "--unit", b"Mus\xffeum", "--", "x")
    assert bad_unit.returncode == 2 and len(bad_unit.stderr.splitlines()) == 1, bad_unit.stderr
    good = _officer(db, "request", "add", "--unit", "Museum", "--",
                    "Bildschirm\x1b[2J weg [red]rot[/red] \u202eabc")
    assert good.returncode == 0, good.stderr
    listed = _officer(db, "request", "list")
    assert listed.returncode == 0 and b"\x1b" not in listed.stdout
    assert "Bildschirm[2J weg [red]rot[/red] \u202eabc" in listed.stdout.decode()
    searched = _officer(db, "search", "NEAR(", '"', "*")
    assert searched.returncode in (0, 2) and b"Traceback" not in searched.stderr


def test_an_exchange_file_with_a_lone_surrogate_is_refused_with_one_line(db, capsys, tmp_path,
                                                                         monkeypatch):
    out = tmp_path / "x.json"
    assert main(["export", "--format", "json", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"Drucker"' in text
    out.write_text(text.replace('"Drucker"', '"Dru\\ud800\\u001b[2Jcker"'), encoding="utf-8")
    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "other.db"))
    code, stdout, err = run(capsys, ["import", str(out)])
    check_run(code, stdout, err)
    assert code == 2 and "not valid text" in err
