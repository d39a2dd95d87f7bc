"""``officer capture``: one line to a record from the shell; --dry-run, --json, stdin, and
refused lines (exit 2, one line naming the field, nothing written)."""

from __future__ import annotations

import io

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """Two units and three contacts (two of them called Schmidt), on either database."""

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        for name, kind in (("Stadtmuseum Hohenstein", "museum"), ("Stadtbibliothek", "library")):
            assert run("unit", "add", name, "--kind", kind).code == 0
        for name, unit in (("Jana Schmidt", "Stadtmuseum Hohenstein"),
                           ("Petra Schmidt", "Stadtbibliothek"), ("Uwe Krüger", "Stadtbibliothek")):
            assert run("contact", "add", name, "--unit", unit).code == 0

    url, _built = make_db("cli-capture", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def test_capture_prints_what_was_understood_and_the_id(officer):
    result = officer("capture", "Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Kind:      Request",
        "Title:     Drucker defekt",
        "Unit:      Stadtmuseum Hohenstein",
        "Priority:  high",
        "Due:       Fri 2026-03-06 (bis Freitag)",
        "Requester: Jana Schmidt",
        "Channel:   phone",
        "Saved: request #1",
    ]
    listed = officer("request", "list", "--json").json()
    assert [(r["id"], r["title"], r["priority"], r["due"]) for r in listed] == [
        (1, "Drucker defekt", "high", "2026-03-06")]


def test_words_are_joined_and_an_idea_gets_its_follow_up(officer):
    result = officer("capture", "idea", "Library:", "chatbot", "for", "opening", "hours",
                     "due", "next", "monday")
    assert result.code == 0, result.err
    assert "Follow-up due: Mon 2026-03-09 (due next monday)" in result.out
    assert "· the date becomes a follow-up on the idea" in result.out
    assert result.out.strip().endswith("Saved: idea #1 (and follow-up #1)")
    followups = officer("followup", "list", "--json").json()
    assert [(f["title"], f["due"], f["subject_kind"]) for f in followups] == [
        ("Review idea: chatbot for opening hours", "2026-03-09", "idea")]


def test_dry_run_writes_nothing(officer):
    result = officer("capture", "--dry-run", "Termin Jour fixe Bibliothek morgen")
    assert result.code == 0 and result.err == ""
    assert "Kind:        Meeting · jour fixe" in result.out
    assert "Date:        Tue 2026-03-03 (morgen)" in result.out
    assert result.out.strip().endswith("Not saved (--dry-run).")
    assert officer("meeting", "list", "--json").json() == []


def test_json_and_stdin(officer, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("WV: Förderbescheid nachfassen\n in zwei Wochen @Krüger\n"))
    result = officer("capture", "-", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data == {
        "kind": "followup", "title": "Förderbescheid nachfassen", "unit": None,
        "unit_from_person": False, "priority": None, "due": "2026-03-16",
        "due_phrase": "in zwei Wochen", "person": {"id": 3, "name": "Uwe Krüger"},
        "person_role": "owner", "meeting_kind": None, "problems": [], "notes": [],
        "saved": True, "id": 1, "followup_id": None,
    }


@pytest.mark.parametrize(("line", "field"), [
    ("Drucker defekt", "unit"),
    ("WV: Förderbescheid nachfassen", "due"),
    ("Idee: Chatbot @Schmidt", "person"),
    ("Anfrage Stadtarchiv: Scanner", "unit"),
])
def test_refused_lines_exit_2_with_one_line_and_write_nothing(officer, line, field):
    result = officer("capture", line)
    assert result.code == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1 and result.err.startswith(f"officer: {field}: ")
    for kind in ("request", "idea", "followup"):
        assert officer(kind, "list", "--json").json() == []


def test_a_refused_dry_run_shows_the_problem_and_exits_2(officer):
    result = officer("capture", "--dry-run", "--json", "Idee: Chatbot @Schmidt")
    assert result.code == 2
    assert result.json()["problems"][0]["field"] == "person"
    assert "Jana Schmidt, Petra Schmidt" in result.json()["problems"][0]["message"]
    assert result.err.startswith("officer: person: @Schmidt matches 2 contacts")


def test_an_empty_line_is_refused(officer, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    result = officer("capture", "-")
    assert result.code == 2 and "TEXT: must not be empty" in result.err


def test_german(officer):
    result = officer("--lang", "de", "capture", "--dry-run", "Anfrage Stadtmuseum: Drucker !hoch morgen")
    assert result.code == 0, result.err
    assert "02.03.2026" not in result.out and "03.03.2026 (morgen)" in result.out
