"""Today: which records each section holds (and which it leaves out), counts and "more",
the date and summary lines, and the demo data giving a full briefing."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from officer_tui.models.enums import RecordKind
from officer_tui.services import (
    contacts,
    followups,
    ideas,
    meetings,
    projects,
    requests,
    today,
    trainings,
    units,
)
from officer_tui.services.today_views import (
    SECTION_ORDER,
    SectionKey,
    long_date,
    section_json,
    summary_text,
)
from tests.conftest import TODAY


def days(n: int):
    return TODAY + timedelta(days=n)


@pytest.fixture
def office(session):
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
    person = contacts.create_contact(session, data={"name": "Jörg Müller", "unit_id": museum}).id
    return {"unit": museum, "person": person}


def load(session, key: SectionKey, limit: int = 8):
    return today.load_section(session, key=key, today=TODAY, limit=limit)


def ids(section) -> list[int]:
    return [item.record_id for item in section.items]


def test_follow_ups_overdue_due_today_and_soon(session, office):
    def add(title, due, **extra):
        return followups.add_followup(session, data={"title": title, "due_on": due, **extra}).id

    old = add("Ticket nachfassen", days(-10), owner_id=office["person"])
    yesterday = add("Angebot anfordern", days(-1))
    done = add("Schon erledigt", days(-3))
    followups.mark_done(session, followup_id=done, today=TODAY)
    now = add("Heute anrufen", TODAY)
    week = add("In einer Woche", days(7))
    later = add("Später", days(8))

    overdue = load(session, SectionKey.FOLLOWUPS_OVERDUE)
    assert ids(overdue) == [old, yesterday]  # oldest first; the done one is left out
    assert overdue.count == 2 and overdue.more == 0
    first = overdue.items[0]
    assert first.kind == RecordKind.FOLLOWUP and first.mark == "!" and first.day == days(-10)
    assert "10 days overdue" in first.detail and "Jörg Müller" in first.detail

    due_today = load(session, SectionKey.FOLLOWUPS_TODAY)
    assert ids(due_today) == [now] and due_today.items[0].mark == "▸"
    soon = load(session, SectionKey.FOLLOWUPS_SOON)
    assert ids(soon) == [week]  # a week ahead counts, eight days do not
    assert later not in ids(soon)


def test_counts_and_more_when_a_section_has_many(session, office):
    for n in range(11):
        followups.add_followup(session, data={"title": f"Nachfassen {n}", "due_on": days(-20 + n)})
    section = load(session, SectionKey.FOLLOWUPS_OVERDUE, limit=8)
    assert section.count == 11 and len(section.items) == 8 and section.more == 3
    assert [item.title for item in section.items][:2] == ["Nachfassen 0", "Nachfassen 1"]


def test_new_requests_newest_first_and_triaged_ones_left_out(session, office):
    def add(title, received):
        return requests.create_request(session, data={
            "title": title, "unit_id": office["unit"], "received_on": received}).id

    older = add("Drucker defekt", days(-3))
    newer = add("WLAN im Foyer", days(-1))
    triaged = add("Monitor flackert", days(-2))
    requests.triage(session, request_id=triaged, priority="high", today=TODAY)
    section = load(session, SectionKey.REQUESTS_NEW)
    assert ids(section) == [newer, older] and section.count == 2
    assert "Stadtmuseum" in section.items[0].detail


def test_waiting_too_long_starts_after_fourteen_days(session, office):
    def add(title, age, **extra):
        return requests.create_request(session, data={
            "title": title, "unit_id": office["unit"], "received_on": days(-age), **extra}).id

    add("Vierzehn Tage", 14)  # the default of requests.waiting_too_long_days
    fifteen = add("Fünfzehn Tage", 15)
    late = add("Überfällig", 30, due_on=days(-2))
    closed = add("Erledigt", 40)
    requests.set_status(session, request_id=closed, status="done", resolution="Erledigt",
                         today=TODAY)
    section = load(session, SectionKey.REQUESTS_WAITING)
    assert set(ids(section)) == {fifteen, late} and section.count == 2
    overdue = next(item for item in section.items if item.record_id == late)
    assert overdue.mark == "!" and "waiting 30 days" in overdue.detail
    assert ids(section)[0] == late  # most urgent first (overdue due date)


def test_meetings_of_the_next_seven_days(session, office):
    def add(title, day, **extra):
        return meetings.add_meeting(session, data={"title": title, "held_on": day, **extra}).id

    add("Gestern", days(-1))
    afternoon = add("Jour fixe", TODAY, start_time=time(14), end_time=time(15), place="Rathaus")
    morning = add("Frühbesprechung", TODAY, start_time=time(8, 30))
    sunday = add("Workshop", days(6))
    add("Nächste Woche", days(7))
    section = load(session, SectionKey.MEETINGS)
    assert ids(section) == [morning, afternoon, sunday]
    assert section.today_count == 2
    jour_fixe = section.items[1]
    assert jour_fixe.mark == "▸" and jour_fixe.detail.startswith("14:00–15:00 · Rathaus")
    assert section.items[2].mark == ""


def test_sessions_with_free_seats_in_the_next_four_weeks(session, office):
    programme = trainings.add_programme(session, data={"title": "KI-Grundlagen"}).id
    other = contacts.create_contact(session, data={"name": "Ute Hagedorn", "unit_id": office["unit"]}).id

    def add(day, capacity):
        return trainings.add_session(session, data={
            "programme_id": programme, "held_on": day, "capacity": capacity}).id

    full = add(days(3), 2)
    for person in (office["person"], other):
        trainings.enroll(session, session_id=full, contact_id=person)
    free = add(days(5), 10)
    trainings.enroll(session, session_id=free, contact_id=office["person"])
    open_ended = add(days(10), None)
    add(days(40), 10)  # beyond four weeks
    add(days(-2), 10)  # past
    section = load(session, SectionKey.SESSIONS)
    assert ids(section) == [free, open_ended] and section.count == 2
    assert section.items[0].kind == RecordKind.TRAINING_SESSION
    assert section.items[0].title == "KI-Grundlagen"
    assert "9 of 10 seats free" in section.items[0].detail
    assert "no seat limit" in section.items[1].detail


def test_ideas_awaiting_assessment(session, office):
    def add(title, age):
        return ideas.create_idea(session, data={"title": title, "unit_id": office["unit"],
                                                "submitted_on": days(-age)}, today=TODAY).id

    waiting = add("Chatbot für Öffnungszeiten", 20)
    fresh = add("Digitale Führung", 2)
    assessed = add("Tablets im Foyer", 10)
    ideas.assess(session, idea_id=assessed, benefit=4, effort=2, strategic_fit=3, reach=3)
    parked = add("Podcast", 30)
    ideas.set_status(session, idea_id=parked, status="parked")
    section = load(session, SectionKey.IDEAS)
    assert ids(section) == [waiting, fresh]  # oldest first: it waited longest
    assert "waiting 20 days" in section.items[0].detail


def test_projects_at_risk_or_with_proof_of_use_near(session, office):
    def add(title, **extra):
        return projects.create_project(session, data={
            "title": title, "owner_unit_id": office["unit"], **extra}).id

    add("Alles gut")
    red = add("Besucher-WLAN", traffic_light="off_track", traffic_note="Lieferant fehlt")
    yellow = add("Ticketing", traffic_light="at_risk", traffic_note="Verzug")
    add("Abgeschlossen rot", phase="done", traffic_light="off_track", traffic_note="egal")
    proof_soon = add("Medientechnik", proof_of_use_due=days(30))
    add("Nachweis später", proof_of_use_due=days(31))
    proof_late = add("Ausleihe", phase="done", proof_of_use_due=days(-5))
    section = load(session, SectionKey.PROJECTS)
    assert ids(section) == [proof_late, red, proof_soon, yellow] and section.count == 4
    by_id = {item.record_id: item for item in section.items}
    assert by_id[red].mark == "!" and "✗ off track" in by_id[red].detail
    assert by_id[proof_late].mark == "!" and "overdue since" in by_id[proof_late].detail
    assert by_id[proof_soon].mark == "⚠" and by_id[proof_soon].day == days(30)
    assert "⚠ at risk" in by_id[yellow].detail


def test_contacts_losing_touch(session, office):
    from officer_tui.models.org import Contact

    heard = contacts.create_contact(session, data={"name": "Ute Hagedorn", "unit_id": office["unit"]}).id
    for contact_id in (office["person"], heard):  # both known for a year
        session.get(Contact, contact_id).created_at = datetime(2025, 3, 1, tzinfo=UTC)
    session.commit()
    contacts.log_contact(session, contact_id=heard, happened_on=days(-30), today=TODAY)
    section = load(session, SectionKey.CONTACTS)
    assert ids(section) == [office["person"]] and section.count == 1
    item = section.items[0]
    assert item.kind == RecordKind.CONTACT and item.mark == "⚠"
    assert "no contact yet" in item.detail and "every 90 days" in item.detail


def test_every_section_in_order_and_the_summary(session, office):
    followups.add_followup(session, data={"title": "Nachfassen", "due_on": days(-2)})
    requests.create_request(session, data={"title": "Drucker", "unit_id": office["unit"]})
    meetings.add_meeting(session, data={"title": "Jour fixe", "held_on": TODAY})
    sections = today.today_sections(session, today=TODAY)
    assert [section.key for section in sections] == list(SECTION_ORDER)
    assert summary_text(sections) == "1 overdue follow-up · 1 new request · 1 meeting today"
    assert summary_text([]) == "Nothing urgent today."
    data = section_json(sections[0])
    assert data["key"] == "followups_overdue" and data["count"] == 1
    assert data["items"][0]["kind"] == "followup" and data["items"][0]["mark"] == "!"


def test_long_date_in_german(german):
    # The day carries a dot in German; the names are translated with the catalog.
    from officer_tui.i18n import _

    assert long_date(TODAY) == f"{_('Monday')}, 2. {_('March')} 2026"


def test_long_date_in_english():
    assert long_date(TODAY) == "Monday, 2 March 2026"


def test_the_demo_gives_a_full_briefing(demo_url):
    from officer_tui.services.database import open_database

    database = open_database(demo_url)
    with database.session() as session:
        sections = {section.key: section for section in today.today_sections(session, today=TODAY)}
    database.close()
    for key in (SectionKey.FOLLOWUPS_OVERDUE, SectionKey.REQUESTS_NEW, SectionKey.REQUESTS_WAITING,
                SectionKey.MEETINGS, SectionKey.SESSIONS, SectionKey.IDEAS, SectionKey.PROJECTS):
        assert sections[key].count > 0, key
        assert sections[key].items, key
    assert sections[SectionKey.MEETINGS].today_count >= 1
