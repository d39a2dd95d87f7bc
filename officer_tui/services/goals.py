"""Strategic goals: the guidelines of the digital strategy that ideas and projects serve."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.models.portfolio import IdeaGoal, ProjectGoal, StrategicGoal
from officer_tui.services._common import check_version, clean, get_or_404, scrub, transactional
from officer_tui.services.errors import ValidationError
from officer_tui.text import closest, fold


@dataclass(frozen=True)
class GoalRow:
    id: int
    code: str
    title: str
    description: str
    ideas: int
    projects: int
    version: int


def _checked(session: Session, fields: dict, *, own_id: int | None = None) -> dict:
    scrub(fields, model=StrategicGoal)
    if "code" in fields:
        fields["code"] = clean(fields["code"])
        if not fields["code"]:
            raise ValidationError("code", _("must not be empty"))
        if len(fields["code"]) > 20:
            raise ValidationError("code", _("is too long (at most {n} characters)").format(n=20))
        key = fields["code"].casefold()  # in Python: SQLite's lower() leaves "Ä" alone
        clash = next((goal_id for goal_id, code in session.execute(
            select(StrategicGoal.id, StrategicGoal.code)) if code.casefold() == key), None)
        if clash is not None and clash != own_id:
            raise ValidationError(
                "code", _("a goal with the code {code!r} exists already").format(code=fields["code"])
            )
    if "title" in fields:
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError("title", _("must not be empty"))
        if len(fields["title"]) > 300:
            raise ValidationError("title", _("is too long (at most {n} characters)").format(n=300))
    if "description" in fields:
        fields["description"] = fields["description"] or ""
    return fields


@transactional
def create_goal(session: Session, *, code: str, title: str, description: str = "") -> StrategicGoal:
    fields = _checked(session, {"code": code, "title": title, "description": description})
    goal = StrategicGoal(**fields)
    session.add(goal)
    session.flush()
    return goal


@transactional
def update_goal(
    session: Session, *, goal_id: int, changes: dict, expected_version: int | None = None
) -> StrategicGoal:
    goal = get_or_404(session, StrategicGoal, goal_id, "goal")
    check_version(goal, expected_version, "goal")
    fields = _checked(
        session,
        {k: v for k, v in changes.items() if k in ("code", "title", "description")},
        own_id=goal_id,
    )
    for key, value in fields.items():
        setattr(goal, key, value)
    session.add(goal)
    session.flush()
    return goal


def list_goals(session: Session, *, without_project: bool = False) -> list[GoalRow]:
    """Every goal by code, with how many ideas and projects serve it.

    ``without_project``: only goals that no project serves yet.
    """
    ideas = (
        select(IdeaGoal.goal_id, func.count().label("n")).group_by(IdeaGoal.goal_id).subquery()
    )
    projects = (
        select(ProjectGoal.goal_id, func.count().label("n")).group_by(ProjectGoal.goal_id).subquery()
    )
    statement = (
        select(
            StrategicGoal.id, StrategicGoal.code, StrategicGoal.title, StrategicGoal.description,
            func.coalesce(ideas.c.n, 0), func.coalesce(projects.c.n, 0), StrategicGoal.version,
        )
        .join(ideas, ideas.c.goal_id == StrategicGoal.id, isouter=True)
        .join(projects, projects.c.goal_id == StrategicGoal.id, isouter=True)
        .order_by(StrategicGoal.code)
    )
    if without_project:
        statement = statement.where(projects.c.n.is_(None))
    return [GoalRow(*values) for values in session.execute(statement).all()]


def find_goal(session: Session, code: str, *, field: str = "goal") -> StrategicGoal:
    """The goal with ``code`` (case-blind); an unknown code is refused with suggestions."""
    key = clean(code, field)
    if not key:
        raise ValidationError(field, _("must not be empty"))
    goal = session.execute(
        select(StrategicGoal).where(func.lower(StrategicGoal.code) == key.lower())
    ).scalar()
    if goal is not None:
        return goal
    codes = list(session.execute(select(StrategicGoal.code)).scalars())
    suggestions = closest(key, codes) or [c for c in codes if fold(key) in fold(c)][:3]
    if suggestions:
        raise ValidationError(
            field,
            _("unknown goal {code!r}; did you mean: {options}?").format(
                code=key, options=", ".join(suggestions)
            ),
        )
    raise ValidationError(field, _("unknown goal {code!r}").format(code=key))


def goal_choices(session: Session) -> list[tuple[int, str, str]]:
    """(id, code, title) of every goal, by code: for pickers."""
    return [
        tuple(row)
        for row in session.execute(
            select(StrategicGoal.id, StrategicGoal.code, StrategicGoal.title).order_by(
                StrategicGoal.code
            )
        ).all()
    ]
