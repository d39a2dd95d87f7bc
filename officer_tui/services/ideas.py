"""Ideas from staff: capture, assess, rank, decide, and convert into projects.

Score
-----
Each criterion is rated 1 to 5. Effort counts against an idea, so it enters as ``6 - effort``.
The score is the weighted mean of benefit, ``6 - effort``, strategic fit and reach, scaled to
0-100 (all 1s give 0, all 5s give 100)::

    score = round(100 * sum(w_c * (v_c - 1)) / (4 * sum(w_c)))

The weights (whole numbers 0-10, at least one above 0) are the user's: the settings file's
``[ideas.weights]``, else what older versions stored in ``AppState`` under
``idea_weight.<criterion>``, else the defaults. ``score()`` computes in Python and
``score_sql()`` in SQL, so the list ranks in the database with the current weights. Unassessed ideas have no score and
come last.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, literal, or_, select
from sqlmodel import Session

from officer_tui import clock, settings
from officer_tui.i18n import N_, _
from officer_tui.models.enums import IDEA_TRANSITIONS, IdeaStatus, ProjectPhase, RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import Idea, IdeaGoal, Project, ProjectGoal, StrategicGoal
from officer_tui.models.state import AppState
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
from officer_tui.services.idea_views import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    IdeaFilter,
    IdeaRow,
    IdeaSort,
    SimilarItem,
)
from officer_tui.services.units import unit_and_descendants
from officer_tui.text import fold

WEIGHT_KEY = "idea_weight.{}"
MAX_WEIGHT = 10
DEFAULT_FILTER = IdeaFilter()

STATUS_LABELS = {
    IdeaStatus.SUBMITTED: N_("submitted"),
    IdeaStatus.IN_REVIEW: N_("in review"),
    IdeaStatus.ACCEPTED: N_("accepted"),
    IdeaStatus.PARKED: N_("parked"),
    IdeaStatus.REJECTED: N_("rejected"),
    IdeaStatus.CONVERTED: N_("converted"),
}
CRITERION_LABELS = {
    "benefit": N_("benefit"),
    "effort": N_("effort"),
    "strategic_fit": N_("strategic fit"),
    "reach": N_("reach"),
}


def idea_status_label(status: IdeaStatus) -> str:
    return _(STATUS_LABELS[IdeaStatus(status)])


@dataclass(frozen=True)
class IdeaDetail:
    idea: Idea
    unit_name: str | None
    submitter_name: str | None
    score: int | None
    goals: list[tuple[int, str, str]]  # id, code, title
    project_id: int | None
    project_title: str | None


# --- score --------------------------------------------------------------------------------


def weights(session: Session) -> dict[str, int]:
    """The weights in force: the settings file's, else those older versions stored in the
    database, else the defaults."""
    configured = settings.current().idea_weights
    if configured is not None:
        return dict(configured)
    stored = {
        state.key: state.value
        for state in session.execute(
            select(AppState).where(AppState.key.in_([WEIGHT_KEY.format(c) for c in CRITERIA]))
        ).scalars()
    }
    result = {}
    for criterion in CRITERIA:
        try:
            result[criterion] = int(stored[WEIGHT_KEY.format(criterion)])
        except (KeyError, ValueError):
            result[criterion] = DEFAULT_WEIGHTS[criterion]
    return result


@transactional
def set_weights(session: Session, *, values: dict[str, int]) -> dict[str, int]:
    """Change some or all weights (0 to 10 each; at least one above 0), in the user's settings
    file. Re-ranks the list. A file that cannot be written: ``ValidationError("weights")``."""
    current = weights(session)
    for criterion, value in values.items():
        if criterion not in CRITERIA:
            raise ValidationError(criterion, _("unknown criterion"))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WEIGHT:
            raise ValidationError(
                criterion, _("must be a whole number from 0 to {n}").format(n=MAX_WEIGHT)
            )
        current[criterion] = value
    if not any(current.values()):
        raise ValidationError("weights", _("at least one weight must be above 0"))
    try:
        settings.save({"idea_weights": current})
    except (settings.SettingsFileBroken, settings.InvalidSettings) as exc:
        raise ValidationError("weights", str(exc)) from exc
    except OSError as exc:
        raise ValidationError("weights", _(
            "the settings file {path} cannot be written ({reason}); nothing was saved").format(
            path=settings.settings_path(), reason=exc.strerror or exc)) from exc
    return current


def _points(benefit: int, effort: int, strategic_fit: int, reach: int) -> dict[str, int]:
    return {
        "benefit": benefit - 1,
        "effort": 5 - effort,  # (6 - effort) - 1
        "strategic_fit": strategic_fit - 1,
        "reach": reach - 1,
    }


def score(
    *,
    benefit: int | None,
    effort: int | None,
    strategic_fit: int | None,
    reach: int | None,
    weights: dict[str, int],
) -> int | None:
    """0 to 100, or None while any criterion is unrated."""
    if None in (benefit, effort, strategic_fit, reach):
        return None
    points = _points(benefit, effort, strategic_fit, reach)  # type: ignore[arg-type]
    total = sum(weights.values())
    numerator = sum(weights[c] * points[c] for c in CRITERIA)
    return (numerator * 100 + 2 * total) // (4 * total)  # rounded half up, as in SQL


def score_sql(weights: dict[str, int]):
    """The same score as ``score()``, as a SQL expression over the idea table (NULL: unrated)."""
    total = sum(weights.values())
    numerator = (
        literal(weights["benefit"]) * (Idea.benefit - 1)
        + literal(weights["effort"]) * (5 - Idea.effort)
        + literal(weights["strategic_fit"]) * (Idea.strategic_fit - 1)
        + literal(weights["reach"]) * (Idea.reach - 1)
    )
    return case(
        (
            or_(
                Idea.benefit.is_(None),
                Idea.effort.is_(None),
                Idea.strategic_fit.is_(None),
                Idea.reach.is_(None),
            ),
            None,
        ),
        else_=(numerator * 100 + 2 * total) // (4 * total),
    )


# --- capture and edit ---------------------------------------------------------------------


def _search_text(title: str, description: str) -> str:
    return fold(f"{title}\n{description}")


def _checked(session: Session, fields: dict) -> dict:
    scrub(fields, model=Idea)
    if "title" in fields:
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError("title", _("must not be empty"))
        if len(fields["title"]) > 300:
            raise ValidationError("title", _("is too long (at most {n} characters)").format(n=300))
    if "description" in fields:
        fields["description"] = fields["description"] or ""
    if "field_of_action" in fields:
        fields["field_of_action"] = clean(fields["field_of_action"]) or None
        if fields["field_of_action"] and len(fields["field_of_action"]) > 120:
            raise ValidationError(
                "field_of_action", _("is too long (at most {n} characters)").format(n=120)
            )
    if fields.get("unit_id") is not None and session.get(OrgUnit, fields["unit_id"]) is None:
        raise ValidationError("unit", _("unknown unit"))
    if (
        fields.get("submitter_id") is not None
        and session.get(Contact, fields["submitter_id"]) is None
    ):
        raise ValidationError("submitter", _("unknown contact"))
    return fields


EDITABLE = ("title", "description", "submitter_id", "unit_id", "field_of_action", "submitted_on")


@transactional
def create_idea(session: Session, *, data: dict, today: date | None = None) -> Idea:
    """Capture an idea; it starts as 'submitted'. ``goal_ids`` may link strategic goals."""
    today = today or clock.today()
    fields = {key: data[key] for key in EDITABLE if key in data}
    fields.setdefault("title", "")
    fields = _checked(session, fields)
    fields["submitted_on"] = fields.get("submitted_on") or today
    if fields["submitted_on"] > today:
        raise ValidationError("submitted", _("cannot lie in the future"))
    idea = Idea(**fields)
    idea.search_text = _search_text(idea.title, idea.description)
    session.add(idea)
    session.flush()
    if data.get("goal_ids"):
        _link_goals(session, idea.id, data["goal_ids"])
    return idea


@transactional
def update_idea(
    session: Session, *, idea_id: int, changes: dict, expected_version: int | None = None,
    today: date | None = None,
) -> Idea:
    idea = get_or_404(session, Idea, idea_id, "idea")
    check_version(idea, expected_version, "idea")
    fields = _checked(session, {key: changes[key] for key in EDITABLE if key in changes})
    if "submitted_on" in fields:
        if fields["submitted_on"] is None:
            del fields["submitted_on"]
        elif fields["submitted_on"] > (today or clock.today()):
            raise ValidationError("submitted", _("cannot lie in the future"))
    for key, value in fields.items():
        setattr(idea, key, value)
    idea.search_text = _search_text(idea.title, idea.description)
    session.add(idea)
    session.flush()
    return idea


def _rating(name: str, value: object) -> int:
    if value is None or isinstance(value, bool):
        raise ValidationError(name, _("rate from 1 to 5"))
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError(name, _("must be a whole number")) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError(name, _("must be a whole number"))
    if not 1 <= number <= 5:
        raise ValidationError(name, _("must be from 1 to 5, not {value}").format(value=number))
    return number


@transactional
def assess(
    session: Session,
    *,
    idea_id: int,
    benefit: int,
    effort: int,
    strategic_fit: int,
    reach: int,
    expected_version: int | None = None,
) -> Idea:
    """Rate the four criteria (1 to 5 each). A submitted idea moves to 'in review'."""
    idea = get_or_404(session, Idea, idea_id, "idea")
    check_version(idea, expected_version, "idea")
    ratings = {
        "benefit": _rating("benefit", benefit),
        "effort": _rating("effort", effort),
        "strategic_fit": _rating("strategic_fit", strategic_fit),
        "reach": _rating("reach", reach),
    }
    for key, value in ratings.items():
        setattr(idea, key, value)
    if idea.status == IdeaStatus.SUBMITTED:
        idea.status = IdeaStatus.IN_REVIEW
    session.add(idea)
    session.flush()
    return idea


@transactional
def set_status(
    session: Session,
    *,
    idea_id: int,
    status: IdeaStatus,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Idea:
    """Move an idea along: submitted -> in review -> accepted / parked / rejected.

    Rejecting needs a reason. 'converted' is reached only through ``convert``.
    """
    idea = get_or_404(session, Idea, idea_id, "idea")
    check_version(idea, expected_version, "idea")
    status = IdeaStatus(status)
    if status == idea.status:
        return idea
    if status == IdeaStatus.CONVERTED:
        raise ValidationError("status", _("an idea becomes 'converted' by converting it"))
    if status not in IDEA_TRANSITIONS[idea.status]:
        raise ValidationError(
            "status",
            _("cannot go from {old} to {new}").format(
                old=idea_status_label(idea.status), new=idea_status_label(status)
            ),
        )
    note = clean_text(reason, "reason")
    if status == IdeaStatus.REJECTED and not note:
        raise ValidationError("reason", _("say why the idea is rejected"))
    idea.status = status
    idea.status_reason = note
    session.add(idea)
    session.flush()
    return idea


def project_of(session: Session, idea_id: int) -> Project | None:
    """The project an idea became (``Project.source_idea_id``), if any."""
    return session.execute(select(Project).where(Project.source_idea_id == idea_id)).scalars().first()


@transactional
def convert(session: Session, *, idea_id: int, expected_version: int | None = None) -> Project:
    """Turn an accepted idea into a planned project: title, description, unit as owner,
    field of action and strategic goals carried over; the project points back to the idea."""
    idea = get_or_404(session, Idea, idea_id, "idea")
    check_version(idea, expected_version, "idea")
    existing = project_of(session, idea_id)
    if existing is not None or idea.status == IdeaStatus.CONVERTED:
        raise ValidationError(
            "status",
            _("the idea was already converted (project #{id})").format(
                id=existing.id if existing else "?"
            ),
        )
    if idea.status != IdeaStatus.ACCEPTED:
        raise ValidationError(
            "status",
            _("only an accepted idea can become a project (this one is {status})").format(
                status=idea_status_label(idea.status)
            ),
        )
    project = Project(
        title=idea.title,
        description=idea.description,
        owner_unit_id=idea.unit_id,
        field_of_action=idea.field_of_action,
        phase=ProjectPhase.PLANNED,
        source_idea_id=idea.id,
        search_text=_search_text(idea.title, idea.description),
    )
    session.add(project)
    session.flush()
    for goal_id in session.execute(select(IdeaGoal.goal_id).where(IdeaGoal.idea_id == idea.id)).scalars():
        session.add(ProjectGoal(project_id=project.id, goal_id=goal_id))
    idea.status = IdeaStatus.CONVERTED
    session.add(idea)
    session.flush()
    return project


# --- goals of an idea ---------------------------------------------------------------------


def _link_goals(session: Session, idea_id: int, goal_ids: Sequence[int]) -> None:
    wanted = set(goal_ids)
    known = set(
        session.execute(select(StrategicGoal.id).where(StrategicGoal.id.in_(wanted))).scalars()
    )
    if wanted - known:
        raise ValidationError("goal", _("unknown strategic goal"))
    for goal_id in sorted(wanted):
        session.add(IdeaGoal(idea_id=idea_id, goal_id=goal_id))
    session.flush()


@transactional
def set_goals(session: Session, *, idea_id: int, goal_ids: Sequence[int]) -> list[int]:
    """Replace the strategic goals an idea serves."""
    get_or_404(session, Idea, idea_id, "idea")
    for link in session.execute(select(IdeaGoal).where(IdeaGoal.idea_id == idea_id)).scalars():
        session.delete(link)
    session.flush()
    _link_goals(session, idea_id, goal_ids)
    return sorted(set(goal_ids))


# --- reading ------------------------------------------------------------------------------


def _filtered(statement, session: Session, filters: IdeaFilter):
    if filters.statuses is not None:
        statement = statement.where(Idea.status.in_([s.value for s in filters.statuses]))
    if filters.field_of_action:
        statement = statement.where(Idea.field_of_action == filters.field_of_action)
    if filters.unit_id is not None:
        statement = statement.where(Idea.unit_id.in_(unit_and_descendants(session, filters.unit_id)))
    if filters.goal_id is not None:
        statement = statement.where(
            Idea.id.in_(select(IdeaGoal.idea_id).where(IdeaGoal.goal_id == filters.goal_id))
        )
    if filters.unassessed:
        statement = statement.where(
            or_(Idea.benefit.is_(None), Idea.effort.is_(None), Idea.strategic_fit.is_(None),
                Idea.reach.is_(None))
        )
    if clean_user(filters.changed_by):
        statement = statement.where(touched_by(session, Idea, filters.changed_by))
    for word in filter_words(filters.text):
        people = select(Contact.id).where(Contact.name_folded.contains(word, autoescape=True))
        statement = statement.where(
            or_(Idea.search_text.contains(word, autoescape=True), Idea.submitter_id.in_(people))
        )
    return statement


def _ordered(statement, sort: IdeaSort, current: dict[str, int]):
    if IdeaSort(sort) == IdeaSort.SUBMITTED:
        return statement.order_by(Idea.submitted_on.desc(), Idea.id.desc())
    ranked = score_sql(current)
    return statement.order_by(
        case((ranked.is_(None), 1), else_=0), ranked.desc(), Idea.submitted_on.desc(), Idea.id.desc()
    )


def _ids(session: Session, statement) -> array:
    """Ids in order; on SQLite as one ``group_concat`` string (see services.requests)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        ordered = statement.subquery()
        joined = connection.execute(select(func.group_concat(ordered.c.id))).scalar()
        return array("q", map(int, joined.split(","))) if joined else array("q")
    return array("q", [row[0] for row in connection.execute(statement).fetchall()])


