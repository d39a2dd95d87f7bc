"""The calendar (ICS): meetings, training sessions and follow-ups in one VCALENDAR that parses
back (balanced blocks, UID/DTSTAMP/DTSTART in every event, CRLF, lines of at most 75 octets);
UIDs from the records' uid, the same in the per-meeting file; ranges; done follow-ups; umlauts;
updates (SEQUENCE, DTSTAMP); the CLI with its exit codes and mode 0600."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest

from officer_tui.models.enums import MeetingKind, RecordKind
from officer_tui.services import (
    calendar_export,
    contacts,
    followups,
    gdpr,
    meetings,
    requests,
    trainings,
    units,
)
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY


def unfold(text: str) -> list[str]:
    """The content lines of an .ics text (RFC 5545 3.1: CRLF + space continues a line)."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def events(text: str) -> list[dict[str, str]]:
    """Each VEVENT as {property name (without parameters): value}; checks the structure."""
    stack: list[str] = []
    found: list[dict[str, str]] = []
    for line in unfold(text):
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                found.append({})
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close a block"
        elif stack and stack[-1] == "VEVENT":
            found[-1][name.split(";")[0]] = value
            found[-1]["_" + name.split(";")[0]] = line
    assert stack == [], "blocks left open"
    for event in found:
        for needed in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert needed in event, f"{needed} missing in {event}"
    return found


def assert_valid(text: str) -> None:
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line


@pytest.fixture
def world(session) -> dict:
    library = units.create_unit(session, data={"name": "Stadtbibliothek Süd", "kind": "library"}).id
    owner = contacts.create_contact(session, data={"name": "Jörg Müller", "unit_id": library}).id
    gone = contacts.create_contact(session, data={"name": "Gerda Geheim", "unit_id": library}).id
    request = requests.create_request(
        session, data={"title": "WLAN im Lesesaal; Ärger", "unit_id": library}, today=TODAY).id
    meeting = meetings.add_meeting(session, data={
        "title": "Jour fixe Bücherei, Technik", "kind": MeetingKind.JOUR_FIXE, "held_on": TODAY,
        "start_time": time(10), "end_time": time(11), "place": "Raum 2; Erdgeschoss"})
    meetings.add_item(session, meeting_id=meeting.id,
                      data={"title": "Selbstverbuchung " + "sehr lange Überschrift " * 4,
                            "presenter_id": gone, "minutes": 20})
    later = meetings.add_meeting(session, data={
        "title": "Netzwerktreffen", "kind": MeetingKind.OTHER,
        "held_on": TODAY + timedelta(days=40)})
    programme = trainings.add_programme(session, data={"title": "KI-Grundlagen für Ämter"})
    training = trainings.add_session(session, data={
        "programme_id": programme.id, "held_on": TODAY + timedelta(days=7),
        "start_time": time(9), "end_time": time(12), "trainer": "Heike Brinkmann"})
    open_one = followups.add_followup(session, data={
        "title": "Angebot nachfassen", "due_on": TODAY + timedelta(days=3), "owner_id": owner,
        "subject_kind": RecordKind.REQUEST, "subject_id": request, "notes": "Mit Frau Özdemir"})
    erased_owner = followups.add_followup(session, data={
        "title": "Vertrag prüfen", "due_on": TODAY + timedelta(days=5), "owner_id": gone})
    recent = followups.add_followup(session, data={
        "title": "Bericht schreiben", "due_on": TODAY - timedelta(days=2)})
    followups.mark_done(session, followup_id=recent.id, today=TODAY - timedelta(days=1))
    old = followups.add_followup(session, data={
        "title": "Uralt erledigt", "due_on": TODAY - timedelta(days=200)})
    followups.mark_done(session, followup_id=old.id, today=TODAY - timedelta(days=199))
    gdpr.erase_person(session, contact_id=gone)
    return {"meeting": meeting, "later": later, "session": training, "open": open_one,
            "erased_owner": erased_owner, "recent": recent, "old": old}


