"""Requests from capture to triage: create, edit, prioritise, forward, resolve, list.

Urgency
-------
A number from 0 to 125 that says what to look at first. Closed requests score 0.

- priority: low 0, normal 10, high 25, urgent 45
- waiting: one point per two days since the request came in, at most 30
- due date: none 0; due in d days (0 to 14): 30 - 2*d; overdue by d days: 30 + d, at most 50

``urgency()`` computes it in Python and ``urgency_sql()`` in SQL, so lists sort by it in
the database; a test keeps the two in step.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, case, func, literal, literal_column, or_, text, union, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from officer_tui import clock
from officer_tui.db.sqlfuncs import days_between
from officer_tui.db.textsearch import indexed_request_ids, text_contains
from officer_tui.i18n import N_, _
from officer_tui.labels import status_label
from officer_tui.models.enums import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUS_TRANSITIONS,
    Channel,
    Priority,
    RequestStatus,
)
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request, RequestCreate, RequestUpdate
from officer_tui.models.state import AppState
from officer_tui.models.views import RequestFilter, RequestRow, RequestSort
from officer_tui.services._common import (
    check_version,
    clean,
    clean_text,
    filter_words,
    get_or_404,
    transactional,
    validated,
)
from officer_tui.services.authors import clean_user, touched_by
from officer_tui.services.contacts import shown_name
from officer_tui.services.errors import ValidationError
from officer_tui.services.units import unit_and_descendants
from officer_tui.text import fold

PRIORITY_POINTS = {Priority.LOW: 0, Priority.NORMAL: 10, Priority.HIGH: 25, Priority.URGENT: 45}
WAIT_CAP_DAYS = 60  # waiting points stop growing after this many days (30 points)
DUE_HORIZON_DAYS = 14  # a due date starts to count this many days ahead
OVERDUE_CAP_DAYS = 20
DEFAULT_FILTER = RequestFilter()


@dataclass(frozen=True)
class RequestDetail:
    """Everything about one request, names resolved, for the detail view and forms."""

    request: Request
    unit_name: str
    requester_name: str | None
    forwarded_to_name: str | None
    age_days: int
    urgency: int
    urgency_parts: dict[str, int] = field(default_factory=dict)


# --- urgency ------------------------------------------------------------------------------


def urgency_parts(
    *,
    priority: Priority,
    received_on: date,
    due_on: date | None,
    status: RequestStatus,
    today: date,
) -> dict[str, int]:
    if status in CLOSED_STATUSES:
        return {"priority": 0, "waiting": 0, "due": 0}
    age = max((today - received_on).days, 0)
    waiting = min(age, WAIT_CAP_DAYS) // 2
    due = 0
    if due_on is not None:
        left = (due_on - today).days
        if left < 0:
            due = 30 + min(-left, OVERDUE_CAP_DAYS)
        elif left <= DUE_HORIZON_DAYS:
            due = 30 - 2 * left
    return {"priority": PRIORITY_POINTS[priority], "waiting": waiting, "due": due}


def urgency(
    *,
    priority: Priority,
    received_on: date,
    due_on: date | None,
    status: RequestStatus,
    today: date,
) -> int:
    return sum(
        urgency_parts(
            priority=priority, received_on=received_on, due_on=due_on, status=status, today=today
        ).values()
    )


def urgency_sql(today: date):
    """The same score as ``urgency()``, as a SQL expression over the request table."""
    today_value = literal(today)
    age = days_between(Request.received_on, today_value)
    left = days_between(today_value, Request.due_on)
    priority_points = case(
        *[
            (Request.priority == priority.value, points)
            for priority, points in PRIORITY_POINTS.items()
        ],
        else_=0,
    )
    waiting_points = case(
        (age <= 0, 0),
        (age >= WAIT_CAP_DAYS, WAIT_CAP_DAYS // 2),
        else_=age // 2,  # whole points, as in urgency(); ``/`` would divide exactly
    )
    due_points = case(
        (Request.due_on.is_(None), 0),
        (left < -OVERDUE_CAP_DAYS, 30 + OVERDUE_CAP_DAYS),
        (left < 0, 30 - left),
        (left <= DUE_HORIZON_DAYS, 30 - 2 * left),
        else_=0,
    )
    return case(
        (Request.status.in_([s.value for s in CLOSED_STATUSES]), 0),
        else_=priority_points + waiting_points + due_points,
    )


# --- capture and edit ---------------------------------------------------------------------


def _check_links(session: Session, fields: dict) -> None:
    if "unit_id" in fields and (
        fields["unit_id"] is None or session.get(OrgUnit, fields["unit_id"]) is None
    ):
        raise ValidationError("unit", _("choose a unit"))
    requester_id = fields.get("requester_id")
    if requester_id is not None and session.get(Contact, requester_id) is None:
        raise ValidationError("requester", _("unknown contact"))


def _normalise(fields: dict) -> dict:
    if "title" in fields:  # None too: a title cannot be removed
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError("title", _("must not be empty"))
    if "category" in fields:
        fields["category"] = clean(fields["category"]) or None
    if "description" in fields and fields["description"] is None:
        fields["description"] = ""
    return fields


def _refresh_search_text(request: Request) -> None:
    request.search_text = fold(f"{request.title}\n{request.description}")


def _refresh_urgency(request: Request, today: date) -> None:
    request.urgency = urgency(
        priority=request.priority,
        received_on=request.received_on,
        due_on=request.due_on,
        status=request.status,
        today=today,
    )


URGENCY_DAY_KEY = "urgency_day"


def refresh_urgency(session: Session, *, today: date) -> int:
    """Recompute the stored urgency of every open request for ``today`` (once a day).

    Closed requests keep 0. Returns how many requests were updated. Does not commit.
    """
    open_values = [s.value for s in OPEN_STATUSES]
    result = session.execute(
        update(Request)
        .where(Request.status.in_(open_values))
        # ``updated_at`` kept: a new day is no change of the request (imports compare it).
        .values(urgency=urgency_sql(today), updated_at=Request.updated_at)
        .execution_options(synchronize_session=False)
    )
    state = session.get(AppState, URGENCY_DAY_KEY) or AppState(key=URGENCY_DAY_KEY)
    state.value = today.isoformat()
    session.add(state)
    return result.rowcount


# How long the daily refresh waits for another program's write lock before it gives up.
URGENCY_LOCK_WAIT_MS = 200


def urgency_is_current(session: Session, *, today: date) -> bool:
    """True when the stored urgencies were refreshed for ``today``."""
    state = session.get(AppState, URGENCY_DAY_KEY)
    return state is not None and state.value == today.isoformat()


def ensure_urgency_current(session: Session, *, today: date) -> bool:
    """Refresh stored urgencies when the day has changed since the last refresh.

    Listing is a read, and reads never wait for another program: the refresh runs in its own
    short transaction (the caller's session is left alone) and waits at most
    ``URGENCY_LOCK_WAIT_MS`` for the write lock. When the database stays busy it is skipped
    and tried again by the next list. Returns True when the stored scores are today's; lists
    sort by the score computed in SQL otherwise, so their order is right either way.
    """
    if urgency_is_current(session, today=today):
        return True
    bind = session.get_bind()
    if not isinstance(bind, Engine):  # a session on a caller's connection: its transaction
        refresh_urgency(session, today=today)
        session.commit()
        return True
    return _refresh_without_waiting(bind, today)


def _refresh_without_waiting(engine: Engine, today: date) -> bool:
    from officer_tui.db import files
    from officer_tui.db.errors import problem_kind

    sqlite = engine.dialect.name == "sqlite"
    with Session(engine) as own:
        raw = own.connection().connection.dbapi_connection if sqlite else None
        try:
            if raw is not None:
                raw.execute(f"PRAGMA busy_timeout = {URGENCY_LOCK_WAIT_MS}")
            else:
                own.execute(text(f"SET LOCAL lock_timeout = '{URGENCY_LOCK_WAIT_MS}ms'"))
            refresh_urgency(own, today=today)
            own.flush()
        except OperationalError as exc:
            if problem_kind(exc) != "locked":  # SQLite's busy file, PostgreSQL's lock_timeout
                raise
            return False  # busy: the next list tries again
        finally:
            if raw is not None:  # the pooled connection waits as long as any other again
                raw.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        own.commit()
    return True


def new_request(session: Session, *, data: RequestCreate | dict, today: date | None = None) -> Request:
    """A checked request, not added to the session yet (``create_request`` and bulk imports)."""
    raw = data.model_dump(exclude_unset=True) if not isinstance(data, dict) else dict(data)
    raw.setdefault("received_on", today or clock.today())
    fields = _normalise(validated(RequestCreate, raw, model=Request).model_dump())
    _check_links(session, fields)
    if fields["received_on"] > (today or clock.today()):
        raise ValidationError("received", _("cannot lie in the future"))
    request = Request.model_validate(fields)
    _refresh_search_text(request)
    _refresh_urgency(request, today or clock.today())
    return request


@transactional
def create_request(
    session: Session, *, data: RequestCreate | dict, today: date | None = None
) -> Request:
    """Capture a new request. ``received_on`` defaults to today; it may not lie in the future."""
    request = new_request(session, data=data, today=today)
    session.add(request)
    session.flush()
    return request


@transactional
def update_request(
    session: Session,
    *,
    request_id: int,
    changes: RequestUpdate | dict,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Edit what the capture form holds. A new request given a priority stays new."""
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    fields = _normalise(validated(RequestUpdate, changes, model=Request).model_dump(exclude_unset=True))
    if "channel" in fields and fields["channel"] is None:
        del fields["channel"]
    if "priority" in fields and fields["priority"] is None:
        del fields["priority"]
    if "received_on" in fields:
        if fields["received_on"] is None:
            del fields["received_on"]
        elif fields["received_on"] > (today or clock.today()):
            raise ValidationError("received", _("cannot lie in the future"))
    _check_links(session, fields)
    request.sqlmodel_update(fields)
    _refresh_search_text(request)
    _refresh_urgency(request, today or clock.today())
    session.add(request)
    session.flush()
    return request


# --- triage -------------------------------------------------------------------------------


def _move(request: Request, status: RequestStatus, today: date) -> None:
    if status == request.status:
        return
    if status not in STATUS_TRANSITIONS[request.status]:
        raise ValidationError(
            "status",
            _("cannot go from {old} to {new}").format(
                old=status_label(request.status), new=status_label(status)
            ),
        )
    request.status = status
    request.closed_on = today if status in CLOSED_STATUSES else None


@transactional
def triage(
    session: Session,
    *,
    request_id: int,
    priority: Priority | None = None,
    category: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Set priority and/or category; a new request becomes 'triaged'."""
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    if priority is not None:
        request.priority = Priority(priority)
    if category is not None:
        request.category = clean(category, "category", limit=80) or None
    if request.status == RequestStatus.NEW:
        request.status = RequestStatus.TRIAGED
    _refresh_urgency(request, today or clock.today())
    session.add(request)
    session.flush()
    return request


@transactional
def set_status(
    session: Session,
    *,
    request_id: int,
    status: RequestStatus,
    resolution: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Move a request along its life. Done and declined need a resolution note;
    forwarding goes through ``forward()`` because it needs a unit."""
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    status = RequestStatus(status)
    if status == RequestStatus.FORWARDED and request.forwarded_to_id is None:
        raise ValidationError("forward_to", _("say to which unit the request is forwarded"))
    if status in CLOSED_STATUSES:
        note = clean_text(resolution, "resolution") or request.resolution
        if not note:
            raise ValidationError(
                "resolution", _("a resolution note is required to close a request")
            )
        request.resolution = note
    elif resolution is not None:
        request.resolution = clean_text(resolution, "resolution")
    _move(request, status, today or clock.today())
    _refresh_urgency(request, today or clock.today())
    session.add(request)
    session.flush()
    return request


@transactional
def forward(
    session: Session,
    *,
    request_id: int,
    unit_id: int,
    ticket_ref: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Forward to a unit (usually the IT provider) with its ticket number; status 'forwarded'."""
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    if unit_id is None or session.get(OrgUnit, unit_id) is None:
        raise ValidationError("forward_to", _("choose a unit"))
    if unit_id == request.unit_id:
        raise ValidationError("forward_to", _("cannot forward a request to the unit it came from"))
    request.forwarded_to_id = unit_id
    if ticket_ref is not None:
        request.ticket_ref = clean(ticket_ref, "ticket_ref", limit=120) or None
    if request.status != RequestStatus.FORWARDED:
        _move(request, RequestStatus.FORWARDED, today or clock.today())
    _refresh_urgency(request, today or clock.today())
    session.add(request)
    session.flush()
    return request


@transactional
def resolve(
    session: Session,
    *,
    request_id: int,
    resolution: str,
    declined: bool = False,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Close as done (or declined) with a resolution note, which is required."""
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    note = clean_text(resolution, "resolution")
    if not note:
        raise ValidationError("resolution", _("a resolution note is required to close a request"))
    request.resolution = note
    _move(
        request, RequestStatus.DECLINED if declined else RequestStatus.DONE, today or clock.today()
    )
    _refresh_urgency(request, today or clock.today())
    session.add(request)
    session.flush()
    return request


@transactional
def apply_changes(
    session: Session,
    *,
    request_id: int,
    status: RequestStatus | None = None,
    priority: Priority | None = None,
    category: str | None = None,
    forward_to_id: int | None = None,
    ticket_ref: str | None = None,
    resolution: str | None = None,
    changes: RequestUpdate | dict | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Request:
    """Several changes to one request in one transaction: all are saved, or none.

    In this order: ``changes`` (capture-form fields such as ``due_on``) as ``update_request``;
    priority and category as ``triage`` (a new request becomes triaged); ``forward_to_id`` as
    ``forward``; a ticket alone updates the ticket of a forwarded request; then ``status``:
    done and declined as ``resolve`` (a resolution is required), others as ``set_status``.
    A resolution alone edits the note.
    """
    today = today or clock.today()
    request = get_or_404(session, Request, request_id, "request")
    check_version(request, expected_version, "request")
    status = RequestStatus(status) if status is not None else None
    if changes:
        update_request.__wrapped__(session, request_id=request_id, changes=changes, today=today)
    if priority is not None or category is not None:
        triage.__wrapped__(
            session, request_id=request_id, priority=priority, category=category, today=today
        )
    if forward_to_id is not None or (
        status == RequestStatus.FORWARDED and request.status != RequestStatus.FORWARDED
    ):
        unit_id = forward_to_id if forward_to_id is not None else request.forwarded_to_id
        if unit_id is None:
            raise ValidationError("forward_to", _("say to which unit the request is forwarded"))
        forward.__wrapped__(
            session, request_id=request_id, unit_id=unit_id, ticket_ref=ticket_ref, today=today
        )
    elif ticket_ref is not None:
        if request.forwarded_to_id is None:
            raise ValidationError(
                "ticket_ref", _("the request has not been forwarded; say to which unit")
            )
        request.ticket_ref = clean(ticket_ref, "ticket_ref", limit=120) or None
    if status in CLOSED_STATUSES:
        resolve.__wrapped__(
            session,
            request_id=request_id,
            resolution=resolution or "",
            declined=status == RequestStatus.DECLINED,
            today=today,
        )
    elif status is not None and status != RequestStatus.FORWARDED:
        set_status.__wrapped__(
            session, request_id=request_id, status=status, resolution=resolution, today=today
        )
    elif resolution is not None and status is None:
        request.resolution = clean_text(resolution, "resolution")
    session.add(request)
    session.flush()
    return request


# --- reading ------------------------------------------------------------------------------


def _scans(filters: RequestFilter) -> bool:
    """Free text is matched row by row: then one pass over the table beats index lookups."""
    return bool(fold(filters.text).split())


def _filtered(
    statement, session: Session, filters: RequestFilter, today: date, *, for_list: bool = True
):
    # For lists, ``status || ''`` keeps SQLite from fetching rows one by one through the
    # status index and sorting them; it walks the covering sort index instead (or, for text,
    # the table once). Counting does use the status index.
    status = Request.status.concat(literal_column("''")) if for_list else Request.status
    if filters.statuses is not None:
        statement = statement.where(status.in_([s.value for s in filters.statuses]))
    if filters.priority is not None:
        statement = statement.where(Request.priority == Priority(filters.priority).value)
    if filters.unit_id is not None:
        statement = statement.where(
            Request.unit_id.in_(unit_and_descendants(session, filters.unit_id))
        )
    if filters.category:
        statement = statement.where(Request.category == filters.category)
    if filters.overdue:
        statement = statement.where(
            Request.due_on < today, Request.status.in_([s.value for s in OPEN_STATUSES])
        )
    if filters.waiting_days is not None:
        statement = statement.where(
            days_between(Request.received_on, literal(today)) > filters.waiting_days,
            Request.status.in_([s.value for s in OPEN_STATUSES]),
        )
    if clean_user(filters.changed_by):
        statement = statement.where(touched_by(session, Request, filters.changed_by))
    words = filter_words(filters.text)
    if words:
        requester = aliased(Contact)
        people = select(requester.id).where(text_contains(requester.name_folded, words))
        indexed = indexed_request_ids(words, dialect=session.get_bind().dialect.name)
        if indexed is not None:
            # Two index lookups joined, instead of reading every request.
            by_person = select(Request.id).where(Request.requester_id.in_(people))
            statement = statement.where(Request.id.in_(union(indexed, by_person)))
        else:
            statement = statement.where(
                or_(text_contains(Request.search_text, words), Request.requester_id.in_(people))
            )
    return statement


def _ordered(statement, sort: RequestSort, today: date, *, scans: bool = False,
             stored_current: bool = True):
    if sort == RequestSort.RECEIVED:
        return statement.order_by(Request.received_on.desc(), Request.id.desc())
    if sort == RequestSort.DUE:
        return statement.order_by(
            case((Request.due_on.is_(None), 1), else_=0), Request.due_on, Request.id
        )
    # The stored score (kept current by ensure_urgency_current) lets SQLite walk an index;
    # ``urgency + 0`` sorts the few text matches instead of walking the index for them.
    score = (Request.urgency + literal_column("0")) if scans else Request.urgency
    if not stored_current:  # the daily refresh could not run (busy): today's score, in SQL
        score = urgency_sql(today)
    return statement.order_by(score.desc(), Request.received_on.desc(), Request.id.desc())


def ordered_ids(
    session: Session,
    *,
    filters: RequestFilter = DEFAULT_FILTER,
    sort: RequestSort = RequestSort.URGENCY,
    today: date | None = None,
) -> array:
    """The ids of every matching request, in list order: one query, ~8 bytes a request.

    The list view keeps these and fetches only the rows it shows (``rows_for``).
    """
    today = today or clock.today()
    current = ensure_urgency_current(session, today=today)
    statement = _filtered(select(Request.id), session, filters, today)
    if RequestSort(sort) == RequestSort.DUE:
        # Two index walks (with a due date, soonest first; then the rest) beat sorting on
        # an expression that puts missing dates last.
        dated = statement.where(Request.due_on.is_not(None)).order_by(Request.due_on, Request.id)
        undated = statement.where(Request.due_on.is_(None)).order_by(Request.id)
        return _ids(session, dated) + _ids(session, undated)
    return _ids(session, _ordered(statement, RequestSort(sort), today, scans=_scans(filters),
                                  stored_current=current))


def _ids(session: Session, statement) -> array:
    """The ids a statement selects, in its order. This is the hot path of every list.

    On SQLite the ids come back as one ``group_concat`` string: one step of the query
    instead of one per row. Each step hands Python's GIL back and forth, and while the UI
    thread is busy that costs up to 5 ms a row; one string costs one hand-over.
    (``group_concat`` keeps the order of an ordered subquery; a test holds it to that.)
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        ordered = statement.subquery()
        joined = connection.execute(select(func.group_concat(ordered.c.id))).scalar()
        return array("q", map(int, joined.split(","))) if joined else array("q")
    result = connection.execute(statement)
    return array("q", [row[0] for row in result.cursor.fetchall()])


def count_requests(
    session: Session, *, filters: RequestFilter = DEFAULT_FILTER, today: date | None = None
) -> int:
    today = today or clock.today()
    statement = _filtered(
        select(func.count()).select_from(Request), session, filters, today, for_list=False
    )
    return session.exec(statement).one()


def _row_statement(today: date):
    forwarded = aliased(OrgUnit)
    return (
        select(
            Request.id,
            Request.title,
            Request.status,
            Request.priority,
            OrgUnit.name,
            Request.category,
            Request.received_on,
            Request.due_on,
            Request.ticket_ref,
            Request.version,
            Contact.name,
            forwarded.name,
            urgency_sql(today).label("urgency"),
        )
        .join(OrgUnit, Request.unit_id == OrgUnit.id)
        .join(Contact, Request.requester_id == Contact.id, isouter=True)
        .join(forwarded, Request.forwarded_to_id == forwarded.id, isouter=True)
    )


def _to_row(values, today: date) -> RequestRow:
    (
        rid,
        title,
        status,
        priority,
        unit_name,
        category,
        received_on,
        due_on,
        ticket_ref,
        version,
        requester_name,
        _forwarded_name,
        score,
    ) = values
    return RequestRow(
        id=rid,
        title=title,
        status=RequestStatus(status),
        priority=Priority(priority),
        unit_name=unit_name,
        category=category,
        received_on=received_on,
        due_on=due_on,
        age_days=max((today - received_on).days, 0),
        urgency=int(score),
        requester_name=shown_name(requester_name),  # "erased person" for an erased one
        ticket_ref=ticket_ref,
        version=version,
        overdue=due_on is not None
        and due_on < today
        and RequestStatus(status) not in CLOSED_STATUSES,
    )


def rows_for(
    session: Session, ids: Sequence[int], *, today: date | None = None
) -> list[RequestRow]:
    """The list rows for ``ids``, in the order given (ids that vanished are left out)."""
    if not len(ids):
        return []
    today = today or clock.today()
    wanted = list(ids)
    found = {
        row.id: row
        for row in (
            _to_row(values, today)
            for values in session.exec(_row_statement(today).where(Request.id.in_(wanted))).all()
        )
    }
    return [found[i] for i in wanted if i in found]


def list_requests(
    session: Session,
    *,
    filters: RequestFilter = DEFAULT_FILTER,
    sort: RequestSort = RequestSort.URGENCY,
    limit: int | None = None,
    today: date | None = None,
) -> list[RequestRow]:
    today = today or clock.today()
    current = ensure_urgency_current(session, today=today)
    statement = _ordered(
        _filtered(_row_statement(today), session, filters, today),
        RequestSort(sort),
        today,
        scans=_scans(filters),
        stored_current=current,
    )
    if limit:
        statement = statement.limit(limit)
    return [_to_row(values, today) for values in session.exec(statement).all()]


def get_request(session: Session, request_id: int) -> Request:
    return get_or_404(session, Request, request_id, "request")


def request_detail(
    session: Session, request_id: int, *, today: date | None = None
) -> RequestDetail:
    today = today or clock.today()
    request = get_or_404(session, Request, request_id, "request")
    unit = session.get(OrgUnit, request.unit_id)
    requester = session.get(Contact, request.requester_id) if request.requester_id else None
    forwarded = session.get(OrgUnit, request.forwarded_to_id) if request.forwarded_to_id else None
    parts = urgency_parts(
        priority=request.priority,
        received_on=request.received_on,
        due_on=request.due_on,
        status=request.status,
        today=today,
    )
    return RequestDetail(
        request=request,
        unit_name=unit.name if unit else "",
        requester_name=shown_name(requester.name, requester.erased_at) if requester else None,
        forwarded_to_name=forwarded.name if forwarded else None,
        age_days=max((today - request.received_on).days, 0),
        urgency=sum(parts.values()),
        urgency_parts=parts,
    )


def categories(session: Session) -> list[str]:
    """Categories in use, most used first, then the usual ones."""
    used = session.exec(
        select(Request.category, func.count())
        .where(Request.category.is_not(None))
        .group_by(Request.category)
        .order_by(func.count().desc(), Request.category)
    ).all()
    names = [name for name, _count in used]
    for usual in (_(name) for name in DEFAULT_CATEGORIES):
        if usual not in names:
            names.append(usual)
    return names


# The usual categories of an officer's requests; any other text is allowed too.
DEFAULT_CATEGORIES = (
    N_("Hardware"),
    N_("Software"),
    N_("Accounts and access"),
    N_("Network"),
    N_("Telephony"),
    N_("Website"),
    N_("Data protection"),
    N_("Procurement"),
    N_("Training"),
    N_("Digitalisation"),
)


__all__ = [
    "Channel",
    "RequestDetail",
    "RequestFilter",
    "RequestRow",
    "RequestSort",
    "apply_changes",
    "categories",
    "count_requests",
    "create_request",
    "forward",
    "get_request",
    "list_requests",
    "ordered_ids",
    "request_detail",
    "resolve",
    "rows_for",
    "set_status",
    "triage",
    "update_request",
    "urgency",
    "urgency_parts",
    "urgency_sql",
]
