"""``officer meeting ...`` and ``officer decision list``: run a jour fixe from the shell, JSON,
minutes and ICS files, and refused input (exit 2, one line naming the option)."""

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
    """A library and the IT provider, three people, and a request about the library's Wi-Fi."""

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library").code == 0
        assert run("unit", "add", "KommunalIT", "--kind", "it-provider").code == 0
        for name, unit in (("Ute Hagedorn", "Stadtbibliothek"), ("Jörg Müller", "KommunalIT"),
                           ("Lars Behrens", "KommunalIT")):
            assert run("contact", "add", name, "--unit", unit).code == 0
        assert run("request", "add", "WLAN im Lesesaal", "--unit", "Stadtbibliothek").code == 0

    url, _built = make_db("cli-meetings", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def refused(result: Result, option: str) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    line = result.complaint
    assert option in line, line
    return line


def ok(result: Result) -> str:
    assert result.code == 0, result.err
    return result.out.strip()


def jour_fixe(officer) -> int:
    return int(ok(officer(
        "meeting", "add", "Jour fixe IT", "--on", "2026-03-02", "--from", "10:00", "--to", "11",
        "--kind", "jour-fixe", "--place", "Raum 2.14", "--with", "Jörg Müller",
        "--with", "ute hagedorn", "--request", "1", "--every", "2 weeks",
    )))


def test_prepare_run_and_leave_a_jour_fixe(officer, tmp_path):
    meeting = jour_fixe(officer)
    wifi = int(ok(officer("meeting", "item", meeting, "WLAN im Lesesaal", "--subject", "request:1",
                          "--presenter", "Jörg Müller", "--minutes", 15)))
    misc = int(ok(officer("meeting", "item", meeting, "Lizenzen")))
    assert ok(officer("meeting", "attend", meeting, "Jörg Müller", "--status", "present"))
    assert ok(officer("meeting", "attend", meeting, "Ute Hagedorn", "--status", "excused"))
    ok(officer("meeting", "outcome", wifi, "--kind", "decision", "Gäste-WLAN als eigenes VLAN"))
    action = int(ok(officer("meeting", "outcome", wifi, "--kind", "action", "Angebot einholen",
                            "--owner", "Jörg Müller", "--due", "16.03.2026")))
    assert action > 0
    ok(officer("meeting", "done", wifi))
    ok(officer("meeting", "close", meeting))

    # The action is a follow-up on the request.
    followups = officer("followup", "list", "--subject", "request:1", "--json").json()
    assert [(f["title"], f["owner"], f["due"]) for f in followups] == [
        ("Angebot einholen", "Jörg Müller", "2026-03-16")]

    shown = officer("meeting", "show", meeting, "--json").json()
    assert shown["closed"] and shown["every"] == "2 weeks" and shown["duration_minutes"] == 60
    assert {p["name"]: p["attendance"] for p in shown["participants"]} == {
        "Jörg Müller": "present", "Ute Hagedorn": "excused"}
    assert [i["id"] for i in shown["items"]] == [wifi, misc]
    assert shown["items"][0]["outcomes"][1]["owner"] == "Jörg Müller"
    assert shown["links"] == [{"kind": "request", "id": 1, "title": "WLAN im Lesesaal"}]
    text = ok(officer("meeting", "show", meeting))
    assert "WLAN im Lesesaal" in text and f"[{wifi}]" in text and "present" in text

    # The next one: open items carried over.
    following = int(ok(officer("meeting", "next", meeting)))
    nxt = officer("meeting", "show", following, "--json").json()
    assert nxt["date"] == "2026-03-16" and [i["title"] for i in nxt["items"]] == ["Lizenzen"]
    assert nxt["items"][0]["carried_from"] == {"meeting_id": meeting, "date": "2026-03-02"}

    listed = officer("meeting", "list", "--json").json()
    assert [m["id"] for m in listed] == [meeting, following]  # today first, then the next
    assert listed[0]["decisions"] == 1 and listed[0]["open_actions"] == 1
    assert {"id", "title", "kind", "date", "start", "end", "place", "participants",
            "closed"} <= set(listed[0])
    assert [m["id"] for m in officer("meeting", "list", "--past", "--json").json()] == []
    assert ok(officer("meeting", "list", "--text", "lizenzen", "--limit", 1)).count("Jour fixe") == 1

    decisions = officer("decision", "list", "--text", "vlan", "--json").json()
    assert [(d["text"], d["meeting_id"], d["item"]) for d in decisions] == [
        ("Gäste-WLAN als eigenes VLAN", meeting, "WLAN im Lesesaal")]
    assert officer("decision", "list", "--from", "2026-03-03", "--json").json() == []

    out = tmp_path / "protokoll.md"
    assert ok(officer("meeting", "minutes", meeting, "--out", out))
    minutes = out.read_text(encoding="utf-8")
    for part in ("# Jour fixe IT", "## Attendance", "## Agenda", "## Decisions", "## Actions",
                 "Angebot einholen", "Jörg Müller"):
        assert part in minutes

    calendar = tmp_path / "termine.ics"
    assert "2 meetings" in ok(officer("meeting", "ics", "--upcoming", "--out", calendar))
    data = calendar.read_bytes().decode("utf-8")
    assert data.count("BEGIN:VEVENT") == 2 and "\r\n" in data
    assert len(re.findall(r"UID:meeting-[0-9a-f]{32}@officer-tui\r\n", data)) == 2
    single = ok(officer("meeting", "ics", following, "--out", "-"))
    assert single.count("BEGIN:VEVENT") == 1


def test_closed_meeting_refuses_changes_until_reopened(officer):
    meeting = jour_fixe(officer)
    ok(officer("meeting", "close", meeting))
    line = refused(officer("meeting", "item", meeting, "Neu"), f"MEETING {meeting}")
    assert "is closed; reopen it to change it" in line
    refused(officer("meeting", "attend", meeting, "Jörg Müller", "--status", "absent"), "closed")
    refused(officer("meeting", "close", meeting), "already closed")
    ok(officer("meeting", "reopen", meeting))
    assert ok(officer("meeting", "item", meeting, "Neu")).isdigit()


@pytest.mark.parametrize("args, option", [
    (("--on", "2026-03-02", "--from", "11:00", "--to", "10:00"), "--to"),
    (("--on", "2026-03-02", "--to", "10:00"), "--from"),
    (("--on", "2026-03-02", "--from", "25:00"), "--from"),
    (("--on", "32.13.2026"), "--on"),
    (("--on", "2026-03-02", "--url", "meet.example"), "--url"),
    (("--on", "2026-03-02", "--with", "Niemand Bekannt"), "--with"),
    (("--on", "2026-03-02", "--project", "99"), "--project"),
    (("--on", "2026-03-02", "--kind", "party"), "--kind"),
    (("--on", "2026-03-02", "--every", "often"), "--every"),
])
def test_add_refuses_bad_input(officer, args, option):
    refused(officer("meeting", "add", "Termin", *args), option)
    assert officer("meeting", "list", "--json").json() == []


def test_action_needs_owner_and_due(officer):
    meeting = jour_fixe(officer)
    item = ok(officer("meeting", "item", meeting, "Punkt"))
    refused(officer("meeting", "outcome", item, "--kind", "action", "Tun", "--due", "2026-03-09"),
            "--owner: an action needs an owner")
    refused(officer("meeting", "outcome", item, "--kind", "action", "Tun", "--owner", "Lars Behrens"),
            "--due: an action needs a due date")
    refused(officer("meeting", "outcome", item, "--kind", "vote", "Tun"), "--kind")
    refused(officer("meeting", "item", meeting, "x", "--subject", "request:99"), "--subject")
    refused(officer("meeting", "attend", meeting, "Lars Behrens", "--status", "maybe"), "--status")
    assert officer("followup", "list", "--json").json() == []


def test_next_needs_a_series_and_missing_records(officer):
    lone = ok(officer("meeting", "add", "Einmalig", "--on", "2026-03-05"))
    refused(officer("meeting", "next", lone), "make it recurring first")
    refused(officer("meeting", "show", 99), "99")
    refused(officer("meeting", "ics", "--out", "-"), "--upcoming")


def test_seed_demo_counts_meetings(run, db_url, monkeypatch):
    monkeypatch.setenv("OFFICER_DB", db_url)
    line = ok(run("seed", "--demo"))
    assert "meetings" in line and "decisions" in line and "agenda items" in line
    listed = run("meeting", "list", "--json").json()
    assert any(m["kind"] == "jour_fixe" and m["closed"] for m in listed)
    assert any(m["date"] == "2026-03-02" for m in listed)  # one meeting today
    assert {m["kind"] for m in listed} >= {"jour_fixe", "steering_group", "workshop", "network"}
    assert run("decision", "list", "--text", "rahmenvertrag", "--json").json()
