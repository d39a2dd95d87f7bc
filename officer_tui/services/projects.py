"""The project portfolio: create and edit projects, phases, traffic lights, goals, links, lists.

Input comes as plain dicts with the column names of ``Project`` (plus ``goal_ids``); errors
name the field as people know it (``unit``, ``end``, ``amount``, ``goal``, ``to`` ...), which is
also the command-line option. Lists work like the Requests list: ``ordered_ids`` gives every
matching id in list order, ``rows_for`` the rows for the ids on screen.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from officer_tui import clock
from officer_tui.db.textsearch import text_contains
from officer_tui.i18n import _
from officer_tui.models.enums import Funding, LinkKind, ProjectPhase, RecordKind, TrafficLight
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import (
    FollowUp,
    Idea,
    Project,
    ProjectGoal,
    ProjectLink,
    StrategicGoal,
    SynergyDismissal,
)
from officer_tui.services._common import (
    check_version,
    clean,
    clean_text,
    filter_words,
    get_or_404,
    scrub,
    transactional,
)
from officer_tui.services.authors import clean_user, touched_by
from officer_tui.services.errors import ValidationError
from officer_tui.services.project_views import (
    NO_FIELD,
    PortfolioCell,
    ProjectFilter,
    ProjectRow,
    link_label,
)
from officer_tui.services.units import unit_and_descendants
from officer_tui.text import closest, fold

DEFAULT_FILTER = ProjectFilter()

# Service field -> the name errors use (the command-line option and the form field).
_ERROR_NAMES = {
    "title": "title",
    "description": "description",
    "owner_unit_id": "unit",
    "lead_id": "lead",
    "field_of_action": "field",
    "phase": "phase",
    "funding": "funding",
    "funding_amount": "amount",
    "funding_programme": "programme",
    "proof_of_use_due": "proof_due",
    "traffic_light": "light",
    "traffic_note": "note",
    "start_on": "start",
    "end_on": "end",
    "goal_ids": "goal",
    "source_idea_id": "idea",
}
_MAX_LENGTHS = {"title": 300, "field_of_action": 120, "funding_programme": 200}
_ENUMS = {"phase": ProjectPhase, "funding": Funding, "traffic_light": TrafficLight}


@dataclass(frozen=True)
class LinkView:
    """A link as seen from one project: ``outgoing`` when this project is its ``from`` end."""

    link_id: int
    kind: LinkKind
    outgoing: bool
    other_id: int
    other_title: str
    note: str

    @property
    def label(self) -> str:
        return link_label(self.kind, outgoing=self.outgoing)


@dataclass(frozen=True)
class ProjectDetail:
    """Everything about one project, names resolved, for the detail view, forms and the CLI."""

    project: Project
    unit_name: str | None
    lead_name: str | None
    goals: list[tuple[int, str, str]] = field(default_factory=list)  # id, code, title
    links: list[LinkView] = field(default_factory=list)
    source_idea: tuple[int, str] | None = None
    followups: list[tuple[int, str, date, date | None]] = field(default_factory=list)


# --- validation ---------------------------------------------------------------------------


def _refuse(column: str, message: str) -> ValidationError:
    return ValidationError(_ERROR_NAMES.get(column, column), message)


def _normalise(session: Session, raw: dict, current: Project | None) -> dict:
    """Check and tidy the given fields; every problem at once. Returns the columns to set."""
    fields = dict(raw)
    problems: list[tuple[str, str]] = []
    unknown = set(fields) - set(_ERROR_NAMES)
    if unknown:
        raise ValidationError("record", f"unknown fields: {', '.join(sorted(unknown))}")

    def problem(column: str, message: str) -> None:
        problems.append((_ERROR_NAMES.get(column, column), message))

    scrub(fields, model=Project)

    if "title" in fields or current is None:
        fields["title"] = clean(fields.get("title"))
        if not fields["title"]:
            problem("title", _("must not be empty"))
    if "description" in fields:
        fields["description"] = fields["description"] or ""
    if "traffic_note" in fields:
        fields["traffic_note"] = clean_text(fields["traffic_note"], "traffic_note")
    if "funding_programme" in fields:
        fields["funding_programme"] = clean(fields["funding_programme"], "funding_programme")
    if "field_of_action" in fields:
        fields["field_of_action"] = clean(fields["field_of_action"]) or None
    for column, limit in _MAX_LENGTHS.items():
        value = fields.get(column)
        if value and len(value) > limit:
            problem(column, _("is too long (at most {n} characters)").format(n=limit))
    for column, enum_type in _ENUMS.items():
        if column in fields:
            if fields[column] is None:
                del fields[column]
                continue
            try:
                fields[column] = enum_type(fields[column])
            except ValueError:
                options = ", ".join(member.value for member in enum_type)
                problem(column, _("must be one of: {options}").format(options=options))
    if "owner_unit_id" in fields or current is None:
        unit_id = fields.get("owner_unit_id")
        if unit_id is None:
            problem("owner_unit_id", _("choose a unit"))
        elif session.get(OrgUnit, unit_id) is None:
            problem("owner_unit_id", _("unknown unit"))
    if fields.get("lead_id") is not None and session.get(Contact, fields["lead_id"]) is None:
        problem("lead_id", _("unknown contact"))
    if fields.get("source_idea_id") is not None and session.get(Idea, fields["source_idea_id"]) is None:
        problem("source_idea_id", _("unknown idea"))
    if "funding_amount" in fields and fields["funding_amount"] is not None:
        amount = fields["funding_amount"]
        if not isinstance(amount, int) or isinstance(amount, bool):
            problem("funding_amount", _("must be a whole number"))
        elif amount < 0:
            problem("funding_amount", _("must not be negative"))
    start = fields["start_on"] if "start_on" in fields else (current.start_on if current else None)
    end = fields["end_on"] if "end_on" in fields else (current.end_on if current else None)
    if start is not None and end is not None and end < start:
        column = "end_on" if "end_on" in fields else "start_on"
        problem(column, _("the end lies before the start"))
    light = fields.get("traffic_light", current.traffic_light if current else TrafficLight.ON_TRACK)
    note = fields["traffic_note"] if "traffic_note" in fields else (current.traffic_note if current else "")
    if light in (TrafficLight.AT_RISK, TrafficLight.OFF_TRACK) and not note:
        problem("traffic_note", _("say what puts the project at risk"))
    if "goal_ids" in fields:
        ids = list(dict.fromkeys(fields["goal_ids"] or []))
        known = set(session.exec(select(StrategicGoal.id).where(StrategicGoal.id.in_(ids))).all())
        if len(known) != len(ids):
            problem("goal_ids", _("unknown goal"))
        fields["goal_ids"] = ids
    if problems:
        raise ValidationError.many(problems)
    return fields


def _refresh_search_text(project: Project) -> None:
    project.search_text = fold(
        f"{project.title}\n{project.description}\n{project.funding_programme}"
    )


def _set_goals(session: Session, project_id: int, goal_ids: list[int]) -> None:
    existing = session.exec(select(ProjectGoal).where(ProjectGoal.project_id == project_id)).all()
    keep = set(goal_ids)
    for row in existing:
        if row.goal_id not in keep:
            session.delete(row)
    present = {row.goal_id for row in existing}
    for goal_id in goal_ids:
        if goal_id not in present:
            session.add(ProjectGoal(project_id=project_id, goal_id=goal_id))


# --- writing ------------------------------------------------------------------------------


@transactional
def create_project(session: Session, *, data: dict) -> Project:
    """A new project. Title and owner unit are required; the rest has sensible defaults."""
    fields = _normalise(session, data, None)
    goal_ids = fields.pop("goal_ids", [])
    project = Project(**fields)
    _refresh_search_text(project)
    session.add(project)
    session.flush()
    _set_goals(session, project.id, goal_ids)
    session.flush()
    return project


@transactional
def update_project(
    session: Session, *, project_id: int, changes: dict, expected_version: int | None = None
) -> Project:
    """Change the given fields (``goal_ids`` replaces the goals)."""
    project = get_or_404(session, Project, project_id, "project")
    check_version(project, expected_version, "project")
    fields = _normalise(session, changes, project)
    goal_ids = fields.pop("goal_ids", None)
    project.sqlmodel_update(fields)
    _refresh_search_text(project)
    session.add(project)
    if goal_ids is not None:
        _set_goals(session, project.id, goal_ids)
    session.flush()
    return project


@transactional
def set_traffic_light(
    session: Session,
    *,
    project_id: int,
    light: TrafficLight,
    note: str | None = None,
    expected_version: int | None = None,
) -> Project:
    """Set the traffic light; ``note`` (None: keep) says why. At risk and off track need one."""
    project = get_or_404(session, Project, project_id, "project")
    check_version(project, expected_version, "project")
    try:
        light = TrafficLight(light)
    except ValueError:
        raise ValidationError("light", _("must be one of: {options}").format(
            options=", ".join(t.value for t in TrafficLight))) from None
    text = clean_text(note, "note") if note is not None else project.traffic_note
    if light != TrafficLight.ON_TRACK and not text:
        raise ValidationError("note", _("say what puts the project at risk"))
    project.traffic_light = light
    project.traffic_note = text
    session.add(project)
    session.flush()
    return project


@transactional
def set_phase(
    session: Session, *, project_id: int, phase: ProjectPhase, expected_version: int | None = None
) -> Project:
    project = get_or_404(session, Project, project_id, "project")
    check_version(project, expected_version, "project")
    project.sqlmodel_update(_normalise(session, {"phase": phase}, project))
    session.add(project)
    session.flush()
    return project


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transactional
def link_projects(
    session: Session,
    *,
    from_project_id: int,
    to_project_id: int,
    kind: LinkKind,
    note: str = "",
) -> ProjectLink:
    """``from`` synergy / depends on / replicates ``to``. Not itself, not twice, no loops of two."""
    get_or_404(session, Project, from_project_id, "project")
    if to_project_id is None or session.get(Project, to_project_id) is None:
        raise ValidationError("to", _("unknown project"))
    if from_project_id == to_project_id:
        raise ValidationError("to", _("a project cannot be linked to itself"))
    try:
        kind = LinkKind(kind)
    except ValueError:
        raise ValidationError("kind", _("must be one of: {options}").format(
            options=", ".join(k.value for k in LinkKind))) from None
    same = select(ProjectLink).where(ProjectLink.kind == kind)
    if session.exec(same.where(ProjectLink.from_project_id == from_project_id,
                               ProjectLink.to_project_id == to_project_id)).first():
        raise ValidationError("to", _("these projects are linked like this already"))
    reverse = session.exec(same.where(ProjectLink.from_project_id == to_project_id,
                                      ProjectLink.to_project_id == from_project_id)).first()
    if reverse is not None:
        if kind == LinkKind.SYNERGY:
            raise ValidationError("to", _("these projects are linked like this already"))
        raise ValidationError(
            "to", _("the other project already {relation} this one").format(
                relation=link_label(kind, outgoing=True))
        )
    link = ProjectLink(
        from_project_id=from_project_id, to_project_id=to_project_id, kind=kind, note=clean_text(note, "note")
    )
    session.add(link)
    session.flush()
    return link


@transactional
def unlink(session: Session, *, link_id: int) -> None:
    session.delete(get_or_404(session, ProjectLink, link_id, "link"))
    session.flush()


# --- reading ------------------------------------------------------------------------------


def _filtered(statement, session: Session, filters: ProjectFilter, today: date):
    if filters.phase is not None:
        statement = statement.where(Project.phase == ProjectPhase(filters.phase).value)
    if filters.funding is not None:
        statement = statement.where(Project.funding == Funding(filters.funding).value)
    if filters.traffic_light is not None:
        statement = statement.where(
            Project.traffic_light == TrafficLight(filters.traffic_light).value
        )
    if filters.field_of_action is not None:
        if filters.field_of_action == NO_FIELD:
            statement = statement.where(Project.field_of_action.is_(None))
        else:
            statement = statement.where(Project.field_of_action == filters.field_of_action)
    if filters.unit_id is not None:
        statement = statement.where(
            Project.owner_unit_id.in_(unit_and_descendants(session, filters.unit_id))
        )
    if filters.goal_id is not None:
        statement = statement.where(
            Project.id.in_(select(ProjectGoal.project_id).where(ProjectGoal.goal_id == filters.goal_id))
        )
    if filters.proof_due_days is not None:
        statement = statement.where(
            Project.proof_of_use_due.is_not(None),
            Project.proof_of_use_due <= today + timedelta(days=filters.proof_due_days),
        )
    if clean_user(filters.changed_by):
        statement = statement.where(touched_by(session, Project, filters.changed_by))
    words = filter_words(filters.text)
    if words:
        lead = aliased(Contact)
        people = select(lead.id).where(text_contains(lead.name_folded, words))
        statement = statement.where(
            or_(
                text_contains(Project.search_text, words),
                Project.lead_id.in_(people),
            )
        )
    return statement


_LIGHT_ORDER = case(
    (Project.traffic_light == TrafficLight.OFF_TRACK.value, 0),
    (Project.traffic_light == TrafficLight.AT_RISK.value, 1),
    else_=2,
)


def _ordered(statement):
    """Off track first, then at risk; within each, the soonest end first; no end date last."""
    return statement.order_by(
        _LIGHT_ORDER, case((Project.end_on.is_(None), 1), else_=0), Project.end_on, Project.id
    )


def ordered_ids(
    session: Session, *, filters: ProjectFilter = DEFAULT_FILTER, today: date | None = None
) -> array:
    """The ids of every matching project, in list order (one query)."""
    today = today or clock.today()
    statement = _ordered(_filtered(select(Project.id), session, filters, today))
    return array("q", session.exec(statement).all())


def count_projects(
    session: Session, *, filters: ProjectFilter = DEFAULT_FILTER, today: date | None = None
) -> int:
    statement = _filtered(select(func.count()).select_from(Project), session, filters,
                          today or clock.today())
    return session.exec(statement).one()


def _row_statement():
    return (
        select(
            Project.id, Project.title, Project.phase, Project.funding, Project.funding_amount,
            Project.funding_programme, Project.proof_of_use_due, Project.traffic_light,
            Project.traffic_note, Project.field_of_action, OrgUnit.name, Contact.name,
            Project.start_on, Project.end_on, Project.version,
        )
        .join(OrgUnit, Project.owner_unit_id == OrgUnit.id, isouter=True)
        .join(Contact, Project.lead_id == Contact.id, isouter=True)
    )


def _to_row(values) -> ProjectRow:
    (pid, title, phase, funding, amount, programme, proof, light, note, field_name, unit, lead,
     start, end, version) = values
    return ProjectRow(
        id=pid, title=title, phase=ProjectPhase(phase), funding=Funding(funding),
        funding_amount=amount, funding_programme=programme, proof_of_use_due=proof,
        traffic_light=TrafficLight(light), traffic_note=note, field_of_action=field_name,
        unit_name=unit, lead_name=lead, start_on=start, end_on=end, version=version,
    )


def rows_for(session: Session, ids: Sequence[int]) -> list[ProjectRow]:
    """The list rows for ``ids``, in the order given (ids that vanished are left out)."""
    wanted = list(ids)
    if not wanted:
        return []
    found = {
        row.id: row
        for row in map(_to_row, session.exec(_row_statement().where(Project.id.in_(wanted))).all())
    }
    return [found[i] for i in wanted if i in found]


def list_projects(
    session: Session,
    *,
    filters: ProjectFilter = DEFAULT_FILTER,
    limit: int | None = None,
    today: date | None = None,
) -> list[ProjectRow]:
    statement = _ordered(_filtered(_row_statement(), session, filters, today or clock.today()))
    if limit:
        statement = statement.limit(limit)
    return [_to_row(values) for values in session.exec(statement).all()]


def get_project(session: Session, project_id: int) -> Project:
    return get_or_404(session, Project, project_id, "project")


def goal_ids_of(session: Session, project_id: int) -> list[int]:
    return list(session.exec(
        select(ProjectGoal.goal_id).where(ProjectGoal.project_id == project_id)).all())


def project_detail(session: Session, project_id: int) -> ProjectDetail:
    project = get_or_404(session, Project, project_id, "project")
    unit = session.get(OrgUnit, project.owner_unit_id) if project.owner_unit_id else None
    lead = session.get(Contact, project.lead_id) if project.lead_id else None
    goals = session.exec(
        select(StrategicGoal.id, StrategicGoal.code, StrategicGoal.title)
        .join(ProjectGoal, ProjectGoal.goal_id == StrategicGoal.id)
        .where(ProjectGoal.project_id == project_id)
        .order_by(StrategicGoal.code)
    ).all()
    links: list[LinkView] = []
    other = aliased(Project)
    for outgoing, mine, theirs in (
        (True, ProjectLink.from_project_id, ProjectLink.to_project_id),
        (False, ProjectLink.to_project_id, ProjectLink.from_project_id),
    ):
        for link_id, kind, note, other_id, other_title in session.exec(
            select(ProjectLink.id, ProjectLink.kind, ProjectLink.note, other.id, other.title)
            .join(other, other.id == theirs)
            .where(mine == project_id)
            .order_by(ProjectLink.id)
        ).all():
            links.append(LinkView(link_id, LinkKind(kind), outgoing, other_id, other_title, note))
    idea = session.get(Idea, project.source_idea_id) if project.source_idea_id else None
    followups = session.exec(
        select(FollowUp.id, FollowUp.title, FollowUp.due_on, FollowUp.done_on)
        .where(FollowUp.subject_kind == RecordKind.PROJECT, FollowUp.subject_id == project_id)
        .order_by(FollowUp.done_on.is_not(None), FollowUp.due_on, FollowUp.id)
    ).all()
    return ProjectDetail(
        project=project,
        unit_name=unit.name if unit else None,
        lead_name=lead.name if lead else None,
        goals=[tuple(row) for row in goals],
        links=links,
        source_idea=(idea.id, idea.title) if idea else None,
        followups=[tuple(row) for row in followups],
    )


def portfolio_cells(
    session: Session, *, filters: ProjectFilter = DEFAULT_FILTER, today: date | None = None
) -> list[PortfolioCell]:
    """Counts and funding sums per field of action and phase (one grouped query)."""
    today = today or clock.today()
    funded = func.sum(case((Project.funding == Funding.FUNDED.value, Project.funding_amount), else_=0))
    applied = func.sum(case((Project.funding == Funding.APPLIED.value, Project.funding_amount), else_=0))
    lights = [
        func.sum(case((Project.traffic_light == light.value, 1), else_=0)) for light in TrafficLight
    ]
    statement = _filtered(
        select(Project.field_of_action, Project.phase, func.count(), funded, applied, *lights),
        session, filters, today,
    ).group_by(Project.field_of_action, Project.phase)
    cells = []
    for field_name, phase, count, funded_sum, applied_sum, *light_counts in session.exec(statement):
        cells.append(PortfolioCell(
            field_of_action=field_name or NO_FIELD,
            phase=ProjectPhase(phase),
            count=count,
            funded=int(funded_sum or 0),
            applied=int(applied_sum or 0),
            lights={light: int(n or 0) for light, n in zip(TrafficLight, light_counts, strict=True)},
        ))
    return cells


def cell_projects(
    session: Session,
    *,
    field_of_action: str,
    phase: ProjectPhase,
    filters: ProjectFilter = DEFAULT_FILTER,
    today: date | None = None,
) -> list[ProjectRow]:
    """The projects of one cell of the grouped view, in list order."""
    from dataclasses import replace

    narrowed = replace(filters, field_of_action=field_of_action, phase=ProjectPhase(phase))
    return list_projects(session, filters=narrowed, today=today)


def fields_of_action(session: Session) -> list[str]:
    """Fields of action in use (by projects and ideas), most used first."""
    counts: dict[str, int] = {}
    for model in (Project, Idea):
        for name, n in session.exec(
            select(model.field_of_action, func.count())
            .where(model.field_of_action.is_not(None))
            .group_by(model.field_of_action)
        ).all():
            counts[name] = counts.get(name, 0) + n
    return sorted(counts, key=lambda name: (-counts[name], name))


def list_goals(session: Session) -> list[tuple[int, str, str]]:
    """Every strategic goal: (id, code, title), by code."""
    return [tuple(row) for row in session.exec(
        select(StrategicGoal.id, StrategicGoal.code, StrategicGoal.title).order_by(StrategicGoal.code)
    ).all()]


def find_goal(session: Session, text: str, *, field: str = "goal") -> StrategicGoal:
    """A goal by its code (case-blind) or its exact title; unknown ones refused with hints."""
    key = fold(clean(text, field))
    goals = session.exec(select(StrategicGoal)).all()
    for goal in goals:
        if fold(goal.code) == key or fold(goal.title) == key:
            return goal
    suggestions = closest(text, [g.code for g in goals])
    if suggestions:
        message = _("unknown goal {name!r}; did you mean: {options}?").format(
            name=clean(text), options=", ".join(suggestions))
    else:
        message = _("unknown goal {name!r}").format(name=clean(text))
    raise ValidationError(field, message)


def find_projects(session: Session, text: str, *, exclude: int | None = None,
                  limit: int = 30) -> list[tuple[int, str, str | None]]:
    """Projects whose title or number matches ``text``: (id, title, unit name), for pickers."""
    statement = (
        select(Project.id, Project.title, OrgUnit.name)
        .join(OrgUnit, Project.owner_unit_id == OrgUnit.id, isouter=True)
    )
    words = filter_words(text)
    number = text.strip().lstrip("#")
    if number.isdigit():
        statement = statement.where(or_(Project.id == int(number),
                                        text_contains(Project.search_text, words)))
    elif words:
        statement = statement.where(text_contains(Project.search_text, words))
    if exclude is not None:
        statement = statement.where(Project.id != exclude)
    statement = statement.order_by(Project.title, Project.id).limit(limit)
    return [tuple(row) for row in session.exec(statement).all()]


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    return {(a, b) for a, b in session.exec(
        select(SynergyDismissal.project_a_id, SynergyDismissal.project_b_id)).all()}


def linked_pairs(session: Session) -> set[tuple[int, int]]:
    return {_pair(a, b) for a, b in session.exec(
        select(ProjectLink.from_project_id, ProjectLink.to_project_id)).all()}


__all__ = [
    "LinkView",
    "ProjectDetail",
    "ProjectFilter",
    "ProjectRow",
    "cell_projects",
    "count_projects",
    "create_project",
    "fields_of_action",
    "find_goal",
    "find_projects",
    "get_project",
    "goal_ids_of",
    "link_projects",
    "list_goals",
    "list_projects",
    "ordered_ids",
    "portfolio_cells",
    "project_detail",
    "rows_for",
    "set_phase",
    "set_traffic_light",
    "unlink",
    "update_project",
]
