"""``officer search QUERY``: grouped text, JSON hits, restricted kinds, refused input."""

from __future__ import annotations

import json

import pytest

from officer_tui.cli import main


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """A library, a person, two requests and an idea about printers."""

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library")[0] == 0
        assert run("contact", "add", "Jörg Müller", "--unit", "Stadtbibliothek", "--role", "Leitung")[0] == 0
        assert run("request", "add", "Drucker im Foyer defekt", "--unit", "Stadtbibliothek",
                   "--description", "Papierstau seit Montag")[0] == 0
        assert run("request", "add", "Neuer Drucker für die Ausleihe", "--unit", "Stadtbibliothek")[0] == 0
        assert run("idea", "add", "Druckerflotte zentral verwalten")[0] == 0

    url, _built = make_db("cli-search", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def test_text_output_is_grouped_with_counts(officer):
    code, out, err = officer("search", "druck")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert "Requests · 2" in lines and "Ideas · 1" in lines
    assert any(line.strip().startswith("request:1") and "Drucker im Foyer defekt" in line
               and "#1 · Stadtbibliothek · new" in line for line in lines)
    assert any(line.strip().startswith("idea:1") for line in lines)


def test_words_and_folding(officer):
    code, out, _err = officer("search", "muller")
    assert code == 0 and "Jörg Müller" in out and "(Leitung · Stadtbibliothek)" in out
    code, out, _err = officer("search", "drucker", "papier")
    assert "Drucker im Foyer defekt" in out and "Ausleihe" not in out
    assert "Papierstau seit Montag" in out  # the snippet, without marks
    assert "\x02" not in out


def test_json_lists_hits(officer):
    code, out, _err = officer("search", "drucker", "--json")
    hits = json.loads(out)
    assert code == 0
    assert {(h["kind"], h["id"]) for h in hits} == {("request", 1), ("request", 2), ("idea", 1)}
    first = hits[0]
    assert set(first) >= {"kind", "id", "title", "detail", "snippet", "group", "rank"}
    assert first["group"] in ("request", "idea") and isinstance(first["rank"], float)


def test_kind_and_limit(officer):
    code, out, _err = officer("search", "drucker", "--kind", "idea", "--json")
    assert code == 0 and [(h["kind"], h["id"]) for h in json.loads(out)] == [("idea", 1)]
    code, out, _err = officer("search", "drucker", "--kind", "request", "--limit", "1")
    assert code == 0 and "Requests · 2" in out and "… 1 more" in out


def test_nothing_found_and_too_short(officer):
    assert officer("search", "zebra")[1].strip() == "No matches for 'zebra'."
    assert officer("search", "z")[1].strip() == "Type at least 2 letters."
    assert officer("search", "zebra", "--json")[1].strip() == "[]"
    code, out, _err = officer("search", "'; drop table request; --", "NEAR(", '"')
    assert code == 0 and out.startswith("No matches")


@pytest.mark.parametrize("argv, option", [
    (("--kind", "bogus"), "--kind"),
    (("--limit", "0"), "--limit"),
])
def test_bad_options_exit_2_naming_the_option(officer, argv, option):
    code, out, err = officer("search", "drucker", *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"officer: {option}")
