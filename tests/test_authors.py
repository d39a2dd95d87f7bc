"""Who did what: the lists filter by the person who created or changed a record, and tell who
created and who last changed it (services.authors, read from the change history)."""

from __future__ import annotations

import pytest

from officer_tui.models.views import RequestFilter
from officer_tui.services import (
    authors,
    contacts,
    followups,
    goals,
    history,
    ideas,
    projects,
    requests,
    units,
)
from officer_tui.services.history_recorder import NO_HISTORY
from officer_tui.services.idea_views import IdeaFilter
from officer_tui.services.project_views import ProjectFilter
from tests.conftest import TODAY

EVERY = RequestFilter(statuses=None)


def by(name: str) -> RequestFilter:
    return RequestFilter(statuses=None, changed_by=name)


@pytest.fixture
def act(monkeypatch):
    """``act("anna")``: the following changes are Anna's."""

    def as_user(name: str) -> None:
        monkeypatch.setenv("OFFICER_USER", name)

    return as_user


@pytest.fixture
def museum(session, act) -> int:
    act("setup")
    return units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id


def new_request(session, unit: int, title: str) -> int:
    return requests.create_request(session, data={"title": title, "unit_id": unit}, today=TODAY).id


def request_ids(session, filters: RequestFilter) -> set[int]:
    return set(requests.ordered_ids(session, filters=filters, today=TODAY))


def test_requests_are_found_by_who_created_or_changed_them(session, museum, act):
    act("Anna")
    printer = new_request(session, museum, "Drucker defekt")
    laptop = new_request(session, museum, "Laptop für Kasse")
    act("Ben")
    wlan = new_request(session, museum, "WLAN im Foyer")
    requests.triage(session, request_id=printer, priority="urgent", category="Hardware",
                    expected_version=1)

    assert request_ids(session, by("Anna")) == {printer, laptop}
    assert request_ids(session, by("Ben")) == {printer, wlan}  # changed one, created one
    assert requests.count_requests(session, filters=by("Ben"), today=TODAY) == 2
    assert {row.id for row in requests.list_requests(session, filters=by("Ben"), today=TODAY)} == {
        printer, wlan}
    # the whole name, case ignored, trimmed; nobody else's changes
    assert request_ids(session, by("  aNNa ")) == {printer, laptop}
    assert request_ids(session, by("Ann")) == set()
    assert request_ids(session, by("Carla")) == set()
    assert request_ids(session, by("   ")) == {printer, laptop, wlan}  # no filter at all
    # with other filters: both must hold
    both = RequestFilter(statuses=None, changed_by="anna", priority="urgent")
    assert request_ids(session, both) == {printer}


def test_a_request_tells_who_created_it_and_who_changed_it_last(session, museum, act):
    act("Anna")
    printer = new_request(session, museum, "Drucker defekt")
    laptop = new_request(session, museum, "Laptop für Kasse")
    act("Ben")
    requests.triage(session, request_id=printer, priority="high", category="Hardware",
                    expected_version=1)
    act("Carla")
    requests.set_status(session, request_id=printer, status="in_progress", today=TODAY)
    session.info[NO_HISTORY] = True  # as demo data and restores are written
    untracked = new_request(session, museum, "Ohne Verlauf")
    session.info.pop(NO_HISTORY)

    found = authors.authorship(session, table="request", ids=[printer, laptop, untracked])
    assert found[printer].created_by == "Anna" and found[printer].changed_by == "Carla"
    assert found[printer].created_on is not None and found[printer].changed_on is not None
    assert found[laptop].created_by == "Anna" and found[laptop].changed_by is None
    assert untracked not in found  # no history: nothing said, not "unknown"
    assert authors.authorship_of(session, table="request", record_id=untracked) == authors.NOBODY
    assert authors.NOBODY.text() == ""
    text = found[printer].text()
    assert text.startswith("Created by Anna on ") and " · last changed by Carla on " in text
    assert found[laptop].text().startswith("Created by Anna on ")
    assert "changed" not in found[laptop].text()


def test_a_record_created_before_the_history_shows_only_who_changed_it(session, museum, act):
    session.info[NO_HISTORY] = True
    old = new_request(session, museum, "Aus der Zeit vor dem Verlauf")
    session.info.pop(NO_HISTORY)
    act("Ben")
    requests.triage(session, request_id=old, priority="low", category="Website", expected_version=1)
    found = authors.authorship_of(session, table="request", record_id=old)
    assert found.created_by is None and found.changed_by == "Ben"
    assert found.text().startswith("Last changed by Ben on ")
    assert request_ids(session, by("ben")) == {old}


