"""``officer training|session|enroll|attend``: a small rollout end to end, JSON, imports,
exports, and refused input (exit 2, one line naming the option, nothing written)."""

from __future__ import annotations

import re

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result


@pytest.fixture
def run(capsys):
    def invoke(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


@pytest.fixture
def officer(run, make_db, monkeypatch):
    """Three units with headcounts (the museum below the enterprise), three people."""

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        for argv in (
            ("unit", "add", "Kulturbetrieb", "--kind", "enterprise", "--headcount", "4"),
            ("unit", "add", "Stadtmuseum", "--kind", "museum", "--parent", "Kulturbetrieb",
             "--headcount", "6"),
            ("unit", "add", "Stadtbibliothek", "--kind", "library", "--headcount", "10"),
            ("contact", "add", "Anna Acker", "--unit", "Stadtmuseum"),
            ("contact", "add", "Bernd Bauer", "--unit", "Stadtmuseum"),
            ("contact", "add", "Ute Hagedorn", "--unit", "Stadtbibliothek"),
        ):
            assert run(*argv).code == 0, argv

    url, _built = make_db("cli-training", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def refused(result: Result, option: str) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    line = result.complaint
    assert option in line, line
    return line


def rollout(officer) -> tuple[str, str, str]:
    made = officer("training", "add", "KI-Grundlagen", "--topic", "KI", "--goal", "50",
                   "--by", "2026-06-30", "--target", "Kulturbetrieb", "--target",
                   "Stadtbibliothek=4")
    assert made.code == 0, made.err
    pid = made.out.strip()
    past = officer("session", "add", "KI-Grundlagen", "--on", "23.02.2026", "--from", "9:00",
                   "--to", "12:00", "--place", "Stadtbibliothek", "--trainer", "Heike Brinkmann")
    upcoming = officer("session", "add", pid, "--on", "2026-03-16", "--capacity", "1",
                       "--url", "https://meet.example/ki")
    assert past.code == upcoming.code == 0, past.err + upcoming.err
    return pid, past.out.strip(), upcoming.out.strip()


def test_a_rollout_from_add_to_coverage(officer):
    pid, past, upcoming = rollout(officer)
    assert officer("enroll", past, "Anna Acker").code == 0
    assert officer("enroll", past, "3").code == 0  # by id: Ute Hagedorn
    attended = officer("attend", past, "anna acker")
    assert attended.code == 0 and "attended" in attended.out
    assert officer("attend", past, "Ute Hagedorn", "--status", "no-show").code == 0
    assert officer("enroll", upcoming, "Bernd Bauer").out.strip() == "Bernd Bauer: registered"
    full = officer("enroll", upcoming, "Ute Hagedorn")
    assert "waiting list" in full.out and "full" in full.out
    cancelled = officer("attend", upcoming, "Bernd Bauer", "--status", "cancelled")
    assert "Ute Hagedorn moved up from the waiting list." in cancelled.out

    data = officer("training", "coverage", pid, "--json").json()
    assert (data["id"], data["title"], data["target"], data["reached"]) == (int(pid),
                                                                       "KI-Grundlagen", 14, 1)
    units = {u["unit"]: (u["target"], u["reached"], u["booked"]) for u in data["units"]}
    assert units == {"Kulturbetrieb": (10, 1, 0), "Stadtbibliothek": (4, 0, 1)}
    assert data["booked"] == 1 and data["on_track"] in (True, False)

    text = officer("training", "coverage", "KI", "--unit", "Stadtmuseum").out
    assert "Kulturbetrieb" in text and "█" in text and "Forecast:" in text
    assert text.rstrip().endswith("Bernd Bauer")

    listed = officer("training", "list", "--json").json()
    assert listed[0]["id"] == int(pid) and listed[0]["title"] == "KI-Grundlagen"
    assert (listed[0]["sessions"], listed[0]["reached"], listed[0]["target"]) == (2, 1, 14)
    shown = officer("training", "show", pid, "--json").json()
    assert [s["date"] for s in shown["sessions"]] == ["2026-02-23", "2026-03-16"]
    sessions = officer("session", "list", "--upcoming", "--json").json()
    assert [(s["id"], s["seats_taken"], s["free_seats"]) for s in sessions] == [
        (int(upcoming), 1, 0)]
    people = officer("session", "show", upcoming, "--json").json()["enrollments"]
    assert [(p["name"], p["status"]) for p in people] == [("Ute Hagedorn", "registered"),
                                                          ("Bernd Bauer", "cancelled")]
    grid = officer("training", "grid", "--json").json()
    assert grid["programmes"] == [{"id": int(pid), "title": "KI-Grundlagen"}]


def test_exports_and_feedback(officer, tmp_path):
    pid, past, upcoming = rollout(officer)
    officer("enroll", past, "Anna Acker", "--status", "attended")
    ics = tmp_path / "kurse.ics"
    result = officer("session", "ics", "--programme", pid, "--upcoming", "--out", ics)
    assert result.code == 0 and "1 session written" in result.out
    text = ics.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1
    assert re.search(r"UID:training-session-[0-9a-f]{32}@officer-tui$", text, re.M)
    csv_path = tmp_path / "liste.csv"
    assert officer("session", "attendance", past, "--out", csv_path).code == 0
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfName;Unit;E-mail;Status")
    assert "Anna Acker;Stadtmuseum;;attended" in csv_path.read_text(encoding="utf-8-sig")
    assert officer("session", "feedback", past, "--score", "4.5", "--comment", "gut").code == 0
    assert officer("session", "list", "--json").json()[0]["feedback_score"] == 4.5
    assert officer("training", "list", "--json").json()[0]["feedback"] == 4.5


def test_import_dry_run_then_for_real(officer, tmp_path):
    _pid, _past, upcoming = rollout(officer)
    officer("session", "add", "KI-Grundlagen", "--on", "2026-04-01")  # no limit: id 3
    path = tmp_path / "teilnehmende.csv"
    path.write_text("Name;E-Mail;Abteilung\nAnna Acker;;Stadtmuseum\nNeue Person;neu@x.example;"
                    "Stadtbibliothek\n;ohne@name.example;\nOtto;kaputt;\n", encoding="utf-8")
    dry = officer("training", "import", path, "--session", "3", "--dry-run")
    assert dry.code == 0, dry.err
    assert "line 4: no name" in dry.out and "line 5: 'kaputt' is not an e-mail address" in dry.out
    assert "2 good lines (1 known contacts, 1 new contacts" in dry.out
    assert "Dry run" in dry.out
    assert officer("session", "show", "3", "--json").json()["enrollments"] == []
    real = officer("training", "import", path, "--session", "3")
    assert real.code == 0 and "Enrolled 2" in real.out and "skipped 2" in real.out
    assert len(officer("session", "show", "3", "--json").json()["enrollments"]) == 2


@pytest.mark.parametrize("argv, option", [
    (("session", "add", "KI-Grundlagen", "--on", "2026-03-20", "--capacity", "-1"), "--capacity"),
    (("session", "add", "KI-Grundlagen", "--on", "gestern"), "--on"),
    (("session", "add", "Unbekannt", "--on", "2026-03-20"), "PROGRAMME"),
    (("session", "add", "KI-Grundlagen", "--on", "2026-03-20", "--from", "25:00"), "--from"),
    (("session", "add", "KI-Grundlagen", "--on", "2026-03-20", "--from", "10:00", "--to",
      "09:00"), "--to"),
    (("training", "add", "X", "--goal", "120"), "--goal"),
    (("training", "add", "X", "--target", "Stadtmusem"), "--target"),
    (("training", "add", "X", "--target", "Stadtmuseum=-3"), "--target"),
    (("attend", "2", "Anna Acker"), "CONTACT"),
    (("enroll", "2", "Niemand Bekannt"), "CONTACT"),
    (("enroll", "99", "Anna Acker"), "SESSION"),
    (("attend", "2", "Anna Acker", "--status", "present"), "--status"),
    (("session", "feedback", "1", "--score", "6"), "--score"),
    (("training", "coverage", "99"), "PROGRAMME"),
])
def test_bad_input_is_refused_with_one_line(officer, argv, option):
    rollout(officer)
    before = officer("session", "list", "--json").json()
    line = refused(officer(*argv), option)
    assert "Traceback" not in line
    assert officer("session", "list", "--json").json() == before


def test_import_without_a_name_column_is_refused(officer, tmp_path):
    rollout(officer)
    path = tmp_path / "liste.csv"
    path.write_text("E-Mail;Abteilung\na@x.example;Stadtmuseum\n", encoding="utf-8")
    line = refused(officer("training", "import", path, "--session", "2"), "FILE")
    assert "no column with the participants' names" in line


def test_seed_demo_counts_include_training(run, db_url, monkeypatch):
    monkeypatch.setenv("OFFICER_DB", db_url)
    result = run("seed", "--demo")
    assert result.code == 0, result.err
    assert "3 training programmes" in result.out
    assert "11 training sessions" in result.out and "enrollments" in result.out
    rows = {row["title"]: row for row in run("training", "list", "--json").json()}
    ai = rows["KI-Grundlagen für Beschäftigte"]
    assert ai["goal_percent"] == 80 and ai["reached"] > 30 and ai["target"] == 84
    full = [s for s in run("session", "list", "--upcoming", "--json").json()
            if s["waitlisted"]]
    assert full and full[0]["free_seats"] == 0