def by_uid(found: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {event["UID"]: event for event in found}


def refetch(session, record):
    session.expire_all()
    return session.get(type(record), record.id)


def test_one_calendar_with_every_kind(session, world):
    text = calendar_export.calendar_text(session, today=TODAY)
    assert_valid(text)
    lines = unfold(text)
    assert "X-WR-CALNAME:officer – dates" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    found = by_uid(events(text))
    meeting = found[f"meeting-{world['meeting'].uid}@officer-tui"]
    assert re.fullmatch(r"meeting-[0-9a-f]{32}@officer-tui", meeting["UID"])
    assert meeting["_DTSTART"] == "DTSTART;TZID=Europe/Berlin:20260302T100000"
    assert meeting["SUMMARY"] == "Jour fixe Bücherei\\, Technik"
    assert meeting["LOCATION"] == "Raum 2\\; Erdgeschoss"
    assert "Selbstverbuchung sehr lange Überschrift" in meeting["DESCRIPTION"]
    assert "Gerda" not in text  # the erased presenter and owner are nowhere by name
    assert f"meeting-{world['later'].uid}@officer-tui" in found

    training = found[f"training-session-{world['session'].uid}@officer-tui"]
    assert training["SUMMARY"] == "KI-Grundlagen für Ämter"
    assert training["_DTSTART"] == "DTSTART;TZID=Europe/Berlin:20260309T090000"

    followup = found[f"followup-{world['open'].uid}@officer-tui"]
    assert followup["_DTSTART"] == "DTSTART;VALUE=DATE:20260305"
    assert followup["_DTEND"] == "DTEND;VALUE=DATE:20260306"
    assert followup["SUMMARY"] == "Follow-up: Angebot nachfassen"
    assert followup["TRANSP"] == "TRANSPARENT"
    assert followup["CATEGORIES"] == "Follow-up"
    description = followup["DESCRIPTION"]
    assert "About: request #" in description and "WLAN im Lesesaal\\; Ärger" in description
    assert "Owner: Jörg Müller" in description and "Mit Frau Özdemir" in description
    erased = found[f"followup-{world['erased_owner'].uid}@officer-tui"]
    assert "Owner: erased person" in erased["DESCRIPTION"]
    assert len(found) == 2 + 1 + 3  # meetings, session, follow-ups (the old done one is out)


def test_done_follow_ups_show_as_done_and_old_ones_are_left_out(session, world):
    found = by_uid(events(calendar_export.calendar_text(session, today=TODAY)))
    recent = found[f"followup-{world['recent'].uid}@officer-tui"]
    assert recent["SUMMARY"] == "✓ Follow-up: Bericht schreiben"
    assert "Done on 2026-03-01" in recent["DESCRIPTION"]
    assert int(recent["SEQUENCE"]) >= 1  # marking done made it a newer version of the event
    assert f"followup-{world['old'].uid}@officer-tui" not in found


def test_range_limits_every_kind(session, world):
    text = calendar_export.calendar_text(session, start=TODAY + timedelta(days=1),
                                         end=TODAY + timedelta(days=30), today=TODAY)
    found = by_uid(events(text))
    assert set(found) == {
        f"training-session-{world['session'].uid}@officer-tui",
        f"followup-{world['open'].uid}@officer-tui",
        f"followup-{world['erased_owner'].uid}@officer-tui",
    }
    with pytest.raises(ValidationError) as error:
        calendar_export.calendar_text(session, start=TODAY, end=TODAY - timedelta(days=1))
    assert error.value.field == "to"


def test_uids_match_the_per_meeting_and_per_session_files(session, world):
    full = by_uid(events(calendar_export.calendar_text(session, today=TODAY)))
    single = events(meetings.ics_text(session, meeting_ids=[world["meeting"].id]))
    assert len(single) == 1 and single[0]["UID"] in full
    assert single[0]["UID"] == f"meeting-{world['meeting'].uid}@officer-tui"
    sessions = events(trainings.ics_text(session, session_ids=[world["session"].id]))
    assert sessions[0]["UID"] == f"training-session-{world['session'].uid}@officer-tui"
    assert sessions[0]["UID"] in full


def test_a_change_gives_a_newer_event_with_the_same_uid(session, world):
    before = by_uid(events(calendar_export.calendar_text(session, today=TODAY)))
    uid = f"meeting-{world['meeting'].uid}@officer-tui"
    again = by_uid(events(calendar_export.calendar_text(session, today=TODAY)))
    assert again[uid] == before[uid]  # the same data gives the same event (no "now" stamp)
    meeting = refetch(session, world["meeting"])
    meetings.update_meeting(session, meeting_id=meeting.id, changes={"place": "Raum 3"},
                            expected_version=meeting.version)
    after = by_uid(events(calendar_export.calendar_text(session, today=TODAY)))[uid]
    assert after["LOCATION"] == "Raum 3"
    assert int(after["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert after["DTSTAMP"] >= before[uid]["DTSTAMP"]
    assert after["LAST-MODIFIED"] == after["DTSTAMP"]


def test_export_writes_a_private_file_and_counts(session, world, tmp_path):
    path = tmp_path / "termine.ics"
    counts = calendar_export.export_ics(session, path=path, today=TODAY)
    assert counts == {"meeting": 2, "training_session": 1, "followup": 3}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    data = path.read_bytes()
    assert data.count(b"BEGIN:VEVENT") == 6 and b"\r\n" in data
    assert_valid(data.decode("utf-8"))


def test_an_empty_database_gives_a_valid_empty_calendar(session, tmp_path):
    path = tmp_path / "leer.ics"
    assert calendar_export.export_ics(session, path=path) == {
        "meeting": 0, "training_session": 0, "followup": 0}
    text = path.read_bytes().decode("utf-8")
    assert_valid(text)
    assert events(text) == []


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def officer(capsys, tmp_path, monkeypatch):
    from officer_tui.cli import main

    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "cli.db"))

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("unit", "add", "Stadtbibliothek", "--kind", "library")[0] == 0
    assert run("meeting", "add", "Jour fixe Ämter", "--on", TODAY.isoformat(), "--from", "14:00",
               "--to", "15:00")[0] == 0
    assert run("followup", "add", "Nachfassen", "--due", "2026-03-20")[0] == 0
    assert run("followup", "add", "Später", "--due", "2026-05-20")[0] == 0
    return run


def test_cli_export_ics(officer, tmp_path):
    out = tmp_path / "kalender.ics"
    code, stdout, err = officer("export", "--format", "ics", "--out", out)
    assert code == 0, err
    assert stdout.strip() == (f"Wrote 1 meeting, 0 training sessions and 2 follow-ups to {out}.")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    text = out.read_bytes().decode("utf-8")
    assert_valid(text)
    assert len(events(text)) == 3 and "SUMMARY:Jour fixe Ämter" in unfold(text)

    code, stdout, err = officer("export", "--format", "ics", "--out", out,
                                "--from", "1.3.2026", "--to", "31.03.2026")
    assert code == 0, err
    assert "1 meeting, 0 training sessions and 1 follow-up" in stdout
    assert len(events(out.read_bytes().decode("utf-8"))) == 2


@pytest.mark.parametrize("extra, message", [
    (("--from", "2026-04-01", "--to", "2026-03-01"), "--to: 2026-03-01 is before the first day"),
    (("--from", "32.1.2026"), "--from: '32.1.2026' is not a real date"),
    (("--to", "bald"), "--to: 'bald' is not a date"),
])
def test_cli_refuses_a_bad_range_and_writes_nothing(officer, tmp_path, extra, message):
    out = tmp_path / "nichts.ics"
    code, _out, err = officer("export", "--format", "ics", "--out", out, *extra)
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_cli_refuses_a_folder_or_a_missing_folder(officer, tmp_path):
    code, _out, err = officer("export", "--format", "ics", "--out", tmp_path)
    assert code == 2 and "--out:" in err and "is a folder" in err
    code, _out, err = officer("export", "--format", "ics", "--out", tmp_path / "no" / "x.ics")
    assert code == 2 and "--out:" in err and "does not exist" in err
    assert not Path(tmp_path / "no").exists()


def test_cli_in_german(officer, tmp_path):
    out = tmp_path / "kalender.ics"
    code, stdout, err = officer("--lang", "de", "export", "--format", "ics", "--out", out)
    assert code == 0, err
    assert str(out) in stdout
    text = out.read_bytes().decode("utf-8")
    assert_valid(text)
    found = events(text)
    assert len(found) == 3
    # iCalendar values stay ISO whatever the language.
    assert "DTSTART;VALUE=DATE:20260320" in [event["_DTSTART"] for event in found]
