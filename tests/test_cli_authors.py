"""``--by USER`` on the list commands, ``created_by``/``changed_by`` in their JSON, and the
"Created by … · last changed by …" line of the show commands, on both databases."""

from __future__ import annotations

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result

STEPS = (
    ("Anna", [
        ("unit", "add", "Stadtmuseum", "--kind", "museum"),
        ("request", "add", "Drucker defekt", "--unit", "Stadtmuseum"),  # 1
        ("idea", "add", "Digitale Führung", "--unit", "Stadtmuseum"),  # 1
        ("project", "add", "Webshop", "--unit", "Stadtmuseum"),  # 1
        ("contact", "add", "Ute Hagedorn", "--unit", "Stadtmuseum"),  # 1
        ("followup", "add", "Nachfragen", "--due", "2026-03-09", "--subject", "request:1"),
    ]),
    ("Ben", [
        ("request", "add", "WLAN im Foyer", "--unit", "Stadtmuseum"),  # 2
        ("idea", "add", "Audioguide"),  # 2
        ("contact", "add", "Kai Brandt", "--unit", "Stadtmuseum"),  # 2
        ("followup", "add", "Anrufen", "--due", "2026-03-10"),  # 2
        ("request", "set", "1", "--priority", "urgent"),
    ]),
)


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """Anna sets up a museum with a request, an idea, a project, a contact and a follow-up;
    Ben adds one of each (but a project) and raises the priority of Anna's request."""

    def run(*argv: object, user: str = "Ben") -> Result:
        monkeypatch.setenv("OFFICER_USER", user)
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        for user, steps in STEPS:
            for step in steps:
                result = run(*step, user=user)
                assert result.code == 0, result.err

    url, _built = make_db("cli-authors", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def ids(result: Result) -> list[int]:
    assert result.code == 0, result.err
    return sorted(row["id"] for row in result.json())


def test_list_by_a_person_shows_what_they_created_or_changed(officer):
    assert ids(officer("request", "list", "--by", "anna", "--json")) == [1]
    assert ids(officer("request", "list", "--by", " BEN ", "--json")) == [1, 2]
    assert ids(officer("idea", "list", "--by", "Anna", "--json")) == [1]
    assert ids(officer("idea", "list", "--by", "ben", "--json")) == [2]
    assert ids(officer("project", "list", "--by", "anna", "--json")) == [1]
    assert ids(officer("project", "list", "--by", "ben", "--json")) == []
    assert ids(officer("contact", "list", "--by", "anna", "--json")) == [1]
    assert ids(officer("contact", "list", "--by", "ben", "--json")) == [2]
    assert ids(officer("followup", "list", "--by", "anna", "--json")) == [1]
    assert ids(officer("followup", "list", "--by", "ben", "--json")) == [2]
    table = officer("request", "list", "--by", "anna")
    assert "Drucker defekt" in table.out and "WLAN" not in table.out
    assert officer("project", "list", "--by", "ben").out.strip() == "No matching projects."


def test_json_rows_say_who_created_and_who_changed_last(officer):
    rows = {row["id"]: row for row in officer("request", "list", "--json").json()}
    assert (rows[1]["created_by"], rows[1]["changed_by"]) == ("Anna", "Ben")
    assert (rows[2]["created_by"], rows[2]["changed_by"]) == ("Ben", None)
    for kind in ("idea", "project", "contact", "followup"):
        first = next(row for row in officer(kind, "list", "--json").json() if row["id"] == 1)
        assert (first["created_by"], first["changed_by"]) == ("Anna", None), kind
    shown = officer("request", "show", "1", "--json").json()
    assert (shown["created_by"], shown["changed_by"]) == ("Anna", "Ben")
    assert shown["created_on"] == shown["changed_on"]  # an ISO date, the same day here
    assert officer("contact", "show", "2", "--json").json()["created_by"] == "Ben"


def test_show_prints_who_created_and_who_changed_last(officer):
    lines = officer("request", "show", "1").out.splitlines()
    line = next(line for line in lines if line.startswith("History:"))
    assert "Created by Anna on " in line and " · last changed by Ben on " in line
    for kind, expected in (("idea", "Anna"), ("project", "Anna"), ("contact", "Anna")):
        out = officer(kind, "show", "1").out
        assert "History:" in out and f"Created by {expected} on " in out, kind
        assert "changed by" not in out, kind


def test_an_unknown_person_is_refused_with_a_suggestion(officer):
    before = officer("request", "list", "--json").out
    result = officer("request", "list", "--by", "Anan")
    assert result.code == 2 and result.out == ""
    assert result.complaint == ("officer: --by: nobody called 'Anan' has changed anything; "
                                "did you mean: Anna?")
    result = officer("idea", "list", "--by", "Zoltan")
    assert result.code == 2
    assert "known: Anna, Ben" in result.complaint
    assert officer("request", "list", "--json").out == before  # nothing written
