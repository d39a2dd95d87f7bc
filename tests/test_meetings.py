"""Meetings: planning, agenda, outcomes and follow-ups, closing, series and carry-over, the
decision register, the list's order and filters, exports (minutes, ICS), the timeline."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select, text

from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)
from officer_tui.models.meeting import AgendaItem, Meeting, MeetingSeries, Outcome
from officer_tui.models.portfolio import FollowUp
from officer_tui.services import contacts, followups, meetings, projects, requests, timeline, units
from officer_tui.services.errors import NotFound, ValidationError
from officer_tui.services.meeting_views import MeetingFilter, MeetingWhen
from tests.conftest import TODAY


@pytest.fixture
def world(session) -> dict[str, int]:
    it = units.create_unit(session, data={"name": "KommunalIT", "kind": "it_provider"}).id
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"}).id
    people = {
        name: contacts.create_contact(session, data={"name": name, "unit_id": unit}).id
        for name, unit in (("Jörg Müller", it), ("Ute Hagedorn", library), ("Kai Brandt", it))
    }
    project = projects.create_project(
        session, data={"title": "Neues Ausleihsystem", "owner_unit_id": library}
    ).id
    request = requests.create_request(
        session, data={"title": "WLAN im Lesesaal", "unit_id": library}, today=TODAY
    ).id
    return {"it": it, "library": library, "project": project, "request": request, **people}


def plan(session, title="Jour fixe IT", **extra):
    data = {"title": title, "kind": MeetingKind.JOUR_FIXE, "held_on": TODAY,
            "start_time": time(10), "end_time": time(11), **extra}
    return meetings.add_meeting(session, data=data)


def refused(call, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.field == field, error.value.problems
    return error.value


# --- planning and validation --------------------------------------------------------------


def test_add_meeting_with_participants_links_and_series(session, world):
    meeting = plan(
        session, place="Raum 2.14", online_url="https://meet.example.org/jf",
        participant_ids=[world["Jörg Müller"], world["Ute Hagedorn"]],
        links=[(RecordKind.PROJECT, world["project"]), (RecordKind.REQUEST, world["request"])],
        recur_every=2, recur_unit=RecurUnit.WEEKS, notes="**Bitte** Zahlen mitbringen",
    )
    detail = meetings.meeting_detail(session, meeting.id)
    assert detail.title == "Jour fixe IT" and detail.kind == MeetingKind.JOUR_FIXE
    assert detail.duration_minutes == 60
    assert [p.name for p in detail.participants] == ["Jörg Müller", "Ute Hagedorn"]
    assert {p.attendance for p in detail.participants} == {Attendance.INVITED}
    assert detail.participants[0].unit == "KommunalIT"
    assert {(link.kind, link.title) for link in detail.links} == {
        (RecordKind.PROJECT, "Neues Ausleihsystem"), (RecordKind.REQUEST, "WLAN im Lesesaal")}
    assert detail.series_every == (2, RecurUnit.WEEKS)
    assert detail.series_title == "Jour fixe IT"
    assert not detail.closed
    assert "bitte" in meeting.search_text and "raum 2.14" in meeting.search_text


@pytest.mark.parametrize("extra, field", [
    ({"title": "  "}, "title"),
    ({"title": "x" * 301}, "title"),
    ({"held_on": None}, "date"),
    ({"start_time": time(11), "end_time": time(10)}, "end"),
    ({"start_time": time(10), "end_time": time(10)}, "end"),
    ({"start_time": None, "end_time": time(10)}, "start"),
    ({"online_url": "meet.example.org"}, "link"),
    ({"participant_ids": [999]}, "participants"),
    ({"links": [(RecordKind.PROJECT, 999)]}, "links"),
    ({"links": [(RecordKind.CONTACT, 1)]}, "links"),
    ({"unit_id": 999}, "unit"),
    ({"recur_every": 0, "recur_unit": RecurUnit.WEEKS}, "every"),
    ({"kind": "party"}, "kind"),
])
def test_add_meeting_refuses_bad_input_and_writes_nothing(session, world, extra, field):
    refused(lambda: plan(session, **extra), field)
    assert session.execute(select(func.count()).select_from(Meeting)).scalar() == 0
    assert session.execute(select(func.count()).select_from(MeetingSeries)).scalar() == 0


def test_end_before_start_says_so(session, world):
    error = refused(lambda: plan(session, start_time=time(14), end_time=time(13)), "end")
    assert error.message == "ends before it starts"
    meeting = plan(session)
    refused(lambda: meetings.update_meeting(
        session, meeting_id=meeting.id, changes={"end_time": time(9)}), "end")


def test_all_day_meeting_and_update_keeps_attendance(session, world):
    meeting = plan(session, start_time=None, end_time=None,
                   participant_ids=[world["Jörg Müller"], world["Ute Hagedorn"]])
    meetings.set_attendance(session, meeting_id=meeting.id, contact_id=world["Jörg Müller"],
                            attendance=Attendance.PRESENT)
    meetings.update_meeting(
        session, meeting_id=meeting.id,
        changes={"title": "Workshop", "participant_ids": [world["Jörg Müller"], world["Kai Brandt"]]},
        expected_version=meeting.version,
    )
    detail = meetings.meeting_detail(session, meeting.id)
    assert detail.duration_minutes is None
    assert {(p.name, p.attendance) for p in detail.participants} == {
        ("Jörg Müller", Attendance.PRESENT), ("Kai Brandt", Attendance.INVITED)}
    assert detail.title == "Workshop"


# --- agenda, outcomes, follow-ups ---------------------------------------------------------


def test_agenda_items_order_move_and_delete(session, world):
    meeting = plan(session)
    first = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Stand Migration"})
    second = meetings.add_item(
        session, meeting_id=meeting.id,
        data={"title": "WLAN Lesesaal", "presenter_id": world["Ute Hagedorn"], "minutes": 15,
              "subject_kind": RecordKind.REQUEST, "subject_id": world["request"]},
    )
    third = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Verschiedenes"})
    meetings.move_item(session, item_id=third.id, offset=-1)
    meetings.move_item(session, item_id=first.id, offset=-1)  # already first: stays
    items = meetings.meeting_detail(session, meeting.id).items
    assert [i.title for i in items] == ["Stand Migration", "Verschiedenes", "WLAN Lesesaal"]
    assert [i.position for i in items] == [1, 2, 3]
    assert items[2].subject.title == "WLAN im Lesesaal"
    assert items[2].presenter_name == "Ute Hagedorn" and items[2].minutes == 15
    meetings.delete_item(session, item_id=third.id)
    items = meetings.meeting_detail(session, meeting.id).items
    assert [(i.title, i.position) for i in items] == [("Stand Migration", 1), ("WLAN Lesesaal", 2)]
    assert second.id == items[1].id
    # The list's filter finds agenda items' titles.
    found = meetings.ordered_ids(session, MeetingFilter(text="lesesaal"), today=TODAY)
    assert found == [meeting.id]
    assert meetings.ordered_ids(session, MeetingFilter(text="verschiedenes"), today=TODAY) == []


@pytest.mark.parametrize("data, field", [
    ({"title": ""}, "title"),
    ({"title": "x", "presenter_id": 999}, "presenter"),
    ({"title": "x", "minutes": 0}, "minutes"),
    ({"title": "x", "minutes": 2000}, "minutes"),
    ({"title": "x", "subject_kind": RecordKind.IDEA, "subject_id": 999}, "subject"),
    ({"title": "x", "subject_kind": RecordKind.PROJECT}, "subject"),
])
def test_add_item_refuses_bad_input(session, world, data, field):
    meeting = plan(session)
    refused(lambda: meetings.add_item(session, meeting_id=meeting.id, data=data), field)
    assert meetings.meeting_detail(session, meeting.id).items == ()


def test_action_becomes_followup_on_the_items_record_or_the_meeting(session, world):
    meeting = plan(session)
    on_project = meetings.add_item(
        session, meeting_id=meeting.id,
        data={"title": "Ausleihsystem", "subject_kind": RecordKind.PROJECT,
              "subject_id": world["project"]},
    )
    general = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Verschiedenes"})
    due = TODAY + timedelta(days=14)
    action = meetings.add_outcome(
        session, item_id=on_project.id, kind=OutcomeKind.ACTION,
        text="Angebot für RFID-Gates einholen", owner_id=world["Jörg Müller"], due_on=due,
    )
    other = meetings.add_outcome(
        session, item_id=general.id, kind=OutcomeKind.ACTION, text="Raum für Mai buchen",
        owner_id=world["Ute Hagedorn"], due_on=due,
    )
    on_record = followups.for_record(session, kind=RecordKind.PROJECT, record_id=world["project"])
    assert [(f.title, f.owner_name, f.due_on) for f in on_record] == [
        ("Angebot für RFID-Gates einholen", "Jörg Müller", due)]
    assert on_record[0].id == action.followup_id
    on_meeting = followups.for_record(session, kind=RecordKind.MEETING, record_id=meeting.id)
    assert [f.id for f in on_meeting] == [other.followup_id]
    assert on_meeting[0].subject_title == "Jour fixe IT"
    view = meetings.meeting_detail(session, meeting.id).items[0].outcomes[0]
    assert (view.owner_name, view.due_on, view.done_on) == ("Jörg Müller", due, None)
    row = meetings.rows_for(session, [meeting.id])[0]
    assert (row.items, row.open_actions, row.decisions) == (2, 2, 0)
    followups.mark_done(session, followup_id=action.followup_id)
    assert meetings.rows_for(session, [meeting.id])[0].open_actions == 1


def test_action_needs_owner_and_due_date(session, world):
    meeting = plan(session)
    item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Punkt"})
    error = refused(lambda: meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.ACTION, text="Machen", due_on=TODAY), "owner")
    assert error.message == "an action needs an owner"
    error = refused(lambda: meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.ACTION, text="Machen",
        owner_id=world["Kai Brandt"]), "due")
    assert error.message == "an action needs a due date"
    refused(lambda: meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.DECISION, text="  "), "text")
    refused(lambda: meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.DECISION, text="Ja",
        owner_id=world["Kai Brandt"]), "owner")
    assert session.execute(select(func.count()).select_from(Outcome)).scalar() == 0
    assert session.execute(select(func.count()).select_from(FollowUp)).scalar() == 0


def test_update_and_delete_outcome_keep_the_followup_in_step(session, world):
    meeting = plan(session)
    item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Punkt"})
    action = meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.ACTION, text="Alt",
        owner_id=world["Kai Brandt"], due_on=TODAY,
    )
    later = TODAY + timedelta(days=7)
    meetings.update_outcome(session, outcome_id=action.id, text="Neu",
                            owner_id=world["Jörg Müller"], due_on=later)
    followup = followups.get_followup(session, action.followup_id)
    assert (followup.title, followup.owner_id, followup.due_on) == ("Neu", world["Jörg Müller"], later)
    meetings.delete_outcome(session, outcome_id=action.id)
    assert session.get(FollowUp, action.followup_id) is None  # open: goes with it
    done = meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.ACTION, text="Erledigt",
        owner_id=world["Kai Brandt"], due_on=TODAY,
    )
    followups.mark_done(session, followup_id=done.followup_id)
    meetings.delete_outcome(session, outcome_id=done.id)
    assert session.get(FollowUp, done.followup_id) is not None  # done: stays


# --- closed meetings ----------------------------------------------------------------------


def test_every_write_to_a_closed_meeting_is_refused_until_reopened(session, world):
    meeting = plan(session, participant_ids=[world["Kai Brandt"]])
    item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Punkt"})
    info = meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.INFORMATION, text="i")
    meetings.close_meeting(session, meeting_id=meeting.id)
    assert meetings.meeting_detail(session, meeting.id).closed
    writes = [
        lambda: meetings.update_meeting(session, meeting_id=meeting.id, changes={"title": "x"}),
        lambda: meetings.delete_meeting(session, meeting_id=meeting.id),
        lambda: meetings.add_participant(session, meeting_id=meeting.id,
                                         contact_id=world["Jörg Müller"]),
        lambda: meetings.remove_participant(session, meeting_id=meeting.id,
                                            contact_id=world["Kai Brandt"]),
        lambda: meetings.set_attendance(session, meeting_id=meeting.id,
                                        contact_id=world["Kai Brandt"],
                                        attendance=Attendance.PRESENT),
        lambda: meetings.add_item(session, meeting_id=meeting.id, data={"title": "Neu"}),
        lambda: meetings.update_item(session, item_id=item.id, changes={"title": "x"}),
        lambda: meetings.delete_item(session, item_id=item.id),
        lambda: meetings.move_item(session, item_id=item.id, offset=1),
        lambda: meetings.set_item_status(session, item_id=item.id, status=AgendaStatus.DONE),
        lambda: meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                                     text="d"),
        lambda: meetings.update_outcome(session, outcome_id=info.id, text="x"),
        lambda: meetings.delete_outcome(session, outcome_id=info.id),
    ]
    for write in writes:
        error = refused(write, "meeting")
        assert error.message == "is closed; reopen it to change it"
    refused(lambda: meetings.close_meeting(session, meeting_id=meeting.id), "meeting")
    meetings.reopen_meeting(session, meeting_id=meeting.id)
    meetings.update_meeting(session, meeting_id=meeting.id, changes={"title": "Wieder offen"})
    meetings.set_item_status(session, item_id=item.id, status=AgendaStatus.DONE)
    assert meetings.get_meeting(session, meeting.id).title == "Wieder offen"
    refused(lambda: meetings.reopen_meeting(session, meeting_id=meeting.id), "meeting")


# --- series and carry-over ----------------------------------------------------------------


def test_plan_next_carries_exactly_the_open_items(session, world):
    meeting = plan(session, held_on=TODAY - timedelta(days=14), recur_every=2,
                   recur_unit=RecurUnit.WEEKS, place="Raum 2.14",
                   participant_ids=[world["Jörg Müller"], world["Kai Brandt"]],
                   links=[(RecordKind.PROJECT, world["project"])])
    meetings.set_attendance(session, meeting_id=meeting.id, contact_id=world["Kai Brandt"],
                            attendance=Attendance.EXCUSED)
    done = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Erledigt"})
    open_one = meetings.add_item(
        session, meeting_id=meeting.id,
        data={"title": "Offen", "presenter_id": world["Jörg Müller"], "minutes": 10,
              "notes": "Vertagt", "subject_kind": RecordKind.REQUEST,
              "subject_id": world["request"]},
    )
    open_two = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Auch offen"})
    meetings.add_outcome(session, item_id=open_one.id, kind=OutcomeKind.INFORMATION, text="i")
    meetings.set_item_status(session, item_id=done.id, status=AgendaStatus.DONE)
    meetings.close_meeting(session, meeting_id=meeting.id)

    following = meetings.plan_next(session, meeting_id=meeting.id)  # works on a closed one
    assert following.held_on == TODAY
    new = meetings.meeting_detail(session, following.id)
    assert (new.title, new.place, new.start_time, new.series_id) == (
        "Jour fixe IT", "Raum 2.14", time(10), meeting.series_id)
    assert [(i.title, i.position, i.status) for i in new.items] == [
        ("Offen", 1, AgendaStatus.OPEN), ("Auch offen", 2, AgendaStatus.OPEN)]
    assert new.items[0].carried_from == (meeting.id, TODAY - timedelta(days=14))
    assert (new.items[0].presenter_name, new.items[0].minutes, new.items[0].notes) == (
        "Jörg Müller", 10, "Vertagt")
    assert new.items[0].outcomes == ()  # outcomes stay where they were reached
    assert {p.attendance for p in new.participants} == {Attendance.INVITED}
    assert len(new.participants) == 2
    assert [link.record_id for link in new.links] == [world["project"]]
    assert (new.previous_id, new.next_id) == (meeting.id, None)
    old = meetings.meeting_detail(session, meeting.id)
    assert [i.status for i in old.items] == [
        AgendaStatus.DONE, AgendaStatus.CARRIED, AgendaStatus.CARRIED]
    assert old.next_id == following.id
    assert open_two.id == old.items[2].id
    # The next one after that follows the rhythm from the series' latest meeting.
    third = meetings.plan_next(session, meeting_id=following.id, held_on=None)
    assert third.held_on == TODAY + timedelta(days=14)
    assert [i.title for i in meetings.meeting_detail(session, third.id).items] == [
        "Offen", "Auch offen"]


def test_plan_next_needs_a_series_and_deleting_the_next_reopens_carried_items(session, world):
    lone = plan(session)
    refused(lambda: meetings.plan_next(session, meeting_id=lone.id), "every")
    series = meetings.make_series(session, meeting_id=lone.id, every=1, unit=RecurUnit.MONTHS)
    item = meetings.add_item(session, meeting_id=lone.id, data={"title": "Offen"})
    following = meetings.plan_next(session, meeting_id=lone.id)
    assert following.held_on == date(2026, 4, 2) and following.series_id == series.id
    assert session.get(AgendaItem, item.id).status == AgendaStatus.CARRIED
    meetings.delete_meeting(session, meeting_id=following.id)
    assert session.get(AgendaItem, item.id).status == AgendaStatus.OPEN
    refused(lambda: meetings.set_item_status(
        session, item_id=item.id, status=AgendaStatus.CARRIED), "status")


def test_delete_meeting_keeps_followups_and_drops_the_rest(session, world):
    meeting = plan(session, participant_ids=[world["Kai Brandt"]],
                   links=[(RecordKind.PROJECT, world["project"])])
    item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Punkt"})
    action = meetings.add_outcome(
        session, item_id=item.id, kind=OutcomeKind.ACTION, text="Tun",
        owner_id=world["Kai Brandt"], due_on=TODAY,
    )
    meetings.delete_meeting(session, meeting_id=meeting.id)
    with pytest.raises(NotFound):
        meetings.meeting_detail(session, meeting.id)
    kept = session.get(FollowUp, action.followup_id)
    assert kept is not None and kept.subject_id is None
    assert "Jour fixe IT" in kept.notes
    for model in (AgendaItem, Outcome):
        assert session.execute(select(func.count()).select_from(model)).scalar() == 0


# --- list, decision register, record's meetings -------------------------------------------


def test_ordered_ids_upcoming_soonest_first_then_past_newest_first(session, world):
    def at(days, start=None, **extra):
        return plan(session, title=f"M{days}", held_on=TODAY + timedelta(days=days),
                    start_time=start, end_time=None, **extra).id

    past_old, past_new = at(-30), at(-1)
    later, today_late, today_early = at(7), at(0, time(15)), at(0, time(9))
    network = at(3, kind=MeetingKind.NETWORK, participant_ids=[world["Ute Hagedorn"]],
                 unit_id=world["library"])
    everything = meetings.ordered_ids(session, MeetingFilter(), today=TODAY)
    assert everything == [today_early, today_late, network, later, past_new, past_old]
    assert meetings.ordered_ids(
        session, MeetingFilter(when=MeetingWhen.PAST), today=TODAY) == [past_new, past_old]
    assert meetings.ordered_ids(
        session, MeetingFilter(when=MeetingWhen.UPCOMING), today=TODAY)[:2] == [
        today_early, today_late]
    assert meetings.ordered_ids(
        session, MeetingFilter(kind=MeetingKind.NETWORK), today=TODAY) == [network]
    assert meetings.ordered_ids(
        session, MeetingFilter(contact_id=world["Ute Hagedorn"]), today=TODAY) == [network]
    assert meetings.ordered_ids(
        session, MeetingFilter(unit_id=world["library"]), today=TODAY) == [network]
    assert meetings.ordered_ids(session, MeetingFilter(text="hagedorn"), today=TODAY) == [network]
    meetings.close_meeting(session, meeting_id=past_old)
    assert past_old not in meetings.ordered_ids(session, MeetingFilter(open_only=True),
                                                today=TODAY)
    rows = meetings.list_meetings(session, MeetingFilter(), today=TODAY, limit=3)
    assert [r.id for r in rows] == everything[:3]
    assert meetings.rows_for(session, [past_old])[0].closed
    assert MeetingFilter().is_empty() and not MeetingFilter(open_only=True).is_empty()


def test_ordered_ids_uses_the_date_index(session, world, backend):
    """SQLite walks the covering index in list order (no sorting). PostgreSQL's planner
    chooses by the table's size (for half of a small table it scans and sorts, rightly):
    there the date range must be one an index serves when scanning is not an option."""
    from officer_tui.services.meeting_reads import ordered_statements

    plan(session)
    statements = ordered_statements(session, MeetingFilter(), today=TODAY)
    assert len(statements) == 2
    if backend == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))
    for statement in statements:
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if backend == "postgresql":
            steps = " ".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")).all())
            assert re.search(r"Index (Only )?Scan (Backward )?(using|on) ix_meeting_(by_day|held_on)",
                             steps), steps
            assert "Index Cond: (held_on" in steps and "Seq Scan" not in steps, steps
            continue
        steps = " ".join(
            row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
        )
        assert "USING COVERING INDEX ix_meeting_by_day" in steps, steps
        assert "SCAN meeting" not in steps.replace("SCAN meeting USING", ""), steps
    session.rollback()


def test_all_day_meetings_and_sessions_come_first_on_their_day(session, world):
    """A meeting without a start time is listed before the day's timed ones (and after them
    among past meetings, newest first), on every database: SQLite sorts NULL first,
    PostgreSQL last, unless told."""
    from officer_tui.services import today as today_service
    from officer_tui.services import trainings

    def at(days, start=None):
        return plan(session, title=f"M{days} {start}", held_on=TODAY + timedelta(days=days),
                    start_time=start, end_time=None).id

    timed, all_day = at(1, time(9)), at(1)
    past_timed, past_all_day = at(-2, time(9)), at(-2)
    assert meetings.ordered_ids(session, MeetingFilter(), today=TODAY) == [
        all_day, timed, past_timed, past_all_day]
    briefing = today_service.meetings_this_week(session, TODAY)
    assert [item.record_id for item in briefing.items] == [all_day, timed]
    programme = trainings.add_programme(session, data={"title": "KI-Grundlagen"}).id
    later = trainings.add_session(session, data={
        "programme_id": programme, "held_on": TODAY + timedelta(days=3),
        "start_time": time(10), "end_time": time(12)}).id
    whole_day = trainings.add_session(session, data={
        "programme_id": programme, "held_on": TODAY + timedelta(days=3)}).id
    listed = trainings.sessions_for(session, programme_id=programme)
    assert [row.id for row in listed] == [whole_day, later]


def test_decision_register_is_searchable_accent_blind(session, world):
    early = plan(session, title="Lenkungsgruppe", held_on=TODAY - timedelta(days=20),
                 links=[(RecordKind.PROJECT, world["project"])])
    late = plan(session, title="Jour fixe", held_on=TODAY - timedelta(days=5))
    item = meetings.add_item(session, meeting_id=early.id, data={"title": "Budget"})
    wifi = meetings.add_item(
        session, meeting_id=late.id,
        data={"title": "WLAN", "subject_kind": RecordKind.REQUEST, "subject_id": world["request"]},
    )
    first = meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                                 text="Frau Müller übernimmt die Ausschreibung")
    second = meetings.add_outcome(session, item_id=wifi.id, kind=OutcomeKind.DECISION,
                                  text="Zweiter Access Point wird bestellt")
    meetings.add_outcome(session, item_id=wifi.id, kind=OutcomeKind.INFORMATION, text="Müller")
    register = meetings.decisions(session)
    assert [d.id for d in register] == [second.id, first.id]  # newest first, no information
    found = meetings.decisions(session, text="muller")
    assert [(d.id, d.meeting_title, d.item_title) for d in found] == [
        (first.id, "Lenkungsgruppe", "Budget")]
    assert found[0].meeting_links[0].title == "Neues Ausleihsystem"
    assert [d.id for d in meetings.decisions(session, text="wlan")] == [second.id]  # item title
    assert [d.id for d in meetings.decisions(session, text="lenkungsgruppe")] == [first.id]
    assert meetings.decisions(session, text="wlan")[0].subject.title == "WLAN im Lesesaal"
    assert [d.id for d in meetings.decisions(
        session, from_on=TODAY - timedelta(days=10))] == [second.id]
    assert [d.id for d in meetings.decisions(
        session, to_on=TODAY - timedelta(days=10))] == [first.id]
    assert [d.id for d in meetings.decisions(
        session, record=(RecordKind.PROJECT, world["project"]))] == [first.id]
    # Renaming the meeting keeps the register's search in step.
    meetings.update_meeting(session, meeting_id=early.id, changes={"title": "Steuerkreis"})
    assert [d.id for d in meetings.decisions(session, text="steuerkreis")] == [first.id]
    row = meetings.rows_for(session, [early.id])[0]
    assert row.decisions == 1


def test_meetings_for_record(session, world):
    linked = plan(session, title="Verlinkt", held_on=TODAY - timedelta(days=3),
                  links=[(RecordKind.PROJECT, world["project"])])
    by_item = plan(session, title="Per Punkt", held_on=TODAY + timedelta(days=3))
    plan(session, title="Anderes")
    meetings.add_item(session, meeting_id=by_item.id,
                      data={"title": "Ausleihe", "subject_kind": RecordKind.PROJECT,
                            "subject_id": world["project"]})
    rows = meetings.meetings_for_record(session, kind=RecordKind.PROJECT,
                                        record_id=world["project"])
    assert [r.title for r in rows] == ["Per Punkt", "Verlinkt"]
    assert linked.id == rows[1].id


# --- exports ------------------------------------------------------------------------------


def _run_a_jour_fixe(session, world) -> Meeting:
    meeting = plan(session, place="Raum 2.14",
                   participant_ids=[world["Jörg Müller"], world["Ute Hagedorn"],
                                    world["Kai Brandt"]])
    for name, attendance in (("Jörg Müller", Attendance.PRESENT),
                             ("Ute Hagedorn", Attendance.EXCUSED),
                             ("Kai Brandt", Attendance.ABSENT)):
        meetings.set_attendance(session, meeting_id=meeting.id, contact_id=world[name],
                                attendance=attendance)
    item = meetings.add_item(
        session, meeting_id=meeting.id,
        data={"title": "Ausleihsystem", "presenter_id": world["Jörg Müller"], "minutes": 20,
              "notes": "- Angebot liegt vor\n- Termin offen",
              "subject_kind": RecordKind.PROJECT, "subject_id": world["project"]},
    )
    meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                         text="Wir nehmen Angebot B")
    meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.ACTION,
                         text="Auftrag | erteilen", owner_id=world["Jörg Müller"],
                         due_on=date(2026, 3, 16))
    return meeting


def test_minutes_contain_agenda_attendance_decisions_actions(session, world):
    meeting = _run_a_jour_fixe(session, world)
    minutes = meetings.minutes_markdown(session, meeting_id=meeting.id)
    assert minutes.startswith("# Jour fixe IT\n")
    assert "2026-03-02, 10:00–11:00" in minutes and "Raum 2.14" in minutes
    assert "## Attendance" in minutes
    assert "- **present:** Jörg Müller (KommunalIT)" in minutes
    assert "- **excused:** Ute Hagedorn" in minutes and "- **absent:** Kai Brandt" in minutes
    assert "### 1. Ausleihsystem (Jörg Müller, 20 min)" in minutes
    assert "- Angebot liegt vor" in minutes
    assert "project #" in minutes and "Neues Ausleihsystem" in minutes
    decisions = minutes.split("## Decisions")[1].split("## Actions")[0]
    assert "1. Wir nehmen Angebot B (Ausleihsystem)" in decisions
    actions = minutes.split("## Actions")[1]
    assert "| Auftrag \\| erteilen | Jörg Müller | 2026-03-16 |  |" in actions


def test_minutes_in_german(session, world, german):
    meeting = _run_a_jour_fixe(session, world)
    minutes = meetings.minutes_markdown(session, meeting_id=meeting.id)
    assert "02.03.2026" in minutes and "16.03.2026" in minutes


def test_ics_has_one_event_per_meeting_with_stable_uids(session, world):
    timed = _run_a_jour_fixe(session, world)
    all_day = plan(session, title="Netzwerktreffen, Digitale Kultur", start_time=None,
                   end_time=None, held_on=TODAY + timedelta(days=10),
                   online_url="https://meet.example.org/netz")
    past = plan(session, title="Alt", held_on=TODAY - timedelta(days=1))
    calendar = meetings.ics_text(session, upcoming_from=TODAY)
    assert calendar.count("BEGIN:VEVENT") == 2
    assert f"UID:meeting-{timed.uid}@officer-tui" in calendar
    assert f"UID:meeting-{all_day.uid}@officer-tui" in calendar
    assert f"meeting-{past.uid}@" not in calendar
    assert "DTSTART;TZID=Europe/Berlin:20260302T100000" in calendar
    assert "DTSTART;VALUE=DATE:20260312" in calendar
    assert "SUMMARY:Netzwerktreffen\\, Digitale Kultur" in calendar
    assert all(line.endswith("\r") or not line for line in calendar.split("\n"))
    one = meetings.ics_text(session, meeting_ids=[past.id])
    assert one.count("BEGIN:VEVENT") == 1 and f"UID:meeting-{past.uid}@officer-tui" in one
    again = meetings.ics_text(session, meeting_ids=[past.id])
    assert [ln for ln in one.splitlines() if ln.startswith("UID")] == [
        ln for ln in again.splitlines() if ln.startswith("UID")]


# --- timeline and last contact ------------------------------------------------------------


def test_timeline_and_last_contact_include_meetings(session, world):
    earlier = plan(session, title="Workshop Bibliothek", held_on=TODAY - timedelta(days=10),
                   participant_ids=[world["Ute Hagedorn"], world["Kai Brandt"]])
    later = plan(session, title="Jour fixe", held_on=TODAY - timedelta(days=2),
                 participant_ids=[world["Ute Hagedorn"], world["Kai Brandt"]])
    meetings.set_attendance(session, meeting_id=earlier.id, contact_id=world["Ute Hagedorn"],
                            attendance=Attendance.PRESENT)
    meetings.set_attendance(session, meeting_id=later.id, contact_id=world["Ute Hagedorn"],
                            attendance=Attendance.EXCUSED)
    meetings.set_attendance(session, meeting_id=later.id, contact_id=world["Kai Brandt"],
                            attendance=Attendance.ABSENT)
    entries = timeline.timeline(session, world["Ute Hagedorn"])
    assert [(e.kind, e.title, e.role) for e in entries] == [
        (RecordKind.MEETING, "Jour fixe", "excused"),
        (RecordKind.MEETING, "Workshop Bibliothek", "attended"),
    ]
    # Excused or absent is no contact; attended is.
    assert timeline.last_contact(session, world["Ute Hagedorn"]) == TODAY - timedelta(days=10)
    assert timeline.last_contact(session, world["Kai Brandt"]) == TODAY - timedelta(days=10)
    last = dict(session.execute(timeline.last_contacts(until=TODAY)).all())
    assert last[world["Ute Hagedorn"]] == TODAY - timedelta(days=10)
    assert world["Jörg Müller"] not in last


# --- scale data -----------------------------------------------------------------------------


def test_scale_meetings_are_consistent(session):
    from officer_tui.models.meeting import MeetingParticipant
    from officer_tui.services.meetings import meeting_search_text, outcome_search_text
    from officer_tui.services.seed import seed_scale

    counts = seed_scale(session, count=500, today=TODAY)
    assert counts["meetings"] == 100 and counts["meeting_series"] == 4
    assert counts["agenda_items"] >= 100 and counts["outcomes"] > 0
    stored = session.execute(select(func.count()).select_from(Meeting)).scalar()
    assert stored == 100
    for meeting in session.execute(select(Meeting).limit(20)).scalars():
        titles = session.execute(
            select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        ).scalars()
        assert meeting.search_text == meeting_search_text(
            meeting.title, meeting.place, meeting.notes, titles)
        assert meeting.end_time is None or meeting.end_time > meeting.start_time
    for outcome, item_title, meeting_title in session.execute(
        select(Outcome, AgendaItem.title, Meeting.title)
        .join(AgendaItem, AgendaItem.id == Outcome.item_id)
        .join(Meeting, Meeting.id == Outcome.meeting_id)
    ).all():
        assert outcome.search_text == outcome_search_text(outcome.text, item_title, meeting_title)
        if outcome.kind == OutcomeKind.ACTION:
            followup = session.get(FollowUp, outcome.followup_id)
            assert followup is not None and followup.title == outcome.text
        else:
            assert outcome.followup_id is None
    assert session.execute(select(func.count()).select_from(MeetingParticipant)).scalar() >= 200
    # Every generated meeting reads like one made by the services.
    ids = meetings.ordered_ids(session, MeetingFilter(), today=TODAY)
    assert len(ids) == 100
    detail = meetings.meeting_detail(session, ids[-1])
    assert detail.items and detail.participants
    assert meetings.minutes_markdown(session, meeting_id=ids[-1]).startswith("# ")