def ordered_ids(
    session: Session, *, filters: IdeaFilter = DEFAULT_FILTER, sort: IdeaSort = IdeaSort.SCORE
) -> array:
    """The ids of every matching idea in list order (the list fetches rows with ``rows_for``)."""
    statement = _filtered(select(Idea.id), session, filters)
    return _ids(session, _ordered(statement, sort, weights(session)))


def count_ideas(session: Session, *, filters: IdeaFilter = DEFAULT_FILTER) -> int:
    return session.execute(
        _filtered(select(func.count()).select_from(Idea), session, filters)
    ).scalar_one()


def _row_statement(current: dict[str, int]) -> Select:
    return (
        select(
            Idea.id, Idea.title, Idea.status, Idea.field_of_action, OrgUnit.name, Contact.name,
            Idea.submitted_on, score_sql(current).label("score"), Idea.version,
        )
        .join(OrgUnit, Idea.unit_id == OrgUnit.id, isouter=True)
        .join(Contact, Idea.submitter_id == Contact.id, isouter=True)
    )


def _to_row(values) -> IdeaRow:
    iid, title, status, field, unit, submitter, submitted, points, version = values
    return IdeaRow(
        id=iid, title=title, status=IdeaStatus(status), field_of_action=field, unit_name=unit,
        submitter_name=submitter, submitted_on=submitted,
        score=None if points is None else int(points), version=version,
    )


