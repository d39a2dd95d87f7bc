"""Projects: validation, links both ways, filters, grouped counts and sums."""

from __future__ import annotations

from datetime import timedelta

import pytest

from officer_tui.i18n import format_money, set_language
from officer_tui.models.enums import Funding, LinkKind, ProjectPhase, TrafficLight
from officer_tui.services import projects
from officer_tui.services.errors import ValidationError
from officer_tui.services.project_views import ProjectFilter
from tests.conftest import TODAY
from tests.portfolio_fixtures import make_portfolio


@pytest.fixture
def p(session):
    return make_portfolio(session)


def ids(session, **filters) -> list[int]:
    return list(projects.ordered_ids(session, filters=ProjectFilter(**filters), today=TODAY))


def refused(call, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in [f for f, _m in caught.value.problems]
    return caught.value


def test_money_is_formatted_per_language():
    assert format_money(45000) == "€45,000"
    set_language("de")
    assert format_money(45000) == "45.000 €"
    assert format_money(None) == ""


def test_bad_input_is_refused_and_nothing_written(session, p):
    before = projects.count_projects(session)
    refused(lambda: projects.create_project(session, data={"title": " ", "owner_unit_id": p["museum"]}), "title")
    refused(lambda: projects.create_project(session, data={"title": "X"}), "unit")
    refused(lambda: projects.create_project(session, data={"title": "X", "owner_unit_id": 999}), "unit")
    refused(lambda: projects.create_project(session, data={
        "title": "X", "owner_unit_id": p["museum"], "funding_amount": -1}), "amount")
    refused(lambda: projects.create_project(session, data={
        "title": "X", "owner_unit_id": p["museum"], "start_on": TODAY,
        "end_on": TODAY - timedelta(days=1)}), "end")
    refused(lambda: projects.create_project(session, data={
        "title": "X", "owner_unit_id": p["museum"], "goal_ids": [999]}), "goal")
    refused(lambda: projects.create_project(session, data={
        "title": "X", "owner_unit_id": p["museum"], "traffic_light": "at_risk"}), "note")
    assert projects.count_projects(session) == before


def test_update_checks_dates_against_stored_ones(session, p):
    refused(lambda: projects.update_project(session, project_id=p["collection"], changes={
        "end_on": TODAY - timedelta(days=200)}), "end")
    project = projects.update_project(session, project_id=p["collection"], changes={
        "goal_ids": [p["data_goal"]], "funding_amount": 50_000})
    assert project.funding_amount == 50_000
    assert projects.goal_ids_of(session, p["collection"]) == [p["data_goal"]]


def test_links_are_refused_to_itself_and_twice(session, p):
    refused(lambda: projects.link_projects(session, from_project_id=p["collection"],
                                           to_project_id=p["collection"], kind="synergy"), "to")
    projects.link_projects(session, from_project_id=p["collection"], to_project_id=p["photos"],
                           kind=LinkKind.SYNERGY, note="gemeinsam ausschreiben")
    refused(lambda: projects.link_projects(session, from_project_id=p["collection"],
                                           to_project_id=p["photos"], kind="synergy"), "to")
    refused(lambda: projects.link_projects(session, from_project_id=p["photos"],
                                           to_project_id=p["collection"], kind="synergy"), "to")
    refused(lambda: projects.link_projects(session, from_project_id=p["photos"],
                                           to_project_id=999, kind="synergy"), "to")


def test_links_show_from_both_ends(session, p):
    projects.link_projects(session, from_project_id=p["photos"], to_project_id=p["collection"],
                           kind=LinkKind.DEPENDS_ON, note="braucht die Plattform")
    mine = projects.project_detail(session, p["photos"]).links
    theirs = projects.project_detail(session, p["collection"]).links
    assert [(link.label, link.other_id, link.note) for link in mine] == [
        ("depends on", p["collection"], "braucht die Plattform")]
    assert [(link.label, link.other_id) for link in theirs] == [("is needed by", p["photos"])]
    refused(lambda: projects.link_projects(session, from_project_id=p["collection"],
                                           to_project_id=p["photos"], kind="depends_on"), "to")


def test_detail_resolves_names_goals_and_followups(session, p):
    from officer_tui.models.enums import RecordKind
    from officer_tui.models.portfolio import FollowUp

    session.add(FollowUp(title="Nachweis einreichen", due_on=TODAY, subject_kind=RecordKind.PROJECT,
                         subject_id=p["collection"]))
    session.commit()
    detail = projects.project_detail(session, p["collection"])
    assert detail.unit_name == "Stadtmuseum"
    assert detail.lead_name == "Miriam Osterkamp"
    assert [code for _i, code, _t in detail.goals] == ["L1", "L3"]
    assert [title for _i, title, _d, _x in detail.followups] == ["Nachweis einreichen"]


def test_filters_by_phase_funding_light_unit_goal_and_proof_of_use(session, p):
    assert ids(session, phase=ProjectPhase.PLANNED) == [p["photos"], p["twin"]]
    assert ids(session, funding=Funding.FUNDED) == [p["lending"], p["collection"]]
    assert ids(session, traffic_light=TrafficLight.AT_RISK) == [p["collection"]]
    assert set(ids(session, unit_id=p["culture"])) == {p["collection"], p["photos"], p["twin"]}
    assert set(ids(session, goal_id=p["data_goal"])) == {p["collection"], p["photos"]}
    assert ids(session, proof_due_days=60) == [p["collection"]]
    assert ids(session, proof_due_days=10) == []
    assert ids(session, text="fotografien") == [p["photos"]]
    assert ids(session, text="osterkamp") == [p["collection"]]
    assert ids(session, field_of_action="Zivilgesellschaft und Teilhabe") == [p["lending"]]


def test_list_puts_off_track_and_at_risk_first(session, p):
    assert ids(session)[:2] == [p["lending"], p["collection"]]


def test_grouped_counts_and_sums(session, p):
    cells = {(c.field_of_action, c.phase): c for c in projects.portfolio_cells(session)}
    planned = cells[("Daten", ProjectPhase.PLANNED)]
    assert (planned.count, planned.funded, planned.applied) == (2, 0, 28_000)
    running = cells[("Daten", ProjectPhase.IN_IMPLEMENTATION)]
    assert (running.count, running.funded, running.lights[TrafficLight.AT_RISK]) == (1, 45_000, 1)
    assert sum(c.count for c in cells.values()) == 4
    rows = projects.cell_projects(session, field_of_action="Daten", phase=ProjectPhase.PLANNED)
    assert [r.id for r in rows] == [p["photos"], p["twin"]]


def test_traffic_light_and_phase(session, p):
    refused(lambda: projects.set_traffic_light(session, project_id=p["twin"], light="off_track",
                                               note=""), "note")
    project = projects.set_traffic_light(session, project_id=p["twin"], light="off_track",
                                         note="Kein Personal")
    assert (project.traffic_light, project.traffic_note) == (TrafficLight.OFF_TRACK, "Kein Personal")
    assert projects.set_phase(session, project_id=p["twin"], phase="on_hold").phase == ProjectPhase.ON_HOLD


def test_find_goal_and_projects(session, p):
    assert projects.find_goal(session, "l3").id == p["data_goal"]
    refused(lambda: projects.find_goal(session, "L9"), "goal")
    found = projects.find_projects(session, "sammlung", exclude=p["twin"])
    assert {row[0] for row in found} == {p["collection"], p["photos"]}
    assert projects.find_projects(session, f"#{p['lending']}")[0][0] == p["lending"]
