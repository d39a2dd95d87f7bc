"""Reading meetings: the ordered list, its rows, one meeting in full, the decision register.

Importable from ``services.meetings`` (the public names live there too).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from officer_tui import clock
from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)
from officer_tui.models.meeting import (
    AgendaItem,
    Meeting,
    MeetingLink,
    MeetingParticipant,
    MeetingSeries,
    Outcome,
)
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.services._common import get_or_404
from officer_tui.services.meeting_views import (
    DecisionRow,
    ItemView,
    LinkView,
    MeetingDetail,
    MeetingFilter,
    MeetingRow,
    MeetingWhen,
    OutcomeView,
    ParticipantView,
)
from officer_tui.services.units import unit_and_descendants
from officer_tui.text import fold

# What a meeting or an agenda item can be about.
LINKABLE: dict[RecordKind, type] = {
    RecordKind.REQUEST: Request,
    RecordKind.IDEA: Idea,
    RecordKind.PROJECT: Project,
}


def shown_name(name: str | None, erased_at=None) -> str | None:
    """A person's name ("erased person" for an erased one), as services.contacts shows it.

    Imported when called: services.contacts imports the timeline, which imports this
    domain's feed from services.meetings.
    """
    from officer_tui.services.contacts import shown_name as shown

    return shown(name, erased_at)


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    return get_or_404(session, Meeting, meeting_id, "meeting")


# --- the list -----------------------------------------------------------------------------


def _filtered(statement, session: Session, filters: MeetingFilter, today: date):
    when = MeetingWhen(filters.when)
    if when == MeetingWhen.UPCOMING:
        statement = statement.where(Meeting.held_on >= today)
    elif when == MeetingWhen.PAST:
        statement = statement.where(Meeting.held_on < today)
    if filters.kind is not None:
        statement = statement.where(Meeting.kind == MeetingKind(filters.kind).value)
    if filters.unit_id is not None:
        statement = statement.where(
            Meeting.unit_id.in_(unit_and_descendants(session, filters.unit_id))
        )
    if filters.series_id is not None:
        statement = statement.where(Meeting.series_id == filters.series_id)
    if filters.contact_id is not None:
        statement = statement.where(
            Meeting.id.in_(
                select(MeetingParticipant.meeting_id).where(
                    MeetingParticipant.contact_id == filters.contact_id
                )
            )
        )
    if filters.open_only:
        statement = statement.where(Meeting.closed_at.is_(None))
    for word in fold(filters.text).split():
        # Matching people first (a small set), then their meetings through the person index.
        people = select(MeetingParticipant.meeting_id).where(
            MeetingParticipant.contact_id.in_(
                select(Contact.id).where(Contact.name_folded.contains(word, autoescape=True))
            )
        )
        statement = statement.where(
            or_(Meeting.search_text.contains(word, autoescape=True), Meeting.id.in_(people))
        )
    return statement


def _ids(session: Session, statement) -> array:
    """Ids in order; on SQLite as one ``group_concat`` string (see services.requests)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        ordered = statement.subquery()
        joined = connection.execute(select(func.group_concat(ordered.c.id))).scalar()
        return array("q", map(int, joined.split(","))) if joined else array("q")
    return array("q", [row[0] for row in connection.execute(statement).fetchall()])


def ordered_statements(session: Session, filters: MeetingFilter, *, today: date) -> list:
    """The list's queries, in order: upcoming ones (from ``today``) soonest first, then past
    ones newest first; each walks the date index."""
    when = MeetingWhen(filters.when)
    base = _filtered(select(Meeting.id), session, filters, today)
    day = Meeting.held_on
    if filters.text.strip():
        # Text keeps few rows: scanning the table and sorting the matches is 3x faster than
        # walking the date index and fetching every row in date order (20,000 meetings).
        # COALESCE(x, x) is x, but no index can serve it.
        day = func.coalesce(Meeting.held_on, Meeting.held_on)
    statements = []
    if when != MeetingWhen.PAST:
        statements.append(
            base.where(day >= today).order_by(day, Meeting.start_time.nulls_first(), Meeting.id)
        )
    if when != MeetingWhen.UPCOMING:
        statements.append(
            base.where(day < today).order_by(
                day.desc(), Meeting.start_time.desc().nulls_last(), Meeting.id.desc()
            )
        )
    return statements


def ordered_ids(session: Session, filters: MeetingFilter, *, today: date) -> list[int]:
    """Every matching meeting's id in list order: upcoming ones (from ``today``) soonest
    first, then past ones newest first. One query per part, ids as one string each."""
    return ordered_ids_and_upcoming(session, filters, today=today)[0]