def rows_for(session: Session, ids: Sequence[int]) -> list[IdeaRow]:
    """The list rows for ``ids``, in the order given (vanished ids left out)."""
    if not len(ids):
        return []
    wanted = list(ids)
    statement = _row_statement(weights(session)).where(Idea.id.in_(wanted))
    found = {row.id: row for row in map(_to_row, session.execute(statement).all())}
    return [found[i] for i in wanted if i in found]


def list_ideas(
    session: Session, *, filters: IdeaFilter = DEFAULT_FILTER, sort: IdeaSort = IdeaSort.SCORE,
    limit: int | None = None,
) -> list[IdeaRow]:
    current = weights(session)
    statement = _ordered(_filtered(_row_statement(current), session, filters), sort, current)
    if limit:
        statement = statement.limit(limit)
    return [_to_row(values) for values in session.execute(statement).all()]


def get_idea(session: Session, idea_id: int) -> Idea:
    return get_or_404(session, Idea, idea_id, "idea")


def idea_detail(session: Session, idea_id: int) -> IdeaDetail:
    idea = get_or_404(session, Idea, idea_id, "idea")
    unit = session.get(OrgUnit, idea.unit_id) if idea.unit_id else None
    submitter = session.get(Contact, idea.submitter_id) if idea.submitter_id else None
    goals = session.execute(
        select(StrategicGoal.id, StrategicGoal.code, StrategicGoal.title)
        .join(IdeaGoal, IdeaGoal.goal_id == StrategicGoal.id)
        .where(IdeaGoal.idea_id == idea_id)
        .order_by(StrategicGoal.code)
    ).all()
    project = project_of(session, idea_id)
    return IdeaDetail(
        idea=idea,
        unit_name=unit.name if unit else None,
        submitter_name=submitter.name if submitter else None,
        score=score(benefit=idea.benefit, effort=idea.effort, strategic_fit=idea.strategic_fit,
                    reach=idea.reach, weights=weights(session)),
        goals=[tuple(goal) for goal in goals],
        project_id=project.id if project else None,
        project_title=project.title if project else None,
    )


