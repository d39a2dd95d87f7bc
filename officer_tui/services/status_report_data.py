"""The numbers of the status report that no other service counts: requests received and closed
in a period (by unit and by category, days to close) and training done in a period.

Grouped SQL queries (a handful for any size of database); the days to close are computed in
Python from the dates, so the same code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean, median

from sqlalchemy import case, func, select
from sqlmodel import Session

from officer_tui.models.enums import CLOSED_STATUSES, OPEN_STATUSES, EnrollmentStatus
from officer_tui.models.meeting import Meeting
from officer_tui.models.org import OrgUnit
from officer_tui.models.request import Request
from officer_tui.models.training import Enrollment, TrainingSession

_CLOSED = [status.value for status in CLOSED_STATUSES]
_OPEN = [status.value for status in OPEN_STATUSES]


@dataclass
class RequestCounts:
    """Requests of one unit or category: received in the period, closed in the period (whenever
    received), and of those received in the period the ones still open."""

    received: int = 0
    closed: int = 0
    still_open: int = 0


@dataclass(frozen=True)
class RequestStats:
    received: int
    closed: int
    still_open: int
    by_unit: dict[str, RequestCounts] = field(default_factory=dict)
    by_category: dict[str, RequestCounts] = field(default_factory=dict)  # "" for no category
    median_days: float | None = None  # days from received to closed, of those closed
    average_days: float | None = None


def _in(column, start: date, end: date):
    return column.between(start, end)


def request_stats(session: Session, *, start: date, end: date) -> RequestStats:
    """Requests received and closed from ``start`` to ``end`` (both included)."""
    by_unit: dict[str, RequestCounts] = defaultdict(RequestCounts)
    by_category: dict[str, RequestCounts] = defaultdict(RequestCounts)
    still_open = case((Request.status.in_(_OPEN), 1), else_=0)
    for group, column in ((by_unit, OrgUnit.name), (by_category, Request.category)):
        received = session.execute(
            select(column, func.count(), func.sum(still_open))
            .select_from(Request)
            .join(OrgUnit, OrgUnit.id == Request.unit_id)
            .where(_in(Request.received_on, start, end))
            .group_by(column)
        ).all()
        for name, count, open_count in received:
            counts = group[name or ""]
            counts.received, counts.still_open = int(count), int(open_count or 0)
        closed = session.execute(
            select(column, func.count())
            .select_from(Request)
            .join(OrgUnit, OrgUnit.id == Request.unit_id)
            .where(_in(Request.closed_on, start, end), Request.status.in_(_CLOSED))
            .group_by(column)
        ).all()
        for name, count in closed:
            group[name or ""].closed = int(count)
    days = [
        (closed_on - received_on).days
        for received_on, closed_on in session.execute(
            select(Request.received_on, Request.closed_on)
            .where(_in(Request.closed_on, start, end), Request.status.in_(_CLOSED))
        ).all()
        if closed_on is not None and received_on is not None
    ]
    days = [max(n, 0) for n in days]
    return RequestStats(
        received=sum(c.received for c in by_unit.values()),
        closed=sum(c.closed for c in by_unit.values()),
        still_open=sum(c.still_open for c in by_unit.values()),
        by_unit=dict(by_unit),
        by_category=dict(by_category),
        median_days=float(median(days)) if days else None,
        average_days=float(mean(days)) if days else None,
    )


def open_request_counts(session: Session, *, today: date) -> tuple[int, int]:
    """All open requests now, and how many of them are past their due date."""
    total, overdue = session.execute(
        select(
            func.count(),
            func.sum(case((Request.due_on < today, 1), else_=0)),
        ).where(Request.status.in_(_OPEN))
    ).one()
    return int(total or 0), int(overdue or 0)


@dataclass(frozen=True)
class TrainingInPeriod:
    sessions: int
    attended: int  # distinct people who attended a session of the programme in the period


def training_in_period(session: Session, *, start: date, end: date) -> dict[int, TrainingInPeriod]:
    """programme id -> sessions held and distinct people who attended, in the period."""
    held = dict(session.execute(
        select(TrainingSession.programme_id, func.count())
        .where(_in(TrainingSession.held_on, start, end))
        .group_by(TrainingSession.programme_id)
    ).all())
    came = dict(session.execute(
        select(TrainingSession.programme_id, func.count(func.distinct(Enrollment.contact_id)))
        .select_from(Enrollment)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .where(_in(TrainingSession.held_on, start, end),
               Enrollment.status == EnrollmentStatus.ATTENDED.value)
        .group_by(TrainingSession.programme_id)
    ).all())
    return {
        pid: TrainingInPeriod(sessions=int(held.get(pid, 0)), attended=int(came.get(pid, 0)))
        for pid in set(held) | set(came)
    }


def meetings_held(session: Session, *, start: date, end: date) -> int:
    return int(session.execute(
        select(func.count()).select_from(Meeting).where(_in(Meeting.held_on, start, end))
    ).scalar_one())
