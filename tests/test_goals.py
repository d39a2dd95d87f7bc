"""Strategic goals: capture, unique codes, counts, goals without a project."""

from __future__ import annotations

import pytest

from officer_tui.models.enums import IdeaStatus
from officer_tui.services import goals, ideas
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY


def test_goals_with_counts_and_without_project(session):
    a = goals.create_goal(session, code="HF1.2", title="Abläufe digital").id
    b = goals.create_goal(session, code="HF2.1", title="Erbe zugänglich").id
    c = goals.create_goal(session, code="HF3.1", title="Offene Daten").id
    idea = ideas.create_idea(session, data={"title": "Idee", "goal_ids": [a, b]}, today=TODAY)
    ideas.create_idea(session, data={"title": "Zweite", "goal_ids": [b]}, today=TODAY)
    ideas.set_status(session, idea_id=idea.id, status=IdeaStatus.ACCEPTED)
    ideas.convert(session, idea_id=idea.id)  # the project serves a and b
    rows = {row.code: (row.ideas, row.projects) for row in goals.list_goals(session)}
    assert rows == {"HF1.2": (1, 1), "HF2.1": (2, 1), "HF3.1": (0, 0)}
    assert [row.id for row in goals.list_goals(session, without_project=True)] == [c]


@pytest.mark.parametrize("code, title, field", [
    ("", "Titel", "code"), ("HF1", " ", "title"), ("X" * 21, "Titel", "code"),
])
def test_bad_goals_are_refused(session, code, title, field):
    with pytest.raises(ValidationError) as error:
        goals.create_goal(session, code=code, title=title)
    assert error.value.field == field


def test_codes_are_unique_case_blind(session):
    goals.create_goal(session, code="HF1.2", title="A")
    with pytest.raises(ValidationError, match="exists already"):
        goals.create_goal(session, code="hf1.2", title="B")
    assert len(goals.list_goals(session)) == 1


def test_find_goal_suggests(session):
    goals.create_goal(session, code="HF1.2", title="A")
    assert goals.find_goal(session, "hf1.2").code == "HF1.2"
    with pytest.raises(ValidationError, match="did you mean: HF1.2"):
        goals.find_goal(session, "HF1.3")


def test_linking_unknown_goal_is_refused(session):
    idea = ideas.create_idea(session, data={"title": "Idee"}, today=TODAY)
    with pytest.raises(ValidationError) as error:
        ideas.set_goals(session, idea_id=idea.id, goal_ids=[42])
    assert error.value.field == "goal"
