"""Follow-ups (Wiedervorlagen): an action with a due date and an owner, on a request, an idea
or a project (or on nothing in particular). Recurring ones come back when done.

Recurrence: every N days, weeks or months, counted from the due date (``due``: a fixed
rhythm) or from the day it was done (``done``: N units after the last time). Months add
calendar months; a day that the month lacks becomes its last day (31 Jan + 1 month = 28 Feb).
Overdue: open and due before today.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, literal, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind, RecurFrom, RecurUnit
from officer_tui.models.meeting import Meeting
from officer_tui.models.org import Contact
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.models.training import TrainingProgramme
from officer_tui.services._common import check_version, clean, get_or_404, scrub, transactional
from officer_tui.services.authors import clean_user, touched_by
from officer_tui.services.errors import ValidationError
from officer_tui.services.idea_views import FollowUpRow, FollowUpState

SUBJECTS: dict[RecordKind, type] = {
    RecordKind.REQUEST: Request,
    RecordKind.IDEA: Idea,
    RecordKind.PROJECT: Project,
    RecordKind.MEETING: Meeting,
    RecordKind.TRAINING: TrainingProgramme,
}
SUBJECT_LABELS = {
    RecordKind.REQUEST: N_("request"),
    RecordKind.IDEA: N_("idea"),
    RecordKind.PROJECT: N_("project"),
    RecordKind.MEETING: N_("meeting"),
    RecordKind.TRAINING: N_("training programme"),
}
RECUR_UNIT_LABELS = {
    RecurUnit.DAYS: N_("days"),
    RecurUnit.WEEKS: N_("weeks"),
    RecurUnit.MONTHS: N_("months"),
}


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; the 31st becomes the month's last day where needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(
    *, due_on: date, done_on: date, every: int, unit: RecurUnit, counted_from: RecurFrom
) -> date:
    """When the next occurrence of a recurring follow-up is due."""
    start = due_on if RecurFrom(counted_from) == RecurFrom.DUE else done_on
    unit = RecurUnit(unit)
    if unit == RecurUnit.DAYS:
        return start + timedelta(days=every)
    if unit == RecurUnit.WEEKS:
        return start + timedelta(weeks=every)
    return add_months(start, every)


def _check_subject(session: Session, kind: RecordKind | str | None, subject_id: int | None):
    if kind is None and subject_id is None:
        return None, None
    if kind is None or subject_id is None:
        raise ValidationError("subject", _("give both the kind of record and its number"))
    try:
        kind = RecordKind(kind)
    except ValueError:
        kind = None
    if kind not in SUBJECTS:
        raise ValidationError(
            "subject",
            _("a follow-up hangs off a request, an idea, a project, a meeting or a training"),
        )
    if session.get(SUBJECTS[kind], subject_id) is None:
        raise ValidationError(
            "subject",
            _("{kind} #{id} does not exist").format(kind=_(SUBJECT_LABELS[kind]), id=subject_id),
        )
    return kind, subject_id


def _check_recurrence(fields: dict) -> None:
    every, unit = fields.get("recur_every"), fields.get("recur_unit")
    if every is None and unit is None:
        fields["recur_every"] = fields["recur_unit"] = fields["recur_from"] = None
        return
    if every is None or unit is None:
        raise ValidationError("every", _("say how often: a number and days, weeks or months"))
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 999:
        raise ValidationError("every", _("must be a whole number from 1 to 999"))
    try:
        fields["recur_unit"] = RecurUnit(unit)
        fields["recur_from"] = RecurFrom(fields.get("recur_from") or RecurFrom.DUE)
    except ValueError:
        raise ValidationError("every", _("must be days, weeks or months")) from None


def _checked(session: Session, fields: dict) -> dict:
    scrub(fields, model=FollowUp)
    if "title" in fields:
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError("title", _("must not be empty"))
        if len(fields["title"]) > 300:
            raise ValidationError("title", _("is too long (at most {n} characters)").format(n=300))
    if "due_on" in fields and not isinstance(fields["due_on"], date):
        raise ValidationError("due", _("a due date is required"))
    if fields.get("owner_id") is not None and session.get(Contact, fields["owner_id"]) is None:
        raise ValidationError("owner", _("unknown contact"))
    if "notes" in fields:
        fields["notes"] = fields["notes"] or ""
    return fields


FIELDS = ("title", "due_on", "owner_id", "notes", "recur_every", "recur_unit", "recur_from")


@transactional
def add_followup(session: Session, *, data: dict) -> FollowUp:
    """A new open follow-up. Title and due date are required; the subject must exist."""
    fields = {key: data.get(key) for key in FIELDS}
    fields["title"] = fields["title"] or ""
    fields = _checked(session, fields)
    _check_recurrence(fields)
    kind, subject_id = _check_subject(session, data.get("subject_kind"), data.get("subject_id"))
    followup = FollowUp(**fields, subject_kind=kind, subject_id=subject_id)
    session.add(followup)
    session.flush()
    return followup


@transactional
def update_followup(
    session: Session, *, followup_id: int, changes: dict, expected_version: int | None = None
) -> FollowUp:
    followup = get_or_404(session, FollowUp, followup_id, "followup")
    check_version(followup, expected_version, "followup")
    fields = _checked(session, {key: changes[key] for key in FIELDS if key in changes})
    if "recur_every" in fields or "recur_unit" in fields:
        merged = {
            "recur_every": fields.get("recur_every", followup.recur_every),
            "recur_unit": fields.get("recur_unit", followup.recur_unit),
            "recur_from": fields.get("recur_from", followup.recur_from),
        }
        _check_recurrence(merged)
        fields.update(merged)
    for key, value in fields.items():
        setattr(followup, key, value)
    session.add(followup)
    session.flush()
    return followup


@transactional
def mark_done(
    session: Session, *, followup_id: int, today: date | None = None,
    expected_version: int | None = None,
) -> tuple[FollowUp, FollowUp | None]:
    """Mark done today. A recurring follow-up brings its next occurrence (returned second)."""
    today = today or clock.today()
    followup = get_or_404(session, FollowUp, followup_id, "followup")
    check_version(followup, expected_version, "followup")
    if followup.done_on is not None:
        raise ValidationError(
            "done", _("already done on {date}").format(date=followup.done_on.isoformat())
        )
    followup.done_on = today
    session.add(followup)
    following = None
    if followup.recur_every and followup.recur_unit:
        following = FollowUp(
            title=followup.title,
            due_on=next_due(
                due_on=followup.due_on, done_on=today, every=followup.recur_every,
                unit=followup.recur_unit, counted_from=followup.recur_from or RecurFrom.DUE,
            ),
            owner_id=followup.owner_id,
            subject_kind=followup.subject_kind,
            subject_id=followup.subject_id,
            notes=followup.notes,
            recur_every=followup.recur_every,
            recur_unit=followup.recur_unit,
            recur_from=followup.recur_from,
        )
        session.add(following)
    session.flush()
    return followup, following


@transactional
def reopen(session: Session, *, followup_id: int) -> FollowUp:
    """Undo 'done' (the next occurrence of a recurring one stays)."""
    followup = get_or_404(session, FollowUp, followup_id, "followup")
    followup.done_on = None
    session.add(followup)
    session.flush()
    return followup


def get_followup(session: Session, followup_id: int) -> FollowUp:
    return get_or_404(session, FollowUp, followup_id, "followup")


def _row_statement() -> Select:
    request, idea, project = aliased(Request), aliased(Idea), aliased(Project)
    meeting, programme = aliased(Meeting), aliased(TrainingProgramme)
    subject_title = case(
        (FollowUp.subject_kind == RecordKind.REQUEST.value, request.title),
        (FollowUp.subject_kind == RecordKind.IDEA.value, idea.title),
        (FollowUp.subject_kind == RecordKind.PROJECT.value, project.title),
        (FollowUp.subject_kind == RecordKind.MEETING.value, meeting.title),
        (FollowUp.subject_kind == RecordKind.TRAINING.value, programme.title),
        else_=None,
    )
    return (
        select(FollowUp, Contact.name, subject_title)
        .join(Contact, FollowUp.owner_id == Contact.id, isouter=True)
        .join(request, and_(FollowUp.subject_kind == RecordKind.REQUEST.value,
                            FollowUp.subject_id == request.id), isouter=True)
        .join(idea, and_(FollowUp.subject_kind == RecordKind.IDEA.value,
                         FollowUp.subject_id == idea.id), isouter=True)
        .join(project, and_(FollowUp.subject_kind == RecordKind.PROJECT.value,
                            FollowUp.subject_id == project.id), isouter=True)
        .join(meeting, and_(FollowUp.subject_kind == RecordKind.MEETING.value,
                            FollowUp.subject_id == meeting.id), isouter=True)
        .join(programme, and_(FollowUp.subject_kind == RecordKind.TRAINING.value,
                              FollowUp.subject_id == programme.id), isouter=True)
    )


def _to_row(followup: FollowUp, owner: str | None, subject: str | None, today: date) -> FollowUpRow:
    recurrence = None
    if followup.recur_every and followup.recur_unit:
        recurrence = (
            followup.recur_every,
            RecurUnit(followup.recur_unit).value,
            RecurFrom(followup.recur_from or RecurFrom.DUE).value,
        )
    return FollowUpRow(
        id=followup.id,
        title=followup.title,
        due_on=followup.due_on,
        done_on=followup.done_on,
        owner_id=followup.owner_id,
        owner_name=owner,
        subject_kind=RecordKind(followup.subject_kind) if followup.subject_kind else None,
        subject_id=followup.subject_id,
        subject_title=subject,
        recurrence=recurrence,
        overdue=followup.done_on is None and followup.due_on < today,
        version=followup.version,
    )


def list_followups(
    session: Session,
    *,
    state: FollowUpState = FollowUpState.OPEN,
    owner_id: int | None = None,
    subject_kind: RecordKind | None = None,
    subject_id: int | None = None,
    limit: int | None = None,
    today: date | None = None,
    changed_by: str | None = None,
) -> list[FollowUpRow]:
    """Open ones: overdue first, then by due date. Done ones: most recently done first.
    ``changed_by``: only those that person created or changed (``services.authors``)."""
    today = today or clock.today()
    state = FollowUpState(state)
    statement = _row_statement()
    if state in (FollowUpState.OPEN, FollowUpState.OVERDUE):
        statement = statement.where(FollowUp.done_on.is_(None))
    if state == FollowUpState.OVERDUE:
        statement = statement.where(FollowUp.due_on < today)
    if state == FollowUpState.DONE:
        statement = statement.where(FollowUp.done_on.is_not(None))
    if owner_id is not None:
        statement = statement.where(FollowUp.owner_id == owner_id)
    if subject_kind is not None:
        statement = statement.where(FollowUp.subject_kind == RecordKind(subject_kind).value)
    if subject_id is not None:
        statement = statement.where(FollowUp.subject_id == subject_id)
    if clean_user(changed_by):
        statement = statement.where(touched_by(session, FollowUp, changed_by))
    if state == FollowUpState.DONE:
        statement = statement.order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
    else:
        # Open before done; among open ones the due date puts the overdue first anyway.
        statement = statement.order_by(
            case((FollowUp.done_on.is_(None), 0), else_=1), FollowUp.due_on, FollowUp.id
        )
    if limit:
        statement = statement.limit(limit)
    return [
        _to_row(followup, owner, subject, today)
        for followup, owner, subject in session.execute(statement).all()
    ]


def for_record(
    session: Session, *, kind: RecordKind, record_id: int, today: date | None = None
) -> list[FollowUpRow]:
    """The follow-ups of one record: open ones by due date, then done ones."""
    return list_followups(
        session, state=FollowUpState.ALL, subject_kind=kind, subject_id=record_id, today=today
    )


def owner_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every contact, by name: for the owner field."""
    return [
        tuple(row)
        for row in session.execute(select(Contact.id, Contact.name).order_by(Contact.name_folded, Contact.id))
    ]


def subjects_exist(session: Session, kind: RecordKind, ids: Sequence[int]) -> set[int]:
    model = SUBJECTS[RecordKind(kind)]
    return set(session.execute(select(model.id).where(model.id.in_(list(ids)))).scalars())


def followups_feed(*, contact_only: bool = False) -> Select:
    """Follow-ups a person owns: on the day done, else the day due (for services.timeline).

    An open follow-up is a plan, not a contact: ``contact_only`` keeps the done ones.
    """
    statement = select(
        FollowUp.owner_id.label("contact_id"),
        case((FollowUp.done_on.is_not(None), FollowUp.done_on), else_=FollowUp.due_on).label(
            "happened_on"
        ),
        literal(RecordKind.FOLLOWUP.value).label("kind"),
        FollowUp.id.label("record_id"),
        FollowUp.title.label("title"),
        literal(N_("owns follow-up")).label("role"),
    ).where(FollowUp.owner_id.is_not(None))
    if contact_only:
        statement = statement.where(FollowUp.done_on.is_not(None))
    return statement
