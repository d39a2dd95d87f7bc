"""Coverage of training programmes: who was reached per target unit, the forecast for the
goal, the units x programmes grid, and who still needs a programme.

Definitions
-----------
- *Reached* in a target unit: distinct people of the unit or any unit below it who attended at
  least one session of the programme (two sessions attended count once). Counted in SQL:
  distinct attendees per (programme, unit of the person), summed over the target's units (a
  person belongs to one unit, so the sum is distinct too). Targets never overlap (a target
  inside another one is refused), so a programme's total is the sum of its lines.
- *Target* of a unit: the programme's headcount for it, else the headcount of the unit and the
  units below it (None when none of them has one).
- *Needed* for the goal: ``ceil(goal % x target)``.
- *Booked*: distinct people of the target units registered for sessions from today on (up to
  the goal date) who have not attended yet.
- *Forecast*: expected people by the goal date = reached + booked + the pace so far (people
  reached per day since the first session) for the days after the last booked session up to
  the goal date. Without a goal date: reached + booked. A passed goal date: reached only.
  On track when the expected share reaches the goal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from officer_tui.models.enums import EnrollmentStatus
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.training import (
    Enrollment,
    ProgrammeTarget,
    TrainingProgramme,
    TrainingSession,
)
from officer_tui.services.errors import NotFound
from officer_tui.services.training_views import (
    Coverage,
    CoverageGrid,
    CoverageLine,
    Forecast,
    ProgrammeRow,
    TargetView,
)

ATTENDED = EnrollmentStatus.ATTENDED.value
REGISTERED = EnrollmentStatus.REGISTERED.value


@dataclass
class _Tree:
    names: dict[int, str]
    headcounts: dict[int, int | None]
    below: dict[int, list[int]]

    def subtree(self, unit_id: int) -> set[int]:
        found, todo = set(), [unit_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.below.get(current, []))
        return found

    def headcount(self, unit_id: int) -> int | None:
        counts = [self.headcounts.get(u) for u in self.subtree(unit_id)]
        known = [n for n in counts if n is not None]
        return sum(known) if known else None


def _tree(session: Session) -> _Tree:
    names, headcounts, below = {}, {}, defaultdict(list)
    for unit_id, name, parent, headcount in session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.parent_id, OrgUnit.headcount)
    ).all():
        names[unit_id], headcounts[unit_id] = name, headcount
        if parent is not None:
            below[parent].append(unit_id)
    return _Tree(names, headcounts, dict(below))


def _targets(session: Session, tree: _Tree, programme_ids: Sequence[int] | None):
    statement = select(ProgrammeTarget.programme_id, ProgrammeTarget.unit_id, ProgrammeTarget.headcount)
    if programme_ids is not None:
        statement = statement.where(ProgrammeTarget.programme_id.in_(list(programme_ids)))
    result: dict[int, list[TargetView]] = defaultdict(list)
    for programme_id, unit_id, own in session.execute(statement).all():
        result[programme_id].append(
            TargetView(
                unit_id=unit_id,
                unit_name=tree.names.get(unit_id, "?"),
                headcount=own if own is not None else tree.headcount(unit_id),
                own_headcount=own,
            )
        )
    for views in result.values():
        views.sort(key=lambda view: view.unit_name.casefold())
    return result


def effective_targets(session: Session, programme_ids: Sequence[int]) -> dict[int, list[TargetView]]:
    return dict(_targets(session, _tree(session), programme_ids))


def _only(statement, programme_ids: Sequence[int] | None):
    if programme_ids is None:
        return statement
    return statement.where(TrainingSession.programme_id.in_(list(programme_ids)))


def _attended_by_unit(session: Session, programme_ids) -> dict[int, dict[int | None, int]]:
    """programme -> unit of the person -> distinct people who attended."""
    statement = _only(
        select(
            TrainingSession.programme_id, Contact.unit_id,
            func.count(func.distinct(Enrollment.contact_id)),
        )
        .select_from(Enrollment)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(Contact, Contact.id == Enrollment.contact_id)
        .where(Enrollment.status == ATTENDED)
        .group_by(TrainingSession.programme_id, Contact.unit_id),
        programme_ids,
    )
    result: dict[int, dict[int | None, int]] = defaultdict(dict)
    for programme_id, unit_id, people in session.execute(statement).all():
        result[programme_id][unit_id] = int(people)
    return result


def _booked_by_unit(session: Session, programme_ids, today: date):
    """programme -> unit -> distinct people registered for sessions from today (to the goal
    date) who have not attended the programme yet; and programme -> last such session day."""
    other = aliased(Enrollment)
    other_session = aliased(TrainingSession)
    attended_already = exists().where(
        other.contact_id == Enrollment.contact_id,
        other.status == ATTENDED,
        other_session.id == other.session_id,
        other_session.programme_id == TrainingSession.programme_id,
    )
    statement = _only(
        select(
            TrainingSession.programme_id, Contact.unit_id,
            func.count(func.distinct(Enrollment.contact_id)), func.max(TrainingSession.held_on),
        )
        .select_from(Enrollment)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id)
        .join(Contact, Contact.id == Enrollment.contact_id)
        .where(
            Enrollment.status == REGISTERED,
            TrainingSession.held_on >= today,
            or_(TrainingProgramme.goal_by.is_(None), TrainingSession.held_on <= TrainingProgramme.goal_by),
            ~attended_already,
        )
        .group_by(TrainingSession.programme_id, Contact.unit_id),
        programme_ids,
    )
    booked: dict[int, dict[int | None, int]] = defaultdict(dict)
    last: dict[int, date] = {}
    for programme_id, unit_id, people, last_day in session.execute(statement).all():
        booked[programme_id][unit_id] = int(people)
        if last_day is not None:
            last[programme_id] = max(last.get(programme_id, last_day), last_day)
    return booked, last


def _session_facts(session: Session, programme_ids, today: date) -> dict[int, tuple]:
    """programme -> (sessions, next session day, first session day so far, average feedback)."""
    statement = _only(
        select(
            TrainingSession.programme_id,
            func.count(TrainingSession.id),
            func.min(TrainingSession.held_on),
            func.avg(TrainingSession.feedback_score),
        ).group_by(TrainingSession.programme_id),
        programme_ids,
    )
    facts = {
        pid: [count, None, first, avg]
        for pid, count, first, avg in session.execute(statement).all()
    }
    upcoming = _only(
        select(TrainingSession.programme_id, func.min(TrainingSession.held_on))
        .where(TrainingSession.held_on >= today)
        .group_by(TrainingSession.programme_id),
        programme_ids,
    )
    for programme_id, next_day in session.execute(upcoming).all():
        facts[programme_id][1] = next_day
    return {pid: tuple(values) for pid, values in facts.items()}


def _needed(goal_percent: int, target: int) -> int:
    return (goal_percent * target + 99) // 100


def _forecast(
    *, goal_percent, goal_by, target, reached, booked, first_day, last_booked, today
) -> Forecast:
    if not goal_percent or not target:
        return Forecast(on_track=None, expected_share=None, booked=booked)
    if goal_by is not None and goal_by < today:
        expected = reached
    else:
        expected = reached + booked
        if goal_by is not None and first_day is not None and first_day <= today:
            pace = reached / max((today - first_day).days, 1)
            from_day = max(today, last_booked) if last_booked else today
            expected += pace * max((goal_by - from_day).days, 0)
    expected = min(expected, target)
    return Forecast(
        on_track=reached >= _needed(goal_percent, target) or expected >= _needed(goal_percent, target),
        expected_share=expected / target,
        booked=booked,
    )


def _lines(tree: _Tree, targets, attended, booked, goal_percent) -> list[CoverageLine]:
    lines = []
    for view in targets:
        units = tree.subtree(view.unit_id)
        reached = sum(n for unit, n in attended.items() if unit in units)
        waiting = sum(n for unit, n in booked.items() if unit in units)
        target = view.headcount
        missing = (
            max(_needed(goal_percent, target) - reached, 0)
            if goal_percent and target is not None
            else None
        )
        lines.append(
            CoverageLine(
                unit_id=view.unit_id, unit_name=view.unit_name, target=target, reached=reached,
                share=reached / target if target else None, missing_for_goal=missing,
                booked=waiting,
            )
        )
    return lines


@dataclass(frozen=True)
class _Summary:
    lines: tuple[CoverageLine, ...]
    target: int | None
    reached: int
    share: float | None
    forecast: Forecast


def _summaries(session: Session, programmes: Sequence[TrainingProgramme], today: date):
    ids = [p.id for p in programmes]
    tree = _tree(session)
    targets = _targets(session, tree, ids)
    attended = _attended_by_unit(session, ids)
    booked, last_booked = _booked_by_unit(session, ids, today)
    facts = _session_facts(session, ids, today)
    result = {}
    for programme in programmes:
        views = targets.get(programme.id, [])
        came, waiting = attended.get(programme.id, {}), booked.get(programme.id, {})
        if views:
            lines = _lines(tree, views, came, waiting, programme.goal_percent)
            known = [line.target for line in lines if line.target is not None]
            target = sum(known) if known else None
            reached = sum(line.reached for line in lines)
            booked_people = sum(line.booked for line in lines)
        else:
            lines, target = [], None
            reached, booked_people = sum(came.values()), sum(waiting.values())
        fact = facts.get(programme.id, (0, None, None, None))
        result[programme.id] = _Summary(
            lines=tuple(lines), target=target, reached=reached,
            share=reached / target if target else None,
            forecast=_forecast(
                goal_percent=programme.goal_percent, goal_by=programme.goal_by, target=target,
                reached=reached, booked=booked_people, first_day=fact[2],
                last_booked=last_booked.get(programme.id), today=today,
            ),
        )
    return result, facts


def coverage(session: Session, *, programme_id: int, today: date) -> Coverage:
    """Per target unit: distinct people reached against the target; the forecast."""
    programme = session.get(TrainingProgramme, programme_id)
    if programme is None:
        raise NotFound("programme", programme_id)
    summaries, _facts = _summaries(session, [programme], today)
    summary = summaries[programme.id]
    return Coverage(
        programme_id=programme.id, title=programme.title, goal_percent=programme.goal_percent,
        goal_by=programme.goal_by, lines=summary.lines, target=summary.target,
        reached=summary.reached, share=summary.share, forecast=summary.forecast,
    )


def coverages(session: Session, *, programme_ids: Sequence[int], today: date) -> list[Coverage]:
    """``coverage`` of several programmes at once (a handful of queries for all), in order."""
    found = {
        p.id: p
        for p in session.execute(
            select(TrainingProgramme).where(TrainingProgramme.id.in_(list(programme_ids)))
        ).scalars()
    }
    programmes = [found[i] for i in programme_ids if i in found]
    summaries, _facts = _summaries(session, programmes, today)
    return [
        Coverage(
            programme_id=p.id, title=p.title, goal_percent=p.goal_percent, goal_by=p.goal_by,
            lines=summaries[p.id].lines, target=summaries[p.id].target,
            reached=summaries[p.id].reached, share=summaries[p.id].share,
            forecast=summaries[p.id].forecast,
        )
        for p in programmes
    ]


def programme_rows(session: Session, ids: Sequence[int], *, today: date) -> list[ProgrammeRow]:
    """Programme list rows for ``ids`` in that order (a handful of queries for all of them)."""
    if not ids:
        return []
    programmes = {
        p.id: p
        for p in session.execute(
            select(TrainingProgramme).where(TrainingProgramme.id.in_(list(ids)))
        ).scalars()
    }
    ordered = [programmes[i] for i in ids if i in programmes]
    summaries, facts = _summaries(session, ordered, today)
    rows = []
    for programme in ordered:
        summary = summaries[programme.id]
        count, next_day, _first, feedback = facts.get(programme.id, (0, None, None, None))
        rows.append(
            ProgrammeRow(
                id=programme.id, title=programme.title, topic=programme.topic,
                goal_percent=programme.goal_percent, goal_by=programme.goal_by,
                sessions=int(count), next_session_on=next_day, target=summary.target,
                reached=summary.reached, share=summary.share,
                on_track=summary.forecast.on_track,
                feedback=None if feedback is None else round(float(feedback), 2),
                version=programme.version,
            )
        )
    return rows


def coverage_grid(session: Session) -> CoverageGrid:
    """Units x programmes: distinct people of each unit (itself, not the units below) who
    attended each programme. Units: every target unit and every unit with an attendee, in
    tree order."""
    from officer_tui.services.units import list_units

    programmes = tuple(
        (pid, title)
        for pid, title in session.execute(
            select(TrainingProgramme.id, TrainingProgramme.title).order_by(
                func.lower(TrainingProgramme.title), TrainingProgramme.id
            )
        ).all()
    )
    reached: dict[tuple[int, int], int] = {}
    for programme_id, by_unit in _attended_by_unit(session, None).items():
        for unit_id, people in by_unit.items():
            if unit_id is not None:
                reached[(unit_id, programme_id)] = people
    wanted = {unit for unit, _p in reached} | set(
        session.execute(select(ProgrammeTarget.unit_id)).scalars()
    )
    units = tuple(
        (row.id, row.name, row.headcount) for row in list_units(session) if row.id in wanted
    )
    return CoverageGrid(programmes=programmes, units=units, reached=reached)


def still_needed(session: Session, *, programme_id: int, unit_id: int) -> list[tuple[int, str]]:
    """Known people of the unit (and the units below) who have not attended the programme
    yet, by name (erased people left out)."""
    units = _tree(session).subtree(unit_id)
    attended = (
        select(Enrollment.contact_id)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .where(and_(TrainingSession.programme_id == programme_id, Enrollment.status == ATTENDED))
    )
    statement = (
        select(Contact.id, Contact.name)
        .where(
            Contact.unit_id.in_(list(units)),
            Contact.erased_at.is_(None),
            Contact.id.not_in(attended),
        )
        .order_by(Contact.name_folded, Contact.id)
    )
    return [(cid, name) for cid, name in session.execute(statement).all()]