def test_ideas_projects_follow_ups_and_contacts_filter_by_their_people(session, museum, act):
    act("Anna")
    idea = ideas.create_idea(session, data={"title": "Digitale Führung"}, today=TODAY).id
    project = projects.create_project(session, data={"title": "Webshop", "owner_unit_id": museum}).id
    followup = followups.add_followup(session, data={"title": "Nachfragen", "due_on": TODAY}).id
    person = contacts.create_contact(session, data={"name": "Ute Hagedorn", "unit_id": museum}).id
    act("Ben")
    other_idea = ideas.create_idea(session, data={"title": "Audioguide"}, today=TODAY).id
    other_project = projects.create_project(
        session, data={"title": "Kassensystem", "owner_unit_id": museum}).id
    other_followup = followups.add_followup(session, data={"title": "Anrufen", "due_on": TODAY}).id
    other_person = contacts.create_contact(session, data={"name": "Kai Brandt", "unit_id": museum}).id

    every_idea = IdeaFilter(statuses=None)
    assert set(ideas.ordered_ids(session, filters=IdeaFilter(statuses=None, changed_by="anna"))) == {idea}
    assert ideas.count_ideas(session, filters=IdeaFilter(statuses=None, changed_by="BEN")) == 1
    assert len(ideas.ordered_ids(session, filters=every_idea)) == 2
    assert set(projects.ordered_ids(session, filters=ProjectFilter(changed_by="anna"))) == {project}
    assert {row.id for row in projects.list_projects(session, filters=ProjectFilter(changed_by="ben"))} == {
        other_project}
    assert {row.id for row in followups.list_followups(session, changed_by="Anna", today=TODAY)} == {
        followup}
    assert {row.id for row in followups.list_followups(session, changed_by="ben", today=TODAY)} == {
        other_followup}
    assert set(contacts.contact_ids(session, changed_by="anna", today=TODAY)) == {person}
    assert {row.id for row in contacts.list_contacts(session, changed_by="Ben", today=TODAY)} == {
        other_person}
    assert len(contacts.contact_ids(session, changed_by="", today=TODAY)) == 2

    assert authors.authorship_of(session, table="idea", record_id=other_idea).created_by == "Ben"
    assert authors.authorship_of(session, table="contact", record_id=person).created_by == "Anna"
    assert authors.authorship_of(session, table="followup", record_id=followup).created_by == "Anna"


def test_changing_a_projects_goals_changes_the_project(session, museum, act):
    act("Anna")
    project = projects.create_project(session, data={"title": "Webshop", "owner_unit_id": museum}).id
    goal = goals.create_goal(session, code="Z1", title="Digitale Teilhabe").id
    act("Ben")
    projects.update_project(session, project_id=project, changes={"goal_ids": [goal]})
    assert set(projects.ordered_ids(session, filters=ProjectFilter(changed_by="ben"))) == {project}
    found = authors.authorship_of(session, table="project", record_id=project)
    assert (found.created_by, found.changed_by) == ("Anna", "Ben")


def test_deleted_records_are_gone_and_their_number_does_not_carry_their_history(
        session, museum, act):
    act("Anna")
    gone = new_request(session, museum, "Wird zurückgenommen")
    group = history.recent_changes(session, table="request", limit=1)[0].group_uid
    act("Ben")
    history.revert(session, group_uid=group)  # Anna's request is deleted again
    assert gone not in request_ids(session, EVERY)
    assert request_ids(session, by("anna")) == set()
    act("Carla")
    # SQLite hands the number of a deleted last row to the next one: Carla's request may be
    # the same number, and still is nobody's but Carla's.
    fresh = new_request(session, museum, "Neu")
    assert request_ids(session, by("anna")) == set()
    assert request_ids(session, by("ben")) == set()
    assert request_ids(session, by("carla")) == {fresh}
    found = authors.authorship_of(session, table="request", record_id=fresh)
    assert (found.created_by, found.changed_by) == ("Carla", None)


def test_a_deletion_undone_keeps_the_records_creator(session, museum, act):
    act("Anna")
    printer = new_request(session, museum, "Drucker defekt")
    created = history.recent_changes(session, table="request", limit=1)[0].group_uid
    act("Ben")
    history.revert(session, group_uid=created)  # deleted
    deleted = history.recent_changes(session, table="request", limit=1)[0].group_uid
    act("Carla")
    history.revert(session, group_uid=deleted)  # and back again, the same record
    found = authors.authorship_of(session, table="request", record_id=printer)
    assert (found.created_by, found.changed_by) == ("Anna", "Carla")
    assert request_ids(session, by("anna")) == {printer}
    assert request_ids(session, by("ben")) == {printer}


def test_known_users_are_everyone_in_the_history_by_name(session, museum, act):
    act("ben")
    new_request(session, museum, "A")
    act("Anna")
    new_request(session, museum, "B")
    new_request(session, museum, "C")
    act("ANNA")
    new_request(session, museum, "D")
    # one spelling per person (the one most used): the filter ignores case anyway
    assert authors.known_users(session) == ["Anna", "ben", "setup"]
    assert authors.matching_users(session, " anna ") == ["ANNA", "Anna"]
    assert authors.matching_users(session, "") == []
    # one filter finds what either spelling did
    assert len(request_ids(session, by("anna"))) == 3


def test_a_page_of_many_records_is_described_at_once(session, museum, act):
    act("Anna")
    ids = [new_request(session, museum, f"Anfrage {n}") for n in range(12)]
    found = authors.authorship(session, table="request", ids=ids + [99_999])
    assert set(found) == set(ids)
    assert {a.created_by for a in found.values()} == {"Anna"}
    assert authors.authorship(session, table="request", ids=[]) == {}
