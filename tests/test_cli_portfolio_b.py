"""``officer project add|list|show|set|link`` and ``officer report portfolio``, in-process."""

from __future__ import annotations

import pytest

from officer_tui.cli import main
from tests.cli_helpers import Result
from tests.portfolio_fixtures import make_portfolio


@pytest.fixture
def run(db_url, capsys):
    def invoke(*args: str) -> Result:
        code = main(["--db", db_url, *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def p(database):
    with database.session() as session:
        return make_portfolio(session)


def count(run) -> int:
    return len(run("project", "list", "--json").json())


def test_add_prints_the_id_and_list_shows_it(run, p):
    result = run("project", "add", "Besucher-WLAN", "--unit", "Stadtbibliothek", "--field",
                 "Netze", "--phase", "in-implementation", "--funding", "funded", "--amount",
                 "80.000", "--programme", "Bund", "--proof-due", "30.06.2026", "--light",
                 "at-risk", "--note", "Lieferverzug", "--start", "2026-01-01", "--end",
                 "2026-12-31", "--goal", "L1", "--goal", "L3", "--lead", "Miriam Osterkamp")
    assert result.code == 0, result.err
    new_id = int(result.out)
    rows = {row["id"]: row for row in run("project", "list", "--json").json()}
    row = rows[new_id]
    assert (row["phase"], row["funding"], row["funding_amount"], row["traffic_light"]) == (
        "in_implementation", "funded", 80_000, "at_risk")
    assert row["proof_of_use_due"] == "2026-06-30"
    shown = run("project", "show", str(new_id), "--json").json()
    assert [g["code"] for g in shown["goals"]] == ["L1", "L3"]
    table = run("project", "list", "--phase", "in-implementation").out
    assert "Besucher-WLAN" in table and "⚠ at risk" in table and "€80,000 funded" in table


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--amount", "-5"), "--amount"),
        (("--start", "2026-05-01", "--end", "2026-04-01"), "--end"),
        (("--goal", "L9"), "--goal"),
        (("--phase", "running"), "--phase"),
        (("--light", "at-risk"), "--note"),
        (("--proof-due", "31.02.2026"), "--proof-due"),
        (("--lead", "Nobody Known"), "--lead"),
    ],
)
def test_add_refuses_bad_input(run, p, args, option):
    before = count(run)
    result = run("project", "add", "X", "--unit", "Stadtmuseum", *args)
    assert result.code == 2
    assert result.complaint.startswith(f"officer: {option}: "), result.err
    assert result.out == ""
    assert count(run) == before


def test_add_refuses_an_unknown_unit_with_suggestions(run, p):
    result = run("project", "add", "X", "--unit", "Stadtmusem")
    assert result.code == 2
    assert "--unit: unknown unit 'Stadtmusem'; did you mean: Stadtmuseum" in result.complaint


def test_set_changes_fields_or_refuses(run, p):
    result = run("project", "set", str(p["twin"]), "--phase", "on-hold", "--light", "off-track",
                 "--note", "Kein Personal")
    assert result.code == 0, result.err
    assert "on hold" in result.out and "✗ off track" in result.out
    bad = run("project", "set", str(p["twin"]), "--end", "2020-01-01", "--start", "2021-01-01")
    assert bad.code == 2 and bad.complaint.startswith("officer: --end: ")
    nothing = run("project", "set", str(p["twin"]))
    assert nothing.code == 2 and "nothing to change" in nothing.complaint
    missing = run("project", "set", "999", "--phase", "done")
    assert missing.code == 2 and "999" in missing.complaint


def test_link_and_refusals(run, p):
    ok = run("project", "link", str(p["photos"]), "--to", str(p["collection"]), "--kind",
             "depends-on", "--note", "braucht die Plattform")
    assert ok.code == 0, ok.err
    assert "depends on" in ok.out
    shown = run("project", "show", str(p["collection"])).out
    assert f"is needed by #{p['photos']} Fotobestand digitalisieren" in shown
    for args, option in (
        ((str(p["photos"]), "--to", str(p["photos"])), "--to"),
        ((str(p["photos"]), "--to", str(p["collection"]), "--kind", "depends-on"), "--to"),
        ((str(p["photos"]), "--to", "999"), "--to"),
        ((str(p["photos"]), "--to", str(p["twin"]), "--kind", "friends"), "--kind"),
    ):
        result = run("project", "link", *args)
        assert result.code == 2
        assert result.complaint.startswith(f"officer: {option}: "), result.err


def test_list_filters(run, p):
    def listed(*args):
        return [row["id"] for row in run("project", "list", *args, "--json").json()]

    assert listed("--funding", "applied") == [p["photos"]]
    assert listed("--light", "off-track") == [p["lending"]]
    assert set(listed("--goal", "L3")) == {p["collection"], p["photos"]}
    assert listed("--proof-due-days", "60") == [p["collection"]]
    assert set(listed("--unit", "Kulturbetrieb")) == {p["collection"], p["photos"], p["twin"]}
    bad = run("project", "list", "--funding", "lots")
    assert bad.code == 2 and bad.complaint.startswith("officer: --funding: ")


def test_report_to_stdout_and_file(run, p, tmp_path):
    shown = run("report", "portfolio")
    assert shown.code == 0
    assert shown.out.startswith("# Project portfolio") and "## Totals" in shown.out
    target = tmp_path / "portfolio.md"
    written = run("--lang", "de", "report", "portfolio", "--out", str(target))
    assert written.code == 0 and str(target) in written.out
    text = target.read_text(encoding="utf-8")
    assert "45.000 €" in text and "Förderprogramm Digitale Kultur" in text
    bad = run("report", "portfolio", "--out", str(tmp_path / "missing" / "x.md"))
    assert bad.code == 2 and bad.complaint.startswith("officer: --out: ")
