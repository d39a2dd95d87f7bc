"""Today: what needs the officer today, across every domain, as sections of lines.

Each section has a loader that counts its records with one ``count()`` query and reads its
first lines with ``LIMIT``, so the pane can fill section by section. Membership:

- overdue follow-ups: open, due before today (oldest first); due today: open, due today;
  soon: open, due tomorrow up to ``FOLLOWUP_SOON_DAYS`` ahead
- new requests: status new (newest first); waiting too long: open and received more than
  ``waiting_too_long_days()`` days ago (the settings file) (the Requests list's ``--waiting-days``, most urgent first)
- meetings: held today or in the six days after (by day and time)
- training sessions: held today up to ``SESSION_DAYS`` ahead, with a seat free (or no limit)
- ideas: submitted or in review, and not fully assessed (oldest first: they waited longest)
- projects: at risk or off track (unless completed), or a proof of use due within
  ``PROOF_DUE_DAYS`` days or overdue (whatever the phase)
- contacts: losing touch, as the Contacts pane's filter (most overdue first; the slowest)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from officer_tui.i18n import _, format_date, ngettext
from officer_tui.labels import PRIORITY_SYMBOLS, priority_label, status_label
from officer_tui.models.enums import (
    SEAT_HOLDING,
    IdeaStatus,
    Priority,
    ProjectPhase,
    RecordKind,
    RequestStatus,
    TrafficLight,
)
from officer_tui.models.meeting import Meeting
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.training import Enrollment, TrainingProgramme, TrainingSession
from officer_tui.models.views import RequestFilter, RequestRow, RequestSort
from officer_tui.services.today_views import (
    FOLLOWUP_SOON_DAYS,
    LIMIT,
    MEETING_DAYS,
    OVERDUE,
    PROOF_DUE_DAYS,
    SECTION_ORDER,
    SESSION_DAYS,
    TODAY_MARK,
    WARNING,
    Section,
    SectionKey,
    TodayItem,
    waiting_too_long_days,
)

Loader = Callable[[Session, date, int], Section]


def _count(session: Session, statement) -> int:
    return int(session.execute(statement).scalar_one())


def _join(*parts: str | None) -> str:
    return " · ".join(part for part in parts if part)


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


# --- follow-ups -----------------------------------------------------------------------------


def _followup_items(session: Session, where, today: date, limit: int) -> list[TodayItem]:
    from officer_tui.services.followups import SUBJECT_LABELS, _row_statement

    statement = _row_statement().where(*where).order_by(FollowUp.due_on, FollowUp.id).limit(limit)
    items = []
    for followup, owner, subject in session.execute(statement).all():
        late = (today - followup.due_on).days
        about = None
        if followup.subject_kind is not None:
            label = _(SUBJECT_LABELS.get(followup.subject_kind, followup.subject_kind))
            about = f"{label} #{followup.subject_id} {subject or ''}".rstrip()
        items.append(TodayItem(
            kind=RecordKind.FOLLOWUP,
            record_id=followup.id,
            day=followup.due_on,
            title=followup.title + (" ↻" if followup.recur_every else ""),
            detail=_join(
                _("{days} overdue").format(days=_days(late)) if late > 0 else None,
                owner,
                about,
            ),
            mark=OVERDUE if late > 0 else TODAY_MARK if late == 0 else "",
        ))
    return items


def _followup_section(key: SectionKey, where: list, session: Session, today: date,
                      limit: int) -> Section:
    count = _count(session, select(func.count()).select_from(FollowUp).where(*where))
    items = _followup_items(session, where, today, limit) if count else []
    return Section(key, count, items)


def overdue_followups(session: Session, today: date, limit: int = LIMIT) -> Section:
    where = [FollowUp.done_on.is_(None), FollowUp.due_on < today]
    return _followup_section(SectionKey.FOLLOWUPS_OVERDUE, where, session, today, limit)


def followups_due_today(session: Session, today: date, limit: int = LIMIT) -> Section:
    where = [FollowUp.done_on.is_(None), FollowUp.due_on == today]
    return _followup_section(SectionKey.FOLLOWUPS_TODAY, where, session, today, limit)


def followups_due_soon(session: Session, today: date, limit: int = LIMIT) -> Section:
    where = [FollowUp.done_on.is_(None), FollowUp.due_on > today,
             FollowUp.due_on <= today + timedelta(days=FOLLOWUP_SOON_DAYS)]
    return _followup_section(SectionKey.FOLLOWUPS_SOON, where, session, today, limit)


# --- requests -------------------------------------------------------------------------------


def _priority_text(priority: Priority) -> str:
    return f"{PRIORITY_SYMBOLS[Priority(priority)]} {priority_label(priority)}"


def _request_item(row: RequestRow, detail: str) -> TodayItem:
    return TodayItem(
        kind=RecordKind.REQUEST, record_id=row.id, day=row.received_on, title=row.title,
        detail=_join(_("due {date}, overdue").format(date=format_date(row.due_on))
                     if row.overdue else None, detail),
        mark=OVERDUE if row.overdue else "",
    )


NEW_FILTER = RequestFilter(statuses=frozenset({RequestStatus.NEW}))


def waiting_filter() -> RequestFilter:
    """Open requests waiting too long (the threshold of the settings file, read now)."""
    return RequestFilter(waiting_days=waiting_too_long_days())


def new_requests(session: Session, today: date, limit: int = LIMIT) -> Section:
    from officer_tui.services import requests

    count = requests.count_requests(session, filters=NEW_FILTER, today=today)
    rows = requests.list_requests(session, filters=NEW_FILTER, sort=RequestSort.RECEIVED,
                                  limit=limit, today=today) if count else []
    items = [
        _request_item(row, _join(row.unit_name, row.requester_name, _priority_text(row.priority)))
        for row in rows
    ]
    return Section(SectionKey.REQUESTS_NEW, count, items)


def waiting_requests(session: Session, today: date, limit: int = LIMIT) -> Section:
    from officer_tui.services import requests

    filters = waiting_filter()
    count = requests.count_requests(session, filters=filters, today=today)
    rows = requests.list_requests(session, filters=filters, sort=RequestSort.URGENCY,
                                  limit=limit, today=today) if count else []
    items = [
        _request_item(row, _join(
            _("waiting {days}").format(days=_days(row.age_days)), status_label(row.status),
            row.unit_name, _priority_text(row.priority),
        ))
        for row in rows
    ]
    return Section(SectionKey.REQUESTS_WAITING, count, items)


# --- meetings and training ------------------------------------------------------------------


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def time_text(start: time | None, end: time | None) -> str:
    """``09:00–10:30``, ``09:00`` or ``all day``."""
    if start is None:
        return _("all day")
    return f"{_clock(start)}–{_clock(end)}" if end is not None else _clock(start)


def meetings_this_week(session: Session, today: date, limit: int = LIMIT) -> Section:
    where = [Meeting.held_on >= today, Meeting.held_on < today + timedelta(days=MEETING_DAYS)]
    count = _count(session, select(func.count()).select_from(Meeting).where(*where))
    now = _count(session, select(func.count()).select_from(Meeting).where(Meeting.held_on == today))
    statement = (
        select(Meeting.id, Meeting.title, Meeting.held_on, Meeting.start_time, Meeting.end_time,
               Meeting.place, Meeting.online_url, Meeting.closed_at)
        .where(*where)
        .order_by(Meeting.held_on, Meeting.start_time.nulls_first(), Meeting.id)
        .limit(limit)
    )
    items = [
        TodayItem(
            kind=RecordKind.MEETING, record_id=mid, day=held_on, title=title,
            detail=_join(time_text(start, end), place or None, "⌁ " + _("online") if url else None,
                         "🔒 " + _("closed") if closed_at else None),
            mark=TODAY_MARK if held_on == today else "",
        )
        for mid, title, held_on, start, end, place, url, closed_at in
        (session.execute(statement).all() if count else [])
    ]
    return Section(SectionKey.MEETINGS, count, items, today_count=now)


def sessions_with_seats(session: Session, today: date, limit: int = LIMIT) -> Section:
    taken = (
        select(func.count())
        .where(Enrollment.session_id == TrainingSession.id,
               Enrollment.status.in_([status.value for status in SEAT_HOLDING]))
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    where = [
        TrainingSession.held_on >= today,
        TrainingSession.held_on < today + timedelta(days=SESSION_DAYS),
        or_(TrainingSession.capacity.is_(None), TrainingSession.capacity > taken),
    ]
    count = _count(session, select(func.count()).select_from(TrainingSession).where(*where))
    statement = (
        select(TrainingSession.id, TrainingProgramme.title, TrainingSession.held_on,
               TrainingSession.start_time, TrainingSession.end_time, TrainingSession.place,
               TrainingSession.capacity, taken)
        .join(TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id)
        .where(*where)
        .order_by(TrainingSession.held_on, TrainingSession.start_time.nulls_first(),
                  TrainingSession.id)
        .limit(limit)
    )
    items = []
    for sid, title, held_on, start, end, place, capacity, seats in (
        session.execute(statement).all() if count else []
    ):
        if capacity is None:
            seats_text = _("no seat limit")
        else:
            free = capacity - int(seats or 0)
            seats_text = ngettext("{free} of {capacity} seat free", "{free} of {capacity} seats free",
                                  free).format(free=free, capacity=capacity)
        items.append(TodayItem(
            kind=RecordKind.TRAINING_SESSION, record_id=sid, day=held_on, title=title,
            detail=_join(seats_text, time_text(start, end), place or None),
            mark=TODAY_MARK if held_on == today else "",
        ))
    return Section(SectionKey.SESSIONS, count, items)


# --- ideas and projects ---------------------------------------------------------------------


def ideas_awaiting_assessment(session: Session, today: date, limit: int = LIMIT) -> Section:
    where = [
        Idea.status.in_([IdeaStatus.SUBMITTED.value, IdeaStatus.IN_REVIEW.value]),
        or_(Idea.benefit.is_(None), Idea.effort.is_(None), Idea.strategic_fit.is_(None),
            Idea.reach.is_(None)),
    ]
    count = _count(session, select(func.count()).select_from(Idea).where(*where))
    statement = (
        select(Idea.id, Idea.title, Idea.submitted_on, Idea.status, OrgUnit.name, Contact.name,
               Contact.erased_at)
        .join(OrgUnit, Idea.unit_id == OrgUnit.id, isouter=True)
        .join(Contact, Idea.submitter_id == Contact.id, isouter=True)
        .where(*where)
        .order_by(Idea.submitted_on, Idea.id)
        .limit(limit)
    )
    from officer_tui.services.contacts import shown_name
    from officer_tui.services.ideas import idea_status_label

    items = [
        TodayItem(
            kind=RecordKind.IDEA, record_id=iid, day=submitted, title=title,
            detail=_join(_("waiting {days}").format(days=_days(max((today - submitted).days, 0))),
                         idea_status_label(status), unit, shown_name(submitter, erased)),
        )
        for iid, title, submitted, status, unit, submitter, erased in
        (session.execute(statement).all() if count else [])
    ]
    return Section(SectionKey.IDEAS, count, items)


def projects_at_risk(session: Session, today: date, limit: int = LIMIT) -> Section:
    from officer_tui.services.project_views import traffic_words

    proof_near = and_(Project.proof_of_use_due.is_not(None),
                      Project.proof_of_use_due <= today + timedelta(days=PROOF_DUE_DAYS))
    risky = and_(
        Project.traffic_light.in_([TrafficLight.AT_RISK.value, TrafficLight.OFF_TRACK.value]),
        Project.phase != ProjectPhase.DONE.value,
    )
    where = [or_(risky, proof_near)]
    count = _count(session, select(func.count()).select_from(Project).where(*where))
    # Overdue proofs and off-track projects first, then proofs due soon, then at risk.
    rank = case(
        (and_(proof_near, Project.proof_of_use_due < today), 0),
        (and_(risky, Project.traffic_light == TrafficLight.OFF_TRACK.value), 1),
        (proof_near, 2),
        else_=3,
    )
    statement = (
        select(Project.id, Project.title, Project.phase, Project.traffic_light,
               Project.proof_of_use_due, OrgUnit.name)
        .join(OrgUnit, Project.owner_unit_id == OrgUnit.id, isouter=True)
        .where(*where)
        .order_by(rank, Project.proof_of_use_due, Project.id)
        .limit(limit)
    )
    items = []
    for pid, title, phase, light, proof, unit in session.execute(statement).all() if count else []:
        light = TrafficLight(light)
        shown_light = light != TrafficLight.ON_TRACK and ProjectPhase(phase) != ProjectPhase.DONE
        proof_text = None
        near = proof is not None and proof <= today + timedelta(days=PROOF_DUE_DAYS)
        if near and proof < today:
            proof_text = _("proof of use overdue since {date}").format(date=format_date(proof))
        elif near:
            proof_text = _("proof of use due {date}").format(date=format_date(proof))
        urgent = (near and proof < today) or (shown_light and light == TrafficLight.OFF_TRACK)
        items.append(TodayItem(
            kind=RecordKind.PROJECT, record_id=pid, day=proof if near else None, title=title,
            detail=_join(traffic_words(light) if shown_light else None, proof_text, unit),
            mark=OVERDUE if urgent else WARNING,
        ))
    return Section(SectionKey.PROJECTS, count, items)


# --- contacts -------------------------------------------------------------------------------


def contacts_losing_touch(session: Session, today: date, limit: int = LIMIT) -> Section:
    from officer_tui.services import contacts

    ids = contacts.contact_ids(session, losing_touch=True, today=today)
    items = []
    for row in contacts.contact_rows(session, ids[:limit], today=today):
        days = row.days_since(today)
        last = (_("no contact yet") if days is None
                else _("last contact {days} ago").format(days=_days(days)))
        items.append(TodayItem(
            kind=RecordKind.CONTACT, record_id=row.id, day=row.last_on, title=row.name,
            detail=_join(last, _("every {days}").format(days=_days(row.interval_days)),
                         row.unit_name),
            mark=WARNING,
        ))
    return Section(SectionKey.CONTACTS, len(ids), items)


LOADERS: dict[SectionKey, Loader] = {
    SectionKey.FOLLOWUPS_OVERDUE: overdue_followups,
    SectionKey.FOLLOWUPS_TODAY: followups_due_today,
    SectionKey.REQUESTS_NEW: new_requests,
    SectionKey.REQUESTS_WAITING: waiting_requests,
    SectionKey.MEETINGS: meetings_this_week,
    SectionKey.FOLLOWUPS_SOON: followups_due_soon,
    SectionKey.SESSIONS: sessions_with_seats,
    SectionKey.IDEAS: ideas_awaiting_assessment,
    SectionKey.PROJECTS: projects_at_risk,
    SectionKey.CONTACTS: contacts_losing_touch,
}
# Loaded last and on their own: slow at scale (every person's last contact), so the others
# show first.
SLOW_SECTIONS = frozenset({SectionKey.CONTACTS})


def load_section(session: Session, *, key: SectionKey, today: date, limit: int = LIMIT) -> Section:
    """One section: its count and its first ``limit`` lines."""
    return LOADERS[SectionKey(key)](session, today, limit)


def today_sections(
    session: Session, *, today: date, limit: int = LIMIT,
    keys: Iterable[SectionKey] = SECTION_ORDER,
) -> list[Section]:
    """Every section (or those of ``keys``), in briefing order."""
    return [load_section(session, key=key, today=today, limit=limit) for key in keys]