def ordered_ids_and_upcoming(
    session: Session, filters: MeetingFilter, *, today: date
) -> tuple[list[int], int]:
    """``ordered_ids`` and how many of them are upcoming (the first part), in one pass."""
    when = MeetingWhen(filters.when)
    parts = [_ids(session, statement)
             for statement in ordered_statements(session, filters, today=today)]
    upcoming = len(parts[0]) if when != MeetingWhen.PAST else 0
    ids = array("q")
    for part in parts:
        ids += part
    return ids.tolist(), upcoming


def count_meetings(session: Session, filters: MeetingFilter, *, today: date) -> int:
    statement = _filtered(select(func.count()).select_from(Meeting), session, filters, today)
    return session.execute(statement).scalar_one()


def _row_statement():
    participants = (
        select(func.count())
        .where(MeetingParticipant.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    items = (
        select(func.count())
        .where(AgendaItem.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    decided = (
        select(func.count())
        .where(Outcome.meeting_id == Meeting.id, Outcome.kind == OutcomeKind.DECISION.value)
        .correlate(Meeting)
        .scalar_subquery()
    )
    open_actions = (
        select(func.count())
        .select_from(Outcome)
        .join(FollowUp, FollowUp.id == Outcome.followup_id)
        .where(
            Outcome.meeting_id == Meeting.id,
            Outcome.kind == OutcomeKind.ACTION.value,
            FollowUp.done_on.is_(None),
        )
        .correlate(Meeting)
        .scalar_subquery()
    )
    return select(
        Meeting.id, Meeting.title, Meeting.kind, Meeting.held_on, Meeting.start_time,
        Meeting.end_time, Meeting.place, Meeting.online_url, participants, items, decided,
        open_actions, Meeting.closed_at, MeetingSeries.title,
    ).join(MeetingSeries, MeetingSeries.id == Meeting.series_id, isouter=True)


def _to_row(values) -> MeetingRow:
    (mid, title, kind, held_on, start, end, place, url, people, items, decided, actions,
     closed_at, series) = values
    return MeetingRow(
        id=mid, title=title, kind=MeetingKind(kind), held_on=held_on, start_time=start,
        end_time=end, place=place or "", online=bool(url), participants=int(people or 0),
        items=int(items or 0), decisions=int(decided or 0), open_actions=int(actions or 0),
        closed=closed_at is not None, series_title=series,
    )


def rows_for(session: Session, ids: Sequence[int]) -> list[MeetingRow]:
    """The list rows for ``ids``, in the order given (vanished ids left out)."""
    if not len(ids):
        return []
    wanted = list(ids)
    found: dict[int, MeetingRow] = {}
    for start in range(0, len(wanted), 900):  # stay below SQLite's parameter limit
        chunk = wanted[start:start + 900]
        statement = _row_statement().where(Meeting.id.in_(chunk))
        found.update((row.id, row) for row in map(_to_row, session.execute(statement).all()))
    return [found[i] for i in wanted if i in found]


def list_meetings(
    session: Session, filters: MeetingFilter | None = None, *, today: date | None = None,
    limit: int | None = None,
) -> list[MeetingRow]:
    ids = ordered_ids(session, filters or MeetingFilter(), today=today or clock.today())
    if limit:
        ids = ids[:limit]
    return rows_for(session, ids)


# --- linked records -----------------------------------------------------------------------


def link_titles(
    session: Session, pairs: Iterable[tuple[RecordKind, int]]
) -> dict[tuple[RecordKind, int], str]:
    """Titles of linked requests, ideas and projects (missing records left out)."""
    wanted: dict[RecordKind, set[int]] = {}
    for kind, record_id in pairs:
        if kind is not None and record_id is not None:
            wanted.setdefault(RecordKind(kind), set()).add(record_id)
    titles: dict[tuple[RecordKind, int], str] = {}
    for kind, ids in wanted.items():
        model = LINKABLE.get(kind)
        if model is None:
            continue
        for record_id, title in session.execute(
            select(model.id, model.title).where(model.id.in_(sorted(ids)))
        ).all():
            titles[(kind, record_id)] = title
    return titles


def _link_view(kind, record_id, titles) -> LinkView | None:
    if kind is None or record_id is None:
        return None
    kind = RecordKind(kind)
    return LinkView(kind=kind, record_id=record_id, title=titles.get((kind, record_id), "?"))


def _meeting_links(session: Session, meeting_ids: Sequence[int]) -> dict[int, list[tuple]]:
    links: dict[int, list[tuple]] = {}
    if not meeting_ids:
        return links
    for mid, kind, record_id in session.execute(
        select(MeetingLink.meeting_id, MeetingLink.record_kind, MeetingLink.record_id)
        .where(MeetingLink.meeting_id.in_(list(meeting_ids)))
        .order_by(MeetingLink.record_kind, MeetingLink.record_id)
    ).all():
        links.setdefault(mid, []).append((RecordKind(kind), record_id))
    return links


# --- one meeting --------------------------------------------------------------------------


def _neighbours(session: Session, meeting: Meeting) -> tuple[int | None, int | None]:
    if meeting.series_id is None:
        return None, None
    # Only the meetings around this one's day (a long series has thousands): the ones up to
    # its day newest first, and from its day oldest first; it is in both, its neighbour next.
    series = select(Meeting.id).where(Meeting.series_id == meeting.series_id).limit(50)
    before = list(session.execute(series.where(Meeting.held_on <= meeting.held_on).order_by(
        Meeting.held_on.desc(), Meeting.start_time.desc().nulls_last(), Meeting.id.desc())).scalars())
    after = list(session.execute(series.where(Meeting.held_on >= meeting.held_on).order_by(
        Meeting.held_on, Meeting.start_time.nulls_first(), Meeting.id)).scalars())

    def following(ids: list[int]) -> int | None:
        at = ids.index(meeting.id) if meeting.id in ids else -1
        return ids[at + 1] if 0 <= at < len(ids) - 1 else None

    return following(before), following(after)


def _outcomes(session: Session, item_ids: list[int]) -> dict[int, list[OutcomeView]]:
    found: dict[int, list[OutcomeView]] = {}
    if not item_ids:
        return found
    owner = aliased(Contact)
    statement = (
        select(Outcome, FollowUp.owner_id, owner.name, owner.erased_at, FollowUp.due_on,
               FollowUp.done_on)
        .join(FollowUp, FollowUp.id == Outcome.followup_id, isouter=True)
        .join(owner, owner.id == FollowUp.owner_id, isouter=True)
        .where(Outcome.item_id.in_(item_ids))
        .order_by(Outcome.item_id, Outcome.id)
    )
    for outcome, owner_id, name, erased, due_on, done_on in session.execute(statement).all():
        found.setdefault(outcome.item_id, []).append(
            OutcomeView(
                id=outcome.id, kind=OutcomeKind(outcome.kind), text=outcome.text,
                followup_id=outcome.followup_id, owner_id=owner_id,
                owner_name=shown_name(name, erased), due_on=due_on, done_on=done_on,
                version=outcome.version,
            )
        )
    return found


def _items(session: Session, meeting_id: int) -> tuple[ItemView, ...]:
    presenter, origin = aliased(Contact), aliased(AgendaItem)
    rows = session.execute(
        select(AgendaItem, presenter.name, presenter.erased_at, origin.meeting_id, Meeting.held_on)
        .join(presenter, presenter.id == AgendaItem.presenter_id, isouter=True)
        .join(origin, origin.id == AgendaItem.carried_from_id, isouter=True)
        .join(Meeting, Meeting.id == origin.meeting_id, isouter=True)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    titles = link_titles(session, ((row[0].subject_kind, row[0].subject_id) for row in rows))
    outcomes = _outcomes(session, [row[0].id for row in rows])
    return tuple(
        ItemView(
            id=item.id, position=item.position, title=item.title,
            presenter_id=item.presenter_id, presenter_name=shown_name(name, erased),
            minutes=item.minutes, notes=item.notes, status=AgendaStatus(item.status),
            subject=_link_view(item.subject_kind, item.subject_id, titles),
            carried_from=(origin_meeting, origin_day) if origin_meeting is not None else None,
            outcomes=tuple(outcomes.get(item.id, ())), version=item.version,
        )
        for item, name, erased, origin_meeting, origin_day in rows
    )


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    """One meeting with its participants, links, agenda and outcomes."""
    meeting = get_meeting(session, meeting_id)
    unit = session.get(OrgUnit, meeting.unit_id) if meeting.unit_id else None
    series = session.get(MeetingSeries, meeting.series_id) if meeting.series_id else None
    previous_id, next_id = _neighbours(session, meeting)
    participants = tuple(
        ParticipantView(contact_id=cid, name=shown_name(name, erased) or "", unit=unit_name,
                        attendance=Attendance(attendance))
        for cid, name, erased, unit_name, attendance in session.execute(
            select(Contact.id, Contact.name, Contact.erased_at, OrgUnit.name,
                   MeetingParticipant.attendance)
            .join(MeetingParticipant, MeetingParticipant.contact_id == Contact.id)
            .join(OrgUnit, OrgUnit.id == Contact.unit_id, isouter=True)
            .where(MeetingParticipant.meeting_id == meeting_id)
            .order_by(Contact.name_folded, Contact.id)
        ).all()
    )
    pairs = _meeting_links(session, [meeting_id]).get(meeting_id, [])
    titles = link_titles(session, pairs)
    return MeetingDetail(
        id=meeting.id, title=meeting.title, kind=MeetingKind(meeting.kind),
        held_on=meeting.held_on, start_time=meeting.start_time, end_time=meeting.end_time,
        place=meeting.place, online_url=meeting.online_url, notes=meeting.notes,
        unit_id=meeting.unit_id, unit_name=unit.name if unit else None,
        series_id=meeting.series_id, series_title=series.title if series else None,
        series_every=(series.recur_every, RecurUnit(series.recur_unit)) if series else None,
        previous_id=previous_id, next_id=next_id, closed_at=meeting.closed_at,
        version=meeting.version, participants=participants,
        links=tuple(_link_view(kind, rid, titles) for kind, rid in pairs),
        items=_items(session, meeting_id),
    )


# --- the decision register and a record's meetings ----------------------------------------


def decisions(
    session: Session,
    *,
    text: str = "",
    from_on: date | None = None,
    to_on: date | None = None,
    record: tuple[RecordKind, int] | None = None,
    limit: int | None = None,
) -> list[DecisionRow]:
    """Every decision of every meeting, newest first. ``text`` searches the decision, its
    agenda item's title and the meeting's title (case- and accent-blind)."""
    statement = (
        select(Outcome.id, Meeting.held_on, Meeting.id, Meeting.title, AgendaItem.title,
               Outcome.text, AgendaItem.subject_kind, AgendaItem.subject_id)
        .join(AgendaItem, AgendaItem.id == Outcome.item_id)
        .join(Meeting, Meeting.id == Outcome.meeting_id)
        .where(Outcome.kind == OutcomeKind.DECISION.value)
    )
    for word in fold(text).split():
        statement = statement.where(Outcome.search_text.contains(word, autoescape=True))
    if from_on is not None:
        statement = statement.where(Meeting.held_on >= from_on)
    if to_on is not None:
        statement = statement.where(Meeting.held_on <= to_on)
    if record is not None:
        kind, record_id = RecordKind(record[0]), record[1]
        linked = select(MeetingLink.meeting_id).where(
            MeetingLink.record_kind == kind.value, MeetingLink.record_id == record_id
        )
        statement = statement.where(
            or_(
                and_(AgendaItem.subject_kind == kind.value, AgendaItem.subject_id == record_id),
                Meeting.id.in_(linked),
            )
        )
    statement = statement.order_by(
        Meeting.held_on.desc(), Meeting.start_time.desc().nulls_last(), Meeting.id.desc(),
        AgendaItem.position, Outcome.id,
    )
    if limit:
        statement = statement.limit(limit)
    rows = session.execute(statement).all()
    links = _meeting_links(session, sorted({row[2] for row in rows}))
    titles = link_titles(
        session,
        [(row[6], row[7]) for row in rows] + [pair for pairs in links.values() for pair in pairs],
    )
    return [
        DecisionRow(
            id=oid, held_on=held_on, meeting_id=mid, meeting_title=meeting_title,
            item_title=item_title, text=decision,
            subject=_link_view(kind, subject_id, titles),
            meeting_links=tuple(_link_view(k, r, titles) for k, r in links.get(mid, [])),
        )
        for oid, held_on, mid, meeting_title, item_title, decision, kind, subject_id in rows
    ]


def meetings_for_record(
    session: Session, *, kind: RecordKind, record_id: int, today: date | None = None
) -> list[MeetingRow]:
    """Meetings linked to a request, idea or project, or with an agenda item on it:
    upcoming ones soonest first, then past ones newest first."""
    kind = RecordKind(kind)
    today = today or clock.today()
    ids = set(
        session.execute(
            select(MeetingLink.meeting_id).where(
                MeetingLink.record_kind == kind.value, MeetingLink.record_id == record_id
            )
        ).scalars()
    )
    ids.update(
        session.execute(
            select(AgendaItem.meeting_id).where(
                AgendaItem.subject_kind == kind.value, AgendaItem.subject_id == record_id
            )
        ).scalars()
    )
    rows = rows_for(session, sorted(ids))
    upcoming = sorted((r for r in rows if r.held_on >= today),
                      key=lambda r: (r.held_on, r.start_time is not None, r.start_time, r.id))
    past = sorted((r for r in rows if r.held_on < today),
                  key=lambda r: (r.held_on, r.start_time is not None, r.start_time, r.id),
                  reverse=True)
    return upcoming + past


def series_choices(session: Session) -> list[tuple[int, str]]:
    """(id, title) of every meeting series, by title: for a series filter."""
    return [
        (sid, title)
        for sid, title in session.execute(
            select(MeetingSeries.id, MeetingSeries.title).order_by(MeetingSeries.title, MeetingSeries.id)
        ).all()
    ]
