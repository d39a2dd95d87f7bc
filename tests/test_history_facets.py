"""The two helpers the change-history screens use: the filter choices and "does it still exist"."""

from __future__ import annotations

from officer_tui.services import history, requests, units


def test_change_facets_name_the_users_and_kinds_with_changes(database, monkeypatch):
    monkeypatch.setenv("OFFICER_USER", "anna")
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})
    monkeypatch.setenv("OFFICER_USER", "ben")
    with database.session() as session:
        requests.create_request(session, data={"title": "Drucker", "unit_id": museum.id})
    with database.session() as session:
        users, tables = history.change_facets(session)
    assert users == ["anna", "ben"]
    assert tables == ["request", "orgunit"]  # by their names: "Request" before "Unit"


def test_record_exists_follows_the_record(database):
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})
    with database.session() as session:
        assert history.record_exists(session, table="orgunit", record_id=museum.id)
        assert not history.record_exists(session, table="orgunit", record_id=museum.id + 1)
        assert not history.record_exists(session, table="no_such_table", record_id=1)
        group = history.recent_changes(session, table="orgunit")[0].group_uid
    with database.session() as session:
        history.revert(session, group_uid=group)  # the unit's creation undone: it is gone
    with database.session() as session:
        assert not history.record_exists(session, table="orgunit", record_id=museum.id)


def test_a_link_row_belongs_to_its_owner():
    assert history.owner_table("meetingparticipant") == "meeting"
    assert history.owner_table("ideagoal") == "idea"
    assert history.owner_table("request") == "request"
