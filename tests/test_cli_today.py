"""``officer today``: the sections as plain text (header with count, lines, "… N more" with
the command that lists the rest) and as JSON."""

from __future__ import annotations

import json

import pytest

from officer_tui.cli import main
from tests.conftest import TODAY


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """A new request, three overdue follow-ups and a meeting today."""

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library")[0] == 0
        assert run("request", "add", "WLAN im Lesesaal", "--unit", "Stadtbibliothek")[0] == 0
        for n in range(3):
            assert run("followup", "add", f"Nachfassen {n}", "--due", f"2026-02-2{n}")[0] == 0
        assert run("meeting", "add", "Jour fixe", "--on", TODAY.isoformat(), "--from", "14:00",
                   "--to", "15:00", "--place", "Rathaus")[0] == 0

    url, _built = make_db("cli-today", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def test_today_as_text(officer):
    code, out, err = officer("today", "--limit", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("Monday, 2 March 2026 · 3 overdue follow-ups · 1 new request · "
                        "1 meeting today")
    assert "Overdue follow-ups · 3" in lines
    start = lines.index("Overdue follow-ups · 3")
    assert lines[start + 1].startswith("! 2026-02-20  followup 1  Nachfassen 0 · 10 days overdue")
    assert lines[start + 2].startswith("! 2026-02-21  followup 2  Nachfassen 1")
    assert lines[start + 3] == "  … 1 more: officer followup list --state overdue"
    assert "New requests to triage · 1" in lines
    assert any(line.startswith("▸ 2026-03-02  meeting 1  Jour fixe · 14:00–15:00 · Rathaus")
               for line in lines)
    # Empty sections say so in one line.
    assert "Contacts losing touch · 0" in lines
    assert "  ✓ in touch with everyone" in lines


def test_today_as_json(officer):
    code, out, err = officer("today", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["today"] == "2026-03-02"
    keys = [section["key"] for section in data["sections"]]
    assert keys[:4] == ["followups_overdue", "followups_today", "requests_new", "requests_waiting"]
    assert len(keys) == 10
    overdue = data["sections"][0]
    assert overdue["count"] == 3 and overdue["more"] == 0 and overdue["title"] == "Overdue follow-ups"
    assert [item["title"] for item in overdue["items"]] == ["Nachfassen 0", "Nachfassen 1", "Nachfassen 2"]
    assert overdue["items"][0] == {
        "kind": "followup", "id": 1, "day": "2026-02-20", "title": "Nachfassen 0",
        "detail": "10 days overdue", "mark": "!",
    }
    meetings = next(section for section in data["sections"] if section["key"] == "meetings")
    assert meetings["today"] == 1 and meetings["items"][0]["kind"] == "meeting"


def test_today_in_german(officer):
    code, out, err = officer("--lang", "de", "today")
    assert code == 0, err
    assert "02.03.2026" in out  # German dates in the lines


def test_bad_limit_is_refused(officer):
    code, out, err = officer("today", "--limit", "0")
    assert code == 2 and out == ""
    assert err.startswith("officer: --limit") and len(err.strip().splitlines()) == 1
