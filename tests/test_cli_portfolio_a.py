"""``officer idea|goal|followup``: happy paths, JSON, and refused input (exit 2, one line)."""

from __future__ import annotations

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """A library and one person working there."""

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library").code == 0
        assert run("contact", "add", "Ute Hagedorn", "--unit", "Stadtbibliothek").code == 0

    url, _built = make_db("cli-portfolio-a", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def refused(result: Result, option: str) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    line = result.complaint
    assert option in line, line
    return line


def ideas_json(officer) -> list[dict]:
    result = officer("idea", "list", "--status", "all", "--json")
    assert result.code == 0, result.err
    return result.json()


def test_goal_add_and_list(officer):
    assert officer("goal", "add", "HF1.2", "Abläufe digital").out.strip() == "1"
    assert officer("goal", "add", "HF2.1", "Erbe zugänglich").code == 0
    listed = officer("goal", "list", "--json").json()
    assert [(g["code"], g["ideas"], g["projects"]) for g in listed] == [
        ("HF1.2", 0, 0), ("HF2.1", 0, 0)]
    refused(officer("goal", "add", "hf1.2", "Doppelt"), "CODE")
    refused(officer("goal", "add", "HF9", " "), "TITLE")
    assert len(officer("goal", "list", "--json").json()) == 2


def test_idea_add_list_assess_convert(officer):
    officer("goal", "add", "HF2.2", "Vermittlung")
    officer("goal", "add", "HF3.1", "Offene Daten")
    result = officer("idea", "add", "Tablets zur Ausleihe", "--submitter", "Ute Hagedorn",
                     "--field", "Kultur", "--goal", "hf2.2", "--description", "für Kinder")
    assert result.code == 0, result.err
    idea_id = int(result.out)
    other = int(officer("idea", "add", "Offene Besuchszahlen", "--unit", "Stadtbibliothek").out)
    rows = ideas_json(officer)
    assert rows[0]["unit"] == "Stadtbibliothek"  # from the submitter
    assert officer("idea", "assess", idea_id, "--benefit", 5, "--effort", 2, "--fit", 4,
                   "--reach", 3).out.strip() == f"Idea {idea_id}: score 78"
    listed = officer("idea", "list", "--json").json()
    assert [row["id"] for row in listed] == [idea_id, other]
    assert listed[0]["score"] == 78 and listed[1]["score"] is None
    assert [r["id"] for r in officer("idea", "list", "--unassessed", "--json").json()] == [other]
    assert [r["id"] for r in officer("idea", "list", "--goal", "HF2.2", "--json").json()] == [idea_id]
    text = officer("idea", "list")
    assert "Tablets zur Ausleihe" in text.out and text.code == 0

    assert officer("idea", "status", idea_id, "accepted").code == 0
    project_id = int(officer("idea", "convert", idea_id).out)
    shown = officer("idea", "show", idea_id, "--json").json()
    assert shown["status"] == "converted"
    assert shown["project_id"] == project_id
    goals = {g["code"]: g["projects"] for g in officer("goal", "list", "--json").json()}
    assert goals == {"HF2.2": 1, "HF3.1": 0}
    without = officer("goal", "list", "--without-project", "--json").json()
    assert [g["code"] for g in without] == ["HF3.1"]


def test_weights_rerank(officer):
    cheap = int(officer("idea", "add", "Günstig").out)
    big = int(officer("idea", "add", "Groß").out)
    officer("idea", "assess", cheap, "--benefit", 2, "--effort", 1, "--fit", 2, "--reach", 2)
    officer("idea", "assess", big, "--benefit", 5, "--effort", 5, "--fit", 4, "--reach", 4)
    assert [r["id"] for r in ideas_json(officer)] == [big, cheap]
    result = officer("idea", "weights", "--benefit", 0, "--strategic-fit", 0, "--reach", 0,
                     "--effort", 10, "--json")
    assert result.json() == {"benefit": 0, "effort": 10, "strategic_fit": 0, "reach": 0}
    assert [r["id"] for r in ideas_json(officer)] == [cheap, big]


@pytest.mark.parametrize("argv, option", [
    (("idea", "add", " "), "TITLE"),
    (("idea", "add", "x", "--unit", "Stadtbiblothek"), "--unit"),
    (("idea", "add", "x", "--submitter", "Nobody"), "--submitter"),
    (("idea", "add", "x", "--goal", "HF9"), "--goal"),
    (("idea", "add", "x", "--submitted", "2026-02-30"), "--submitted"),
    (("idea", "list", "--status", "maybe"), "--status"),
    (("idea", "list", "--sort", "price"), "--sort"),
    (("idea", "assess", 1, "--benefit", 6, "--effort", 1, "--fit", 1, "--reach", 1), "--benefit"),
    (("idea", "assess", 1, "--benefit", 1, "--effort", 0, "--fit", 1, "--reach", 1), "--effort"),
    (("idea", "assess", 1, "--benefit", 1, "--effort", 1, "--fit", "x", "--reach", 1),
     "--strategic-fit"),
    (("idea", "assess", 99, "--benefit", 1, "--effort", 1, "--fit", 1, "--reach", 1), "idea 99"),
    (("idea", "status", 1, "rejected"), "--reason"),
    (("idea", "status", 1, "thinking"), "--status"),
    (("idea", "convert", 1), "ID 1"),
    (("idea", "weights", "--reach", 11), "--reach"),
])
def test_idea_bad_input(officer, argv, option):
    officer("idea", "add", "Vorhandene Idee")
    before = ideas_json(officer)
    refused(officer(*argv), option)
    assert ideas_json(officer) == before


def test_convert_twice_is_refused(officer):
    idea_id = int(officer("idea", "add", "Idee").out)
    officer("idea", "status", idea_id, "accepted")
    assert officer("idea", "convert", idea_id).code == 0
    line = refused(officer("idea", "convert", idea_id), f"ID {idea_id}")
    assert "already converted" in line


def test_followup_add_list_done_recurring(officer):
    idea_id = int(officer("idea", "add", "Tablets").out)
    first = officer("followup", "add", "Angebote einholen", "--due", "31.01.2026",
                    "--subject", f"idea:{idea_id}", "--owner", "Ute Hagedorn",
                    "--every", "1 month")
    assert first.code == 0, first.err
    officer("followup", "add", "Später", "--due", "2026-03-20")
    listed = officer("followup", "list", "--json").json()
    assert [(r["title"], r["overdue"], r["subject"]) for r in listed] == [
        ("Angebote einholen", True, "Tablets"), ("Später", False, None)]
    assert listed[0]["every"] == "1 months" and listed[0]["from"] == "due"
    done = officer("followup", "done", first.out.strip())
    assert done.code == 0
    assert "due 2026-02-28" in done.out
    open_ = officer("followup", "list", "--state", "overdue", "--json").json()
    assert [(r["due"], r["owner"]) for r in open_] == [("2026-02-28", "Ute Hagedorn")]
    assert len(officer("followup", "list", "--state", "done", "--json").json()) == 1
    assert "! 2026-02-28" in officer("followup", "list").out
    mine = officer("followup", "list", "--subject", f"idea:{idea_id}", "--state", "all", "--json")
    assert len(mine.json()) == 2


@pytest.mark.parametrize("argv, option", [
    (("followup", "add", "x"), "--due"),
    (("followup", "add", " ", "--due", "2026-03-01"), "TITLE"),
    (("followup", "add", "x", "--due", "irgendwann"), "--due"),
    (("followup", "add", "x", "--due", "2026-03-01", "--subject", "request:7"), "--subject"),
    (("followup", "add", "x", "--due", "2026-03-01", "--subject", "idea:99"), "--subject"),
    (("followup", "add", "x", "--due", "2026-03-01", "--subject", "meeting:1"), "--subject"),
    (("followup", "add", "x", "--due", "2026-03-01", "--subject", "idea"), "--subject"),
    (("followup", "add", "x", "--due", "2026-03-01", "--owner", "Nobody"), "--owner"),
    (("followup", "add", "x", "--due", "2026-03-01", "--every", "2 years"), "--every"),
    (("followup", "add", "x", "--due", "2026-03-01", "--every", "0 days"), "--every"),
    (("followup", "add", "x", "--due", "2026-03-01", "--every", "2 days", "--from", "then"),
     "--from"),
    (("followup", "list", "--state", "later"), "--state"),
    (("followup", "done", 42), "42"),
])
def test_followup_bad_input(officer, argv, option):
    refused(officer(*argv), option)
    assert officer("followup", "list", "--state", "all", "--json").json() == []
