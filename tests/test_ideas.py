"""Ideas: capture, score and weights, ranking, status transitions, convert, similar()."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from sqlalchemy import select

from officer_tui.models.enums import IDEA_TRANSITIONS, IdeaStatus, ProjectPhase
from officer_tui.models.portfolio import Idea, Project, ProjectGoal
from officer_tui.services import goals, ideas, units
from officer_tui.services.errors import ValidationError
from officer_tui.services.idea_views import DEFAULT_WEIGHTS, IdeaFilter, IdeaSort
from tests.conftest import TODAY


@pytest.fixture
def museum(session) -> int:
    return units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id


def new(session, title="Idee", **extra) -> Idea:
    return ideas.create_idea(session, data={"title": title, **extra}, today=TODAY)


def rate(session, idea_id, b, e, s, r):
    return ideas.assess(session, idea_id=idea_id, benefit=b, effort=e, strategic_fit=s, reach=r)


def test_capture_defaults_and_search_text(session, museum):
    idea = new(session, "Tablets für Schüler", unit_id=museum, description="Ausleihe")
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.submitted_on == TODAY
    assert idea.search_text == "tablets fur schuler\nausleihe"


@pytest.mark.parametrize("data, field", [
    ({"title": "  "}, "title"),
    ({"title": "x", "unit_id": 999}, "unit"),
    ({"title": "x", "submitter_id": 999}, "submitter"),
    ({"title": "x", "submitted_on": TODAY + timedelta(days=1)}, "submitted"),
])
def test_capture_refuses_bad_input(session, data, field):
    with pytest.raises(ValidationError) as error:
        ideas.create_idea(session, data=data, today=TODAY)
    assert error.value.field == field
    assert session.execute(select(Idea)).first() is None


def test_score_extremes_and_default_weights():
    w = DEFAULT_WEIGHTS
    assert ideas.score(benefit=1, effort=5, strategic_fit=1, reach=1, weights=w) == 0
    assert ideas.score(benefit=5, effort=1, strategic_fit=5, reach=5, weights=w) == 100
    # points 4, 3, 3, 2 weighted 3, 2, 3, 2: 31 of 40 -> 77.5 -> 78
    assert ideas.score(benefit=5, effort=2, strategic_fit=4, reach=3, weights=w) == 78
    assert ideas.score(benefit=None, effort=2, strategic_fit=4, reach=3, weights=w) is None


def test_sql_score_matches_python(session):
    weights = {"benefit": 3, "effort": 1, "strategic_fit": 0, "reach": 7}
    ideas.set_weights(session, values=weights)
    combos = list(product(range(1, 6), repeat=4))[::7]
    for combo in combos:
        rate(session, new(session).id, *combo)
    rows = ideas.list_ideas(session, filters=IdeaFilter(statuses=None))
    stored = {i.id: i for i in session.execute(select(Idea)).scalars()}
    for row in rows:
        idea = stored[row.id]
        assert row.score == ideas.score(benefit=idea.benefit, effort=idea.effort,
                                        strategic_fit=idea.strategic_fit, reach=idea.reach,
                                        weights=weights)


@pytest.mark.parametrize("value", [0, 6, -1, None, "x", 2.5])
def test_assessment_out_of_range_is_refused(session, value):
    idea = new(session)
    with pytest.raises(ValidationError) as error:
        rate(session, idea.id, value, 3, 3, 3)
    assert error.value.field == "benefit"
    assert ideas.get_idea(session, idea.id).benefit is None


def test_assessing_moves_submitted_into_review(session):
    idea = rate(session, new(session).id, 4, 2, 4, 3)
    assert idea.status == IdeaStatus.IN_REVIEW


def test_ranking_best_first_unassessed_last_and_weights_rerank(session):
    cheap = new(session, "Günstig").id
    big = new(session, "Groß").id
    unrated = new(session, "Offen").id
    rate(session, cheap, 2, 1, 2, 2)  # little effort
    rate(session, big, 5, 5, 4, 4)  # great benefit, great effort
    assert list(ideas.ordered_ids(session)) == [big, cheap, unrated]
    ideas.set_weights(session, values={"benefit": 0, "strategic_fit": 0, "reach": 0, "effort": 10})
    assert list(ideas.ordered_ids(session)) == [cheap, big, unrated]
    assert ideas.weights(session)["effort"] == 10
    assert list(ideas.ordered_ids(session, sort=IdeaSort.SUBMITTED)) == [unrated, big, cheap]


@pytest.mark.parametrize("values", [{"benefit": 11}, {"reach": -1}, {"effort": 2.5},
                                    {"benefit": 0, "effort": 0, "strategic_fit": 0, "reach": 0},
                                    {"cost": 2}])
def test_bad_weights_are_refused(session, values):
    with pytest.raises(ValidationError):
        ideas.set_weights(session, values=values)
    assert ideas.weights(session) == DEFAULT_WEIGHTS


ALL_PAIRS = [(a, b) for a in IdeaStatus for b in IdeaStatus if a != b and b != IdeaStatus.CONVERTED]


def _put(session, idea_id, status):
    idea = session.get(Idea, idea_id)
    idea.status = status
    session.add(idea)
    session.commit()


@pytest.mark.parametrize("old, new_status", ALL_PAIRS)
def test_every_status_transition(session, old, new_status):
    idea = new(session)
    _put(session, idea.id, old)
    allowed = new_status in IDEA_TRANSITIONS[old]
    if allowed:
        moved = ideas.set_status(session, idea_id=idea.id, status=new_status, reason="weil")
        assert moved.status == new_status
    else:
        with pytest.raises(ValidationError) as error:
            ideas.set_status(session, idea_id=idea.id, status=new_status, reason="weil")
        assert error.value.field == "status"
        assert ideas.get_idea(session, idea.id).status == old


def test_rejecting_needs_a_reason(session):
    idea = new(session)
    with pytest.raises(ValidationError) as error:
        ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.REJECTED, reason="  ")
    assert error.value.field == "reason"
    rejected = ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.REJECTED,
                                reason="Zu teuer")
    assert rejected.status_reason == "Zu teuer"


def test_converted_only_through_convert(session):
    idea = new(session)
    _put(session, idea.id, IdeaStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.CONVERTED)


def test_convert_carries_data_and_links_both_ways(session, museum):
    goal_a = goals.create_goal(session, code="HF1.2", title="Abläufe digital").id
    goal_b = goals.create_goal(session, code="HF2.1", title="Erbe zugänglich").id
    idea = new(session, "3D-Sammlung", unit_id=museum, description="Scans",
               field_of_action="Kultur", goal_ids=[goal_a, goal_b])
    ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.ACCEPTED)
    project = ideas.convert(session, idea_id=idea.id)
    assert (project.title, project.description, project.owner_unit_id, project.field_of_action,
            project.phase, project.source_idea_id) == (
        "3D-Sammlung", "Scans", museum, "Kultur", ProjectPhase.PLANNED, idea.id)
    assert sorted(session.execute(select(ProjectGoal.goal_id).where(
        ProjectGoal.project_id == project.id)).scalars()) == [goal_a, goal_b]
    detail = ideas.idea_detail(session, idea.id)
    assert detail.idea.status == IdeaStatus.CONVERTED
    assert detail.project_id == project.id
    assert ideas.project_of(session, idea.id).id == project.id


def test_convert_twice_or_unaccepted_is_refused(session):
    idea = new(session)
    with pytest.raises(ValidationError, match="accepted"):
        ideas.convert(session, idea_id=idea.id)
    ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.ACCEPTED)
    ideas.convert(session, idea_id=idea.id)
    with pytest.raises(ValidationError, match="already converted"):
        ideas.convert(session, idea_id=idea.id)
    assert len(session.execute(select(Project)).all()) == 1


def test_similar_finds_ideas_and_projects_by_shared_words(session):
    tablets = new(session, "Tablets zur Ausleihe in der Bibliothek").id
    new(session, "Papierlose Sitzungen")
    scanner = new(session, "Scanner für das Archiv", description="Ausleihe von Scannern").id
    accepted = new(session, "Digitale Ausleihe von E-Books")
    ideas.set_status(session, idea_id=accepted.id, status=IdeaStatus.ACCEPTED)
    project = ideas.convert(session, idea_id=accepted.id)
    found = ideas.similar(session, title="Ausleihe von Tablets für die Bibliothek")
    assert [(f.kind.value, f.id) for f in found][:1] == [("idea", tablets)]
    assert {("project", project.id), ("idea", scanner)} <= {(f.kind.value, f.id) for f in found}
    assert found[0].overlap == 3  # ausleihe, tablets, bibliothek
    assert ideas.similar(session, title="die und der für") == []  # stop words, short words
    assert ideas.similar(session, title="Tablets", exclude_idea_id=tablets) == []


def test_significant_words():
    words = ideas.significant_words("Die neue Übersicht für alle Häuser der Stadt 2026")
    assert words == ["ubersicht", "hauser", "stadt"]


def test_filters(session, museum):
    goal = goals.create_goal(session, code="HF3", title="Daten").id
    a = new(session, "Offene Daten", unit_id=museum, field_of_action="Daten", goal_ids=[goal]).id
    b = new(session, "Andere Idee").id
    rate(session, b, 3, 3, 3, 3)
    assert list(ideas.ordered_ids(session, filters=IdeaFilter(unit_id=museum))) == [a]
    assert list(ideas.ordered_ids(session, filters=IdeaFilter(field_of_action="Daten"))) == [a]
    assert list(ideas.ordered_ids(session, filters=IdeaFilter(goal_id=goal))) == [a]
    assert list(ideas.ordered_ids(session, filters=IdeaFilter(unassessed=True))) == [a]
    assert list(ideas.ordered_ids(session, filters=IdeaFilter(text="OFFENE"))) == [a]
    ideas.set_status(session, idea_id=a, status=IdeaStatus.REJECTED, reason="nein")
    assert list(ideas.ordered_ids(session)) == [b]
    assert set(ideas.ordered_ids(session, filters=IdeaFilter(statuses=None))) == {a, b}
    assert ideas.count_ideas(session, filters=IdeaFilter(statuses=None)) == 2


def test_feed_has_the_six_timeline_columns(session):
    from officer_tui.services import contacts
    from officer_tui.services.timeline import COLUMNS

    unit = units.create_unit(session, data={"name": "Bib", "kind": "library"}).id
    person = contacts.create_contact(session, data={"name": "Ute", "unit_id": unit}).id
    idea = new(session, "Idee von Ute", submitter_id=person)
    result = session.execute(ideas.ideas_feed())
    assert tuple(result.keys()) == COLUMNS
    assert result.all() == [(person, TODAY, "idea", idea.id, "Idee von Ute", "brought idea")]