def fields_of_action(session: Session) -> list[str]:
    """Fields of action in use by ideas and projects, most used first."""
    counts: dict[str, int] = {}
    for model in (Idea, Project):
        for name, count in session.execute(
            select(model.field_of_action, func.count())
            .where(model.field_of_action.is_not(None))
            .group_by(model.field_of_action)
        ).all():
            counts[name] = counts.get(name, 0) + count
    return sorted(counts, key=lambda name: (-counts[name], name))


# --- similar ideas and projects (duplicates) ----------------------------------------------

STOP_WORDS = frozenset(
    """
    aber alle allen aller alles also auch auf aus bei beim bitte damit dann dass dem den denen
    der des dessen die dies diese diesem diesen dieser dieses doch dort durch eine einem einen
    einer eines etwa fuer gibt habe haben hier ihre ihrem ihren immer jede jeden jeder jetzt kann
    kein keine koennen mehr mein meine mit nach neue neuen neuer neues nicht noch nur oder ohne
    sehr sein seine sich sind soll sollen ueber und unser unsere unter viel vom von vor wann
    warum was weil wenn werden wie wieder wird wir wollen zum zur zwischen
    about after also and are been can could does each every for from have into just like make
    more most much need needs only other over should some such than that their them then there
    these they this those very what when where which while will with would your
    """.split()
)
MIN_WORD = 4


