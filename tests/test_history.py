"""The change history on a real database (SQLite and PostgreSQL): every kind of record leaves
entries through its service, one group per transaction, who and what; revert (with its
preview, warnings and refusals), redo, the undo list, GDPR erasure and export / import."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from sqlmodel import select

from officer_tui.models.enums import (
    Channel,
    LinkKind,
    MeetingKind,
    OutcomeKind,
    Priority,
    RecordKind,
)
from officer_tui.models.history import Change, ChangeAction
from officer_tui.models.org import Contact, ContactLog
from officer_tui.models.portfolio import ProjectGoal, ProjectLink
from officer_tui.models.request import Request
from officer_tui.services import (
    contacts,
    followups,
    gdpr,
    goals,
    history,
    ideas,
    meeting_reads,
    meetings,
    projects,
    requests,
    trainings,
    units,
)
from officer_tui.services.errors import ValidationError

TODAY = date(2026, 3, 2)


def entries(session, table: str | None = None, record_id: int | None = None) -> list[Change]:
    """The stored entries, oldest first (read afresh)."""
    session.expire_all()
    statement = select(Change).order_by(Change.id)
    if table is not None:
        statement = statement.where(Change.table_name == table)
    if record_id is not None:
        statement = statement.where(Change.record_id == record_id)
    return list(session.exec(statement).all())


def newest_group(session) -> str:
    return entries(session)[-1].group_uid


def group(session, uid: str) -> list[tuple[str, str]]:
    return [(c.table_name, c.action.value) for c in entries(session) if c.group_uid == uid]


@pytest.fixture
def museum(session) -> int:
    return units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id


@pytest.fixture
def person(session, museum) -> int:
    return contacts.create_contact(session, data={
        "name": "Jürgen Müller-Weiß", "unit_id": museum, "email": "jm@example.org",
        "phone": "05555 123", "notes": "mag Kaffee"}).id


# --- recording ---------------------------------------------------------------------------------


def test_a_request_is_recorded_when_created_and_changed(session, museum, monkeypatch):
    monkeypatch.setenv("OFFICER_USER", "Frau Beauftragte")
    request = requests.create_request(
        session, data={"title": "Drucker defekt", "unit_id": museum}, today=TODAY)
    [created] = entries(session, "request")
    assert created.action is ChangeAction.INSERT and created.record_id == request.id
    assert created.user == "Frau Beauftragte" and created.label == "Drucker defekt"
    assert created.record_uid == request.uid
    assert created.values["title"] == "Drucker defekt" and created.values["unit_id"] == museum
    assert created.values["received_on"] == TODAY.isoformat()
    requests.update_request(session, request_id=request.id, changes={
        "title": "Drucker im Foyer defekt", "priority": Priority.URGENT})
    changed = entries(session, "request")[-1]
    assert changed.action is ChangeAction.UPDATE and changed.version == 2
    assert changed.values == {"title": ["Drucker defekt", "Drucker im Foyer defekt"],
                              "priority": ["normal", "urgent"]}
    [view, _created] = history.record_history(session, table="request", record_id=request.id)
    assert view.summary == "Title, Priority" and view.user == "Frau Beauftragte"
    assert [(f.label, f.before, f.after) for f in view.fields] == [
        ("Title", "Drucker defekt", "Drucker im Foyer defekt"), ("Priority", "normal", "urgent")]


def test_derived_columns_are_not_history(session, museum):
    request = requests.create_request(
        session, data={"title": "Drucker defekt", "unit_id": museum}, today=TODAY)
    created = entries(session, "request")[0]
    assert not {"search_text", "urgency", "name_folded"} & set(created.values)
    assert "name_folded" not in entries(session, "orgunit")[0].values
    before = len(entries(session))
    requests.refresh_urgency(session, today=TODAY + timedelta(days=30))  # only urgency moves
    session.commit()
    assert len(entries(session)) == before
    requests.update_request(session, request_id=request.id, changes={"title": "Scanner defekt"})
    assert set(entries(session)[-1].values) == {"title"}


def test_one_group_per_transaction_converting_an_idea(session, museum):
    goal = goals.create_goal(session, code="L1", title="Digitale Teilhabe").id
    idea = ideas.create_idea(session, data={"title": "Tablets im Museum", "unit_id": museum},
                             today=TODAY).id
    ideas.set_goals(session, idea_id=idea, goal_ids=[goal])
    ideas.set_status(session, idea_id=idea, status="accepted")
    project = ideas.convert(session, idea_id=idea)
    uid = newest_group(session)
    assert sorted(group(session, uid)) == [
        ("idea", "update"), ("project", "insert"), ("projectgoal", "insert")]
    statuses = [c.values["status"] for c in entries(session, "idea") if "status" in c.values]
    assert statuses[-1] == ["accepted", "converted"]
    # revert the conversion: the project (and its goal) go, the idea is accepted again
    plan = history.revert_preview(session, group_uid=uid)
    assert plan.ok and len(plan.steps) == 3
    history.revert(session, group_uid=uid)
    session.expire_all()
    assert ideas.project_of(session, idea) is None
    assert ideas.get_idea(session, idea).status == "accepted"
    assert session.get(type(project), project.id) is None
    assert session.exec(select(ProjectGoal)).all() == []
    reverting = [c for c in entries(session) if c.reverts == uid]
    assert {c.group_uid for c in reverting} != {uid} and len({c.group_uid for c in reverting}) == 1


def test_projects_links_and_goals_are_recorded(session, museum):
    one = projects.create_project(session, data={"title": "Digitales Depot", "owner_unit_id": museum})
    two = projects.create_project(session, data={"title": "Online-Sammlung", "owner_unit_id": museum})
    goal = goals.create_goal(session, code="L2", title="Offene Daten").id
    projects.update_project(session, project_id=one.id, changes={"goal_ids": [goal]})
    link = projects.link_projects(session, from_project_id=one.id, to_project_id=two.id,
                                  kind=LinkKind.SYNERGY, note="gemeinsame Datenbank")
    [linked] = entries(session, "projectlink")
    assert linked.action is ChangeAction.INSERT and linked.values["note"] == "gemeinsame Datenbank"
    goal_entries = entries(session, "projectgoal")
    assert goal_entries and goal_entries[-1].values == {"project_id": one.id, "goal_id": goal}
    assert goal_entries[-1].record_id == one.id  # a link row belongs to its owner
    shown = history.record_history(session, table="project", record_id=one.id)
    assert "projectgoal" in {view.table for view in shown}
    projects.unlink(session, link_id=link.id)
    unlinked = entries(session, "projectlink")[-1]
    assert unlinked.action is ChangeAction.DELETE and unlinked.values["uid"] == link.uid
    # revert the unlink: the link is back with the same id and uid
    history.revert(session, group_uid=unlinked.group_uid)
    session.expire_all()
    back = session.get(ProjectLink, link.id)
    assert back is not None and back.uid == link.uid and back.note == "gemeinsame Datenbank"


def test_followups_are_recorded(session, museum, person):
    followup = followups.add_followup(session, data={
        "title": "Angebot nachfassen", "due_on": TODAY + timedelta(days=3), "owner_id": person})
    followups.mark_done(session, followup_id=followup.id, today=TODAY)
    created, done = entries(session, "followup")
    assert created.action is ChangeAction.INSERT and created.values["owner_id"] == person
    assert done.action is ChangeAction.UPDATE
    assert done.values["done_on"] == [None, TODAY.isoformat()]
    view = history.recent_changes(session, table="followup", limit=1)[0]
    assert view.kind == "Follow-up" and view.fields[0].before == "—"


def test_a_meeting_with_participants_agenda_and_outcomes(session, museum, person):
    meeting = meetings.add_meeting(session, data={
        "title": "Jour fixe Museum", "kind": MeetingKind.JOUR_FIXE, "held_on": TODAY,
        "start_time": time(10), "end_time": time(11)})
    meetings.add_participant(session, meeting_id=meeting.id, contact_id=person)
    item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Kassensystem"})
    meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.ACTION,
                         text="Angebote einholen", owner_id=person, due_on=TODAY + timedelta(days=7))
    action = newest_group(session)
    assert sorted(group(session, action)) == [("followup", "insert"), ("outcome", "insert")]
    tables = {view.table for view in history.record_history(session, table="meeting",
                                                             record_id=meeting.id)}
    # the meeting's parts belong to its history: agenda items and outcomes too
    assert tables == {"meeting", "meetingparticipant", "agendaitem", "outcome"}
    counts = _domain_counts(session)
    meetings.delete_meeting(session, meeting_id=meeting.id)
    deleted = newest_group(session)
    assert {t for t, action in group(session, deleted) if action == "delete"} >= {
        "meeting", "meetingparticipant", "agendaitem", "outcome"}
    # revert the delete: everything is back, with the same ids and uids
    plan = history.revert_preview(session, group_uid=deleted)
    assert plan.ok, plan.problems
    history.revert(session, group_uid=deleted)
    session.expire_all()
    assert _domain_counts(session) == counts
    back = meeting_reads.get_meeting(session, meeting.id)
    assert back.uid == meeting.uid and back.title == "Jour fixe Museum"


def _domain_counts(session) -> dict[str, int]:
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    session.expire_all()
    return {
        name: session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in SQLModel.metadata.tables.items()
        if name not in ("change", "appstate", "alembic_version")
    }


def test_a_training_programme_with_targets_sessions_and_enrollments(session, museum, person):
    programme = trainings.add_programme(session, data={
        "title": "KI-Grundlagen", "targets": [(museum, 6)]})
    assert sorted(group(session, newest_group(session))) == [
        ("programmetarget", "insert"), ("trainingprogramme", "insert")]
    training = trainings.add_session(session, data={
        "programme_id": programme.id, "held_on": TODAY + timedelta(days=7), "capacity": 10})
    trainings.enroll(session, session_id=training.id, contact_id=person)
    [enrolled] = entries(session, "enrollment")
    assert enrolled.action is ChangeAction.INSERT and enrolled.values["contact_id"] == person
    counts = _domain_counts(session)
    trainings.delete_programme(session, programme_id=programme.id)
    deleted = newest_group(session)
    assert sorted(group(session, deleted)) == [
        ("enrollment", "delete"), ("programmetarget", "delete"), ("trainingprogramme", "delete"),
        ("trainingsession", "delete")]
    history.revert(session, group_uid=deleted)
    assert _domain_counts(session) == counts
    assert trainings.get_programme(session, programme.id).uid == programme.uid
    targets = trainings.programme_targets(session, programme.id)
    assert len(targets) == 1


def test_contacts_logs_units_and_goals_are_recorded(session, museum, person):
    contacts.update_contact(session, contact_id=person, changes={"role": "Kasse"})
    log = contacts.log_contact(session, contact_id=person, channel=Channel.PHONE,
                               note="Rückruf wegen Kasse", today=TODAY)
    units.update_unit(session, unit_id=museum, changes={"headcount": 12})
    goal = goals.create_goal(session, code="L3", title="Verwaltung digital")
    goals.update_goal(session, goal_id=goal.id, changes={"title": "Verwaltung ganz digital"})
    assert entries(session, "contact")[-1].values == {"role": ["", "Kasse"]}
    assert entries(session, "contactlog", log.id)[0].values["note"] == "Rückruf wegen Kasse"
    assert entries(session, "orgunit")[-1].values["headcount"][1] == 12
    assert entries(session, "strategicgoal")[-1].values["title"] == [
        "Verwaltung digital", "Verwaltung ganz digital"]
    kinds = {view.kind for view in history.recent_changes(session)}
    assert {"Contact", "Logged contact", "Unit", "Strategic goal"} <= kinds


# --- revert ------------------------------------------------------------------------------------


@pytest.fixture
def printer(session, museum) -> int:
    return requests.create_request(
        session, data={"title": "Drucker defekt", "unit_id": museum}, today=TODAY).id


def test_revert_an_update_sets_fields_back_and_search_finds_the_old_title(session, printer):
    from officer_tui.services.search import search

    calm = session.get(Request, printer).urgency
    requests.update_request(session, request_id=printer, changes={"title": "Scanner kaputt",
                                                                  "priority": Priority.URGENT})
    uid = newest_group(session)
    assert session.get(Request, printer).urgency > calm
    assert [hit.record_id for hit in search(session, "Scanner").hits] == [printer]
    plan = history.revert_preview(session, group_uid=uid)
    [step] = plan.steps
    assert step.what == "Set 2 fields back" and not step.problem and plan.changed_since == 0
    assert [(f.label, f.now, f.becomes) for f in step.fields] == [
        ("Title", "Scanner kaputt", "Drucker defekt"), ("Priority", "urgent", "normal")]
    history.revert(session, group_uid=uid)
    session.expire_all()
    request = session.get(Request, printer)
    assert (request.title, request.priority) == ("Drucker defekt", Priority.NORMAL)
    assert "drucker" in request.search_text and "scanner" not in request.search_text
    assert request.urgency == calm  # recomputed, not taken from the history
    assert [hit.record_id for hit in search(session, "Drucker").hits] == [printer]
    assert search(session, "Scanner").hits == []
    undo = entries(session)[-1]
    assert undo.reverts == uid and undo.values["title"] == ["Scanner kaputt", "Drucker defekt"]


def test_a_field_changed_since_is_named_and_still_set_back(session, printer):
    requests.update_request(session, request_id=printer, changes={"title": "Drucker Foyer"})
    uid = newest_group(session)
    requests.update_request(session, request_id=printer, changes={"title": "Drucker Foyer links"})
    plan = history.revert_preview(session, group_uid=uid)
    [field] = plan.steps[0].fields
    assert field.changed_since and field.now == "Drucker Foyer links" and plan.changed_since == 1
    history.revert(session, group_uid=uid)
    session.expire_all()
    assert session.get(Request, printer).title == "Drucker defekt"
    # already as before now: nothing to do, and revert says so
    again = history.revert_preview(session, group_uid=uid)
    assert again.nothing_to_do
    with pytest.raises(ValidationError, match="nothing to undo"):
        history.revert(session, group_uid=uid)


def test_revert_a_creation_deletes_and_a_revert_of_that_brings_it_back(session, printer):
    created = newest_group(session)
    uid = session.get(Request, printer).uid
    history.revert(session, group_uid=created)
    session.expire_all()
    assert session.get(Request, printer) is None
    deleted = entries(session, "request")[-1]
    assert deleted.action is ChangeAction.DELETE and deleted.reverts == created
    # redo: revert the revert; the request is back with its id, uid and title
    history.revert(session, group_uid=deleted.group_uid)
    session.expire_all()
    back = session.get(Request, printer)
    assert back is not None and back.uid == uid and back.title == "Drucker defekt"
    assert back.search_text and "drucker" in back.search_text


def test_refused_when_another_record_refers_to_the_one_to_delete(session, museum, printer):
    unit_group = entries(session, "orgunit", museum)[0].group_uid
    plan = history.revert_preview(session, group_uid=unit_group)
    assert not plan.ok
    assert plan.problems == [f"Unit #{museum}: 1 other record refers to it"]
    before = _domain_counts(session)
    with pytest.raises(ValidationError, match="refers to it"):
        history.revert(session, group_uid=unit_group)
    assert _domain_counts(session) == before


def test_refused_when_the_number_is_taken(session, museum, backend):
    one = projects.create_project(session, data={"title": "Depot", "owner_unit_id": museum}).id
    two = projects.create_project(session, data={"title": "Sammlung", "owner_unit_id": museum}).id
    link = projects.link_projects(session, from_project_id=one, to_project_id=two,
                                  kind=LinkKind.SYNERGY)
    projects.unlink(session, link_id=link.id)
    unlinked = newest_group(session)
    if backend == "sqlite":
        again = projects.link_projects(session, from_project_id=one, to_project_id=two,
                                       kind=LinkKind.DEPENDS_ON)
        assert again.id == link.id  # SQLite hands out the freed number again
    else:  # PostgreSQL's sequence never does; rows written with their ids (a restore) may
        assert projects.link_projects(session, from_project_id=one, to_project_id=two,
                                      kind=LinkKind.DEPENDS_ON).id > link.id
        session.add(ProjectLink(id=link.id, from_project_id=two, to_project_id=one,
                                kind=LinkKind.REPLICATES))
        session.commit()
    plan = history.revert_preview(session, group_uid=unlinked)
    assert plan.problems == [f"Project link #{link.id}: its number is taken by another record"]
    with pytest.raises(ValidationError, match="number is taken"):
        history.revert(session, group_uid=unlinked)


def test_revert_of_a_change_to_a_deleted_record_is_refused(session, museum, person):
    meeting = meetings.add_meeting(session, data={
        "title": "Workshop", "kind": MeetingKind.WORKSHOP, "held_on": TODAY})
    meetings.update_meeting(session, meeting_id=meeting.id, changes={"title": "Workshop KI"})
    renamed = newest_group(session)
    meetings.delete_meeting(session, meeting_id=meeting.id)
    plan = history.revert_preview(session, group_uid=renamed)
    assert plan.problems == [f"Meeting #{meeting.id}: it no longer exists"]


def test_the_undo_list_walks_back_and_skips_what_was_undone(database, session, printer):
    first = newest_group(session)
    requests.update_request(session, request_id=printer, changes={"title": "A"})
    second = newest_group(session)
    requests.update_request(session, request_id=printer, changes={"title": "B"})
    third = newest_group(session)
    assert database.last_undoable() == third
    history.revert(session, group_uid=second)  # from the history, not the newest
    assert database.last_undoable() == third
    history.revert(session, group_uid=third)
    assert database.last_undoable() == first  # the second was undone already
    history.revert(session, group_uid=first)
    assert database.last_undoable() != first
    session.expire_all()
    assert session.get(Request, printer) is None


# --- GDPR --------------------------------------------------------------------------------------


def test_erasure_leaves_no_personal_data_in_the_history(session, museum, person):
    contacts.update_contact(session, contact_id=person, changes={
        "email": "juergen@example.org", "phone": "0170 999"})
    log = contacts.log_contact(session, contact_id=person, channel=Channel.PHONE,
                               note="Rückruf wegen Kasse", today=TODAY).id
    contacts.log_contact(session, contact_id=person, channel=Channel.MAIL,
                         note="Geheime Notiz zur Kasse", today=TODAY)
    requests.create_request(session, data={"title": "Kassendrucker", "unit_id": museum,
                                           "requester_id": person}, today=TODAY)
    assert session.get(ContactLog, log) is not None
    gdpr.erase_person(session, contact_id=person)
    secrets = ["Jürgen", "Müller-Weiß", "jm@example.org", "juergen@example.org", "05555 123",
               "0170 999", "mag Kaffee", "Rückruf wegen Kasse", "Geheime Notiz", "jurgen"]
    for change in entries(session):
        stored = json.dumps(change.values, ensure_ascii=False) + change.label
        for secret in secrets:
            assert secret not in stored, (change.table_name, change.action, secret)
    erasure = entries(session, "contact", person)
    assert [(c.action, c.values, c.label) for c in erasure] == [(ChangeAction.ERASE, {}, "")]
    views = history.record_history(session, table="contact", record_id=person)
    assert [view.action_text for view in views] == ["erased (GDPR)"]
    # the request's history names the requester only as "erased person"
    [request_view] = history.recent_changes(session, table="request")
    shown = {f.label: f.after for f in request_view.fields}
    assert shown["Requester"] == "erased person"
    plan = history.revert_preview(session, group_uid=erasure[0].group_uid)
    assert not plan.ok and "cannot be undone" in plan.problems[0]
    assert session.get(Contact, person).name == ""


# --- export and import -------------------------------------------------------------------------


def test_a_restore_brings_the_history_and_a_merge_does_not(session, printer, tmp_path,
                                                            other_db_url):
    from officer_tui.services.database import open_database
    from officer_tui.services.exchange import export_json, import_json

    requests.update_request(session, request_id=printer, changes={"title": "Scanner"})
    stored = [(c.uid, c.table_name, c.action, c.values) for c in entries(session)]
    path = tmp_path / "export.json"
    export_json(session, path=path)
    fresh = open_database(other_db_url("fresh.db"))
    try:
        with fresh.session() as other:
            import_json(other, path=path)
            assert [(c.uid, c.table_name, c.action, c.values) for c in entries(other)] == stored
            assert fresh.last_undoable() is None  # a restore is nobody's change to undo
            # the restored history still reverts
            history.revert(other, group_uid=entries(other, "request")[-1].group_uid)
            other.expire_all()
            assert other.get(Request, printer).title == "Drucker defekt"
    finally:
        fresh.close()
    busy = open_database(other_db_url("busy.db"))
    try:
        with busy.session() as other:
            units.create_unit(other, data={"name": "Eigenes Amt"})
            own = [c.uid for c in entries(other)]
            import_json(other, path=path)
            assert [c.uid for c in entries(other)] == own  # merged: no foreign history
    finally:
        busy.close()


@pytest.mark.parametrize("referrer", ["followup", "meetinglink", "agendaitem"])
def test_refused_when_a_record_refers_to_it_by_kind_and_number(session, printer, referrer):
    created = newest_group(session)
    if referrer == "followup":
        followups.add_followup(session, data={
            "title": "Nachfassen", "due_on": TODAY, "subject_kind": RecordKind.REQUEST,
            "subject_id": printer})
    else:
        meeting = meetings.add_meeting(session, data={
            "title": "Jour fixe", "kind": MeetingKind.JOUR_FIXE, "held_on": TODAY,
            "links": [(RecordKind.REQUEST, printer)] if referrer == "meetinglink" else []})
        if referrer == "agendaitem":
            meetings.add_item(session, meeting_id=meeting.id, data={
                "title": "Drucker", "subject_kind": RecordKind.REQUEST, "subject_id": printer})
    plan = history.revert_preview(session, group_uid=created)
    assert plan.problems == [f"Request #{printer}: 1 other record refers to it"]


def test_link_rows_revert_by_their_key(session, museum, person):
    from officer_tui.models.enums import Attendance
    from officer_tui.models.meeting import MeetingParticipant
    from officer_tui.models.portfolio import IdeaGoal

    first = goals.create_goal(session, code="A1", title="Eins").id
    second = goals.create_goal(session, code="A2", title="Zwei").id
    idea = ideas.create_idea(session, data={"title": "Chatbot"}, today=TODAY).id
    ideas.set_goals(session, idea_id=idea, goal_ids=[first])
    ideas.set_goals(session, idea_id=idea, goal_ids=[second])
    replaced = newest_group(session)
    assert sorted(group(session, replaced)) == [("ideagoal", "delete"), ("ideagoal", "insert")]
    history.revert(session, group_uid=replaced)
    session.expire_all()
    assert [g.goal_id for g in session.exec(select(IdeaGoal)).all()] == [first]

    meeting = meetings.add_meeting(session, data={
        "title": "Jour fixe", "kind": MeetingKind.JOUR_FIXE, "held_on": TODAY})
    meetings.add_participant(session, meeting_id=meeting.id, contact_id=person)
    meetings.set_attendance(session, meeting_id=meeting.id, contact_id=person,
                            attendance=Attendance.PRESENT)
    marked = entries(session, "meetingparticipant")[-1]
    assert marked.values["attendance"] == ["invited", "present"]
    history.revert(session, group_uid=marked.group_uid)
    session.expire_all()
    participant = session.get(MeetingParticipant, (meeting.id, person))
    assert participant.attendance == Attendance.INVITED