def significant_words(text: str) -> list[str]:
    """The folded words of ``text`` with at least four letters, without stop words, in order."""
    words: list[str] = []
    for word in re.findall(r"\w+", fold(text)):
        if len(word) >= MIN_WORD and not word.isdigit() and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words


def similar(
    session: Session, *, title: str, limit: int = 5, exclude_idea_id: int | None = None
) -> list[SimilarItem]:
    """Up to ``limit`` ideas and projects whose folded text shares words with ``title``,
    most shared words first (then newest)."""
    words = significant_words(title)[:8]
    if not words:
        return []
    found: list[SimilarItem] = []
    for model, kind, status_column in (
        (Idea, RecordKind.IDEA, Idea.status),
        (Project, RecordKind.PROJECT, Project.phase),
    ):
        hits = sum(
            (case((model.search_text.contains(word, autoescape=True), 1), else_=0) for word in words),
            start=literal(0),
        ).label("hits")
        statement = (
            select(model.id, model.title, status_column, hits)
            .where(or_(*[model.search_text.contains(word, autoescape=True) for word in words]))
            .order_by(hits.desc(), model.id.desc())
            .limit(limit)
        )
        if kind == RecordKind.IDEA and exclude_idea_id is not None:
            statement = statement.where(Idea.id != exclude_idea_id)
        for record_id, record_title, status, overlap in session.execute(statement).all():
            found.append(SimilarItem(kind=kind, id=record_id, title=record_title,
                                     status=str(getattr(status, "value", status)), overlap=int(overlap)))
    found.sort(key=lambda item: (-item.overlap, item.kind != RecordKind.PROJECT, -item.id))
    return found[:limit]


# --- timeline -----------------------------------------------------------------------------


def ideas_feed(*, contact_only: bool = False) -> Select:
    """Ideas a person brought, on the day they were submitted (for services.timeline)."""
    return select(
        Idea.submitter_id.label("contact_id"),
        Idea.submitted_on.label("happened_on"),
        literal(RecordKind.IDEA.value).label("kind"),
        Idea.id.label("record_id"),
        Idea.title.label("title"),
        literal(N_("brought idea")).label("role"),
    ).where(Idea.submitter_id.is_not(None))
