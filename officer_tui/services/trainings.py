"""Competence building: programmes with their target units, sessions, enrollments per person,
the waiting list, feedback; the training feed of the timeline.

Seats and the waiting list
--------------------------
A session's capacity (None: no limit) counts the people holding a seat: registered or
attended (``SEAT_HOLDING``). A registration for a full session goes on the waiting list
(``WAITLISTED``), in the order people asked (``requested_at``). When a seat frees up (someone
cancels, is excused or removed, or is marked a no-show before the session day) while the
session still lies ahead, the first on the waiting list is registered. Raising the capacity
registers as many waiting people as there are new seats. A capacity below the seats taken is
refused.

Coverage, the forecast and the grid live in ``training_coverage``; the ICS and CSV exports in
``training_exports``; both are importable from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time

from sqlalchemy import Select, case, delete, func, literal, select
from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import N_, _
from officer_tui.labels import enrollment_status_label
from officer_tui.models.base import utcnow
from officer_tui.models.enums import SEAT_HOLDING, EnrollmentStatus, RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.training import (
    Enrollment,
    ProgrammeTarget,
    TrainingProgramme,
    TrainingSession,
)
from officer_tui.services._common import (
    check_version,
    clean,
    clean_text,
    get_or_404,
    scrub,
    transactional,
)
from officer_tui.services.errors import NotFound, ValidationError
from officer_tui.services.training_coverage import (  # noqa: F401 - part of this module's API
    coverage,
    coverage_grid,
    effective_targets,
    programme_rows,
    still_needed,
)
from officer_tui.services.training_exports import (  # noqa: F401 - part of this module's API
    attendance_csv,
    ics_text,
    session_events,
)
from officer_tui.services.training_views import (
    EnrollmentRow,
    ProgrammeRow,
    SessionRow,
    TargetView,
)
from officer_tui.text import fold

_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_SEATS = [status.value for status in SEAT_HOLDING]

# How a person took part in a session, by enrollment status (message ids).
ENROLLMENT_ROLES = {
    EnrollmentStatus.INVITED: N_("invited to training"),
    EnrollmentStatus.REGISTERED: N_("registered for training"),
    EnrollmentStatus.WAITLISTED: N_("on the waiting list"),
    EnrollmentStatus.ATTENDED: N_("attended training"),
    EnrollmentStatus.EXCUSED: N_("excused from training"),
    EnrollmentStatus.NO_SHOW: N_("did not show up"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
}


# --- programmes ---------------------------------------------------------------------------


def _too_long(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(field, _("is too long (at most {n} characters)").format(n=limit))


def _whole(field: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise ValidationError(field, _("must be a whole number"))
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError(field, _("must be a whole number")) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError(field, _("must be a whole number"))
    if number < low:
        raise ValidationError(field, _("must be at least {n}").format(n=low))
    if number > high:
        raise ValidationError(field, _("must be at most {n}").format(n=high))
    return number


def _checked_programme(fields: dict) -> dict:
    scrub(fields, model=TrainingProgramme)
    if "title" in fields:
        fields["title"] = clean(fields["title"])
        if not fields["title"]:
            raise ValidationError("title", _("must not be empty"))
        _too_long("title", fields["title"], 300)
    if "topic" in fields:
        fields["topic"] = clean(fields["topic"])
        _too_long("topic", fields["topic"], 200)
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    if "goal_percent" in fields and fields["goal_percent"] is not None:
        fields["goal_percent"] = _whole("goal", fields["goal_percent"], 1, 100)
    if fields.get("goal_by") is not None and not isinstance(fields["goal_by"], date):
        raise ValidationError("goal_by", _("is not a valid date"))
    return fields


def _checked_targets(session: Session, targets: Iterable) -> list[tuple[int, int | None]]:
    """Known units, headcounts of 0 or more, no unit twice and none inside another target."""
    result: dict[int, int | None] = {}
    for entry in targets or ():
        unit_id, headcount = entry
        unit = session.get(OrgUnit, unit_id) if unit_id is not None else None
        if unit is None:
            raise ValidationError("targets", _("unknown unit"))
        if headcount is not None:
            if isinstance(headcount, bool) or not isinstance(headcount, int):
                raise ValidationError("targets", _("the headcount must be a whole number"))
            if headcount < 0:
                raise ValidationError(
                    "targets",
                    _("the headcount of {unit} must be at least 0").format(unit=unit.name),
                )
            if headcount > 1_000_000:
                raise ValidationError("targets", _("must be at most {n}").format(n=1_000_000))
        if unit.id in result:
            raise ValidationError(
                "targets", _("{unit} is a target twice").format(unit=unit.name)
            )
        result[unit.id] = headcount
    parents = dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    for unit_id in result:
        parent, seen = parents.get(unit_id), {unit_id}
        while parent is not None and parent not in seen:
            if parent in result:
                inner, outer = session.get(OrgUnit, unit_id), session.get(OrgUnit, parent)
                raise ValidationError(
                    "targets",
                    _("{inner} lies inside {outer}, which is a target already; "
                      "keep one of them").format(inner=inner.name, outer=outer.name),
                )
            seen.add(parent)
            parent = parents.get(parent)
    return list(result.items())


def _search_text(programme: TrainingProgramme) -> str:
    return fold(f"{programme.title}\n{programme.topic}\n{programme.description}")


def _set_targets(session: Session, programme_id: int, targets: list[tuple[int, int | None]]):
    session.execute(delete(ProgrammeTarget).where(ProgrammeTarget.programme_id == programme_id))
    for unit_id, headcount in targets:
        session.add(ProgrammeTarget(programme_id=programme_id, unit_id=unit_id, headcount=headcount))
    session.flush()


PROGRAMME_FIELDS = ("title", "topic", "description", "goal_percent", "goal_by")


@transactional
def add_programme(session: Session, *, data: dict) -> TrainingProgramme:
    """A new programme; ``targets`` lists (unit id, headcount or None for the unit's own)."""
    fields = {key: data[key] for key in PROGRAMME_FIELDS if key in data}
    fields.setdefault("title", "")
    fields = _checked_programme(fields)
    targets = _checked_targets(session, data.get("targets") or ())
    programme = TrainingProgramme(**fields)
    programme.search_text = _search_text(programme)
    session.add(programme)
    session.flush()
    _set_targets(session, programme.id, targets)
    return programme


@transactional
def update_programme(
    session: Session, *, programme_id: int, changes: dict, expected_version: int | None = None
) -> TrainingProgramme:
    """Change a programme; ``targets`` in ``changes`` replaces all its target units."""
    programme = get_or_404(session, TrainingProgramme, programme_id, "programme")
    check_version(programme, expected_version, "programme")
    fields = _checked_programme({key: changes[key] for key in PROGRAMME_FIELDS if key in changes})
    for key, value in fields.items():
        setattr(programme, key, value)
    programme.search_text = _search_text(programme)
    session.add(programme)
    session.flush()
    if "targets" in changes:
        _set_targets(session, programme.id, _checked_targets(session, changes["targets"] or ()))
    return programme


@transactional
def delete_programme(session: Session, *, programme_id: int) -> None:
    """Delete a programme with its targets, sessions and enrollments."""
    programme = get_or_404(session, TrainingProgramme, programme_id, "programme")
    sessions = select(TrainingSession.id).where(TrainingSession.programme_id == programme_id)
    session.execute(delete(Enrollment).where(Enrollment.session_id.in_(sessions)))
    session.execute(delete(TrainingSession).where(TrainingSession.programme_id == programme_id))
    session.execute(delete(ProgrammeTarget).where(ProgrammeTarget.programme_id == programme_id))
    session.delete(programme)
    session.flush()


def get_programme(session: Session, programme_id: int) -> TrainingProgramme:
    return get_or_404(session, TrainingProgramme, programme_id, "programme")


def programme_targets(session: Session, programme_id: int) -> list[TargetView]:
    """The target units of a programme with their effective target headcount, by name."""
    get_or_404(session, TrainingProgramme, programme_id, "programme")
    return effective_targets(session, [programme_id]).get(programme_id, [])


def list_programmes(session: Session, *, text: str = "", today: date | None = None) -> list[ProgrammeRow]:
    """Programmes matching ``text`` (title, topic, description), by title, with coverage."""
    statement = select(TrainingProgramme.id).order_by(
        func.lower(TrainingProgramme.title), TrainingProgramme.id
    )
    for word in fold(text).split():
        statement = statement.where(TrainingProgramme.search_text.contains(word, autoescape=True))
    ids = list(session.execute(statement).scalars())
    return programme_rows(session, ids, today=today or clock.today())


# --- sessions -----------------------------------------------------------------------------

SESSION_FIELDS = (
    "programme_id", "held_on", "start_time", "end_time", "place", "online_url", "trainer",
    "capacity",
)


def _checked_session(session: Session, fields: dict, current: TrainingSession | None) -> dict:
    scrub(fields, model=TrainingSession)
    if "programme_id" in fields:
        if fields["programme_id"] is None or session.get(
            TrainingProgramme, fields["programme_id"]
        ) is None:
            raise ValidationError("programme", _("unknown programme"))
    if "held_on" in fields and not isinstance(fields["held_on"], date):
        raise ValidationError("date", _("must not be empty"))
    for key, field in (("start_time", "start"), ("end_time", "end")):
        if fields.get(key) is not None and not isinstance(fields[key], time):
            raise ValidationError(field, _("is not a valid time"))
    start = fields.get("start_time", current.start_time if current else None)
    end = fields.get("end_time", current.end_time if current else None)
    if end is not None and start is None:
        raise ValidationError("start", _("give the start time too"))
    if start is not None and end is not None and end <= start:
        raise ValidationError("end", _("must be after the start"))
    for key, field, limit in (("place", "place", 300), ("trainer", "trainer", 200)):
        if key in fields:
            fields[key] = clean(fields[key])
            _too_long(field, fields[key], limit)
    if "online_url" in fields:
        fields["online_url"] = clean(fields["online_url"])
        _too_long("link", fields["online_url"], 1000)
        if fields["online_url"] and not _URL.match(fields["online_url"]):
            raise ValidationError(
                "link", _("{text!r} is not a web address").format(text=fields["online_url"])
            )
    if "capacity" in fields and fields["capacity"] is not None:
        fields["capacity"] = _whole("capacity", fields["capacity"], 0, 100_000)
    return fields


def seats_taken(session: Session, session_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(Enrollment).where(
            Enrollment.session_id == session_id, Enrollment.status.in_(_SEATS)
        )
    ).scalar_one()


def _waiting(session: Session, session_id: int) -> list[Enrollment]:
    return list(
        session.execute(
            select(Enrollment)
            .where(
                Enrollment.session_id == session_id,
                Enrollment.status == EnrollmentStatus.WAITLISTED.value,
            )
            .order_by(Enrollment.requested_at, Enrollment.id)
        ).scalars()
    )


def _promote(session: Session, training: TrainingSession) -> list[Enrollment]:
    """Register people from the waiting list while seats are free (first come, first served)."""
    promoted: list[Enrollment] = []
    free = None if training.capacity is None else training.capacity - seats_taken(
        session, training.id
    )
    for enrollment in _waiting(session, training.id):
        if free is not None and free <= 0:
            break
        enrollment.status = EnrollmentStatus.REGISTERED
        session.add(enrollment)
        promoted.append(enrollment)
        if free is not None:
            free -= 1
    session.flush()
    return promoted


@transactional
def add_session(session: Session, *, data: dict) -> TrainingSession:
    fields = {key: data[key] for key in SESSION_FIELDS if key in data}
    fields.setdefault("programme_id", None)
    fields.setdefault("held_on", None)
    fields = _checked_session(session, fields, None)
    training = TrainingSession(**fields)
    session.add(training)
    session.flush()
    return training


@transactional
def update_session(
    session: Session, *, session_id: int, changes: dict, expected_version: int | None = None
) -> TrainingSession:
    """Change a session. A capacity below the seats taken is refused; a higher one registers
    people from the waiting list."""
    training = get_or_404(session, TrainingSession, session_id, "session")
    check_version(training, expected_version, "session")
    fields = _checked_session(
        session, {key: changes[key] for key in SESSION_FIELDS if key in changes}, training
    )
    if "capacity" in fields and fields["capacity"] is not None:
        taken = seats_taken(session, training.id)
        if fields["capacity"] < taken:
            raise ValidationError(
                "capacity",
                _("{n} seats are taken already; cancel registrations first").format(n=taken),
            )
    for key, value in fields.items():
        setattr(training, key, value)
    session.add(training)
    session.flush()
    if "capacity" in fields:
        _promote(session, training)
    return training


@transactional
def delete_session(session: Session, *, session_id: int) -> None:
    training = get_or_404(session, TrainingSession, session_id, "session")
    session.execute(delete(Enrollment).where(Enrollment.session_id == training.id))
    session.delete(training)
    session.flush()


@transactional
def set_feedback(
    session: Session, *, session_id: int, score: float | None, comment: str = ""
) -> TrainingSession:
    """The participants' average score (1.0 to 5.0, or None) and a comment for a session."""
    training = get_or_404(session, TrainingSession, session_id, "session")
    if score is not None:
        try:
            value = float(str(score).replace(",", "."))
        except ValueError:
            raise ValidationError("score", _("must be a number from 1 to 5")) from None
        if isinstance(score, bool) or not 1.0 <= value <= 5.0:
            raise ValidationError("score", _("must be a number from 1 to 5"))
        score = round(value, 2)
    training.feedback_score = score
    training.feedback_comment = clean_text(comment, "comment")
    session.add(training)
    session.flush()
    return training


def _seat_counts(session: Session, session_ids: list[int] | None) -> dict[int, tuple[int, int, int]]:
    """session -> (seats taken, waiting, attended); ``None``: every session."""
    statement = select(
        Enrollment.session_id,
        func.sum(case((Enrollment.status.in_(_SEATS), 1), else_=0)),
        func.sum(case((Enrollment.status == EnrollmentStatus.WAITLISTED.value, 1), else_=0)),
        func.sum(case((Enrollment.status == EnrollmentStatus.ATTENDED.value, 1), else_=0)),
    ).group_by(Enrollment.session_id)
    if session_ids is not None:
        if not session_ids:
            return {}
        statement = statement.where(Enrollment.session_id.in_(session_ids))
    return {
        sid: (int(seats or 0), int(waiting or 0), int(attended or 0))
        for sid, seats, waiting, attended in session.execute(statement).all()
    }


_SESSION_COLUMNS = (
    TrainingSession.id, TrainingSession.programme_id, TrainingProgramme.title,
    TrainingSession.held_on, TrainingSession.start_time, TrainingSession.end_time,
    TrainingSession.place, TrainingSession.online_url, TrainingSession.trainer,
    TrainingSession.capacity, TrainingSession.feedback_score, TrainingSession.feedback_comment,
    TrainingSession.version,
)


def _session_rows(session: Session, statement: Select, *, every: bool = False) -> list[SessionRow]:
    """Rows for the sessions ``statement`` selects (over ``_SESSION_COLUMNS``), with their
    seat counts read for just those sessions (or in one pass over all, when ``every``)."""
    found = session.execute(statement).all()
    counts = _seat_counts(session, None if every else [values[0] for values in found])
    rows = []
    for (sid, programme_id, title, held_on, start, end, place, url, trainer, capacity, score,
         comment, version) in found:
        seats, waiting, attended = counts.get(sid, (0, 0, 0))
        rows.append(
            SessionRow(
                id=sid, programme_id=programme_id, programme_title=title, held_on=held_on,
                start_time=start, end_time=end, place=place, online_url=url, trainer=trainer,
                capacity=capacity, seats_taken=seats, waitlisted=waiting, attended=attended,
                free_seats=None if capacity is None else max(capacity - seats, 0),
                feedback_score=score, feedback_comment=comment, version=version,
            )
        )
    return rows


def _sessions_select() -> Select:
    return select(*_SESSION_COLUMNS).join(
        TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id
    )


def sessions_for(
    session: Session, *, programme_id: int | None = None, upcoming_from: date | None = None
) -> list[SessionRow]:
    """Sessions (of one programme, or all; from a day on, or all) by date and time."""
    statement = _sessions_select()
    if programme_id is not None:
        statement = statement.where(TrainingSession.programme_id == programme_id)
    if upcoming_from is not None:
        statement = statement.where(TrainingSession.held_on >= upcoming_from)
    statement = statement.order_by(
        TrainingSession.held_on, TrainingSession.start_time.nulls_first(), TrainingSession.id
    )
    return _session_rows(
        session, statement, every=programme_id is None and upcoming_from is None
    )


def session_row(session: Session, session_id: int) -> SessionRow:
    rows = _session_rows(session, _sessions_select().where(TrainingSession.id == session_id))
    if not rows:
        raise NotFound("session", session_id)
    return rows[0]


def get_session(session: Session, session_id: int) -> TrainingSession:
    return get_or_404(session, TrainingSession, session_id, "session")


# --- enrollments --------------------------------------------------------------------------


def _training(session: Session, session_id: int) -> TrainingSession:
    training = session.get(TrainingSession, session_id) if session_id is not None else None
    if training is None:
        raise ValidationError("session", _("unknown session"))
    return training


def _person(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id) if contact_id is not None else None
    if contact is None:
        raise ValidationError("contact", _("unknown contact"))
    return contact


def _enrollment(session: Session, session_id: int, contact_id: int) -> Enrollment | None:
    return session.execute(
        select(Enrollment).where(
            Enrollment.session_id == session_id, Enrollment.contact_id == contact_id
        )
    ).scalars().first()


def _is_full(session: Session, training: TrainingSession) -> bool:
    return training.capacity is not None and seats_taken(session, training.id) >= training.capacity


def _enroll(
    session: Session, training: TrainingSession, contact: Contact, status: EnrollmentStatus
) -> Enrollment:
    """Enroll without a transaction of its own (shared with the participant import)."""
    if contact.erased_at is not None:
        raise ValidationError("contact", _("contact {id} was erased").format(id=contact.id))
    if _enrollment(session, training.id, contact.id) is not None:
        raise ValidationError(
            "contact",
            _("{name} is enrolled in this session already").format(name=contact.name),
        )
    status = EnrollmentStatus(status)
    if status in (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED):
        status = EnrollmentStatus.WAITLISTED if _is_full(session, training) else status
    if status == EnrollmentStatus.CANCELLED:
        raise ValidationError("status", _("a new enrollment cannot be cancelled"))
    enrollment = Enrollment(
        session_id=training.id, contact_id=contact.id, status=status, requested_at=utcnow()
    )
    session.add(enrollment)
    session.flush()
    return enrollment


@transactional
def enroll(
    session: Session, *, session_id: int, contact_id: int,
    status: EnrollmentStatus = EnrollmentStatus.REGISTERED,
) -> Enrollment:
    """Enroll a person. A registration for a full session goes on the waiting list."""
    return _enroll(session, _training(session, session_id), _person(session, contact_id), status)


def _frees_seat_now(training: TrainingSession, new: EnrollmentStatus | None, today: date) -> bool:
    """Does a freed seat go to the waiting list? Only while the session lies ahead (a no-show
    frees it only before the session day)."""
    if training.held_on > today:
        return True
    return training.held_on == today and new != EnrollmentStatus.NO_SHOW


@transactional
def set_status(
    session: Session, *, session_id: int, contact_id: int, status: EnrollmentStatus,
    today: date | None = None,
) -> tuple[Enrollment, Enrollment | None]:
    """Change how a person takes part; returns the enrollment and whoever moved up from the
    waiting list into the seat it freed (or None)."""
    training = _training(session, session_id)
    contact = _person(session, contact_id)
    try:
        status = EnrollmentStatus(status)
    except ValueError:
        raise ValidationError("status", _("unknown status")) from None
    enrollment = _enrollment(session, training.id, contact.id)
    if enrollment is None:
        raise ValidationError("contact", _("is not enrolled in this session"))
    old = EnrollmentStatus(enrollment.status)
    if status == old:
        return enrollment, None
    if status == EnrollmentStatus.REGISTERED and old not in SEAT_HOLDING and _is_full(
        session, training
    ):
        status = EnrollmentStatus.WAITLISTED
    if status in (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED) and old not in (
        EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED
    ):
        enrollment.requested_at = utcnow()  # asked (again) now: back of the queue
    enrollment.status = status
    session.add(enrollment)
    session.flush()
    promoted = None
    if old in SEAT_HOLDING and status not in SEAT_HOLDING and _frees_seat_now(
        training, status, today or clock.today()
    ):
        moved = _promote(session, training)
        promoted = moved[0] if moved else None
    return enrollment, promoted


@transactional
def remove_enrollment(
    session: Session, *, session_id: int, contact_id: int, today: date | None = None
) -> Enrollment | None:
    """Take a person off a session entirely; returns whoever moved up into the seat."""
    training = _training(session, session_id)
    enrollment = _enrollment(session, training.id, contact_id)
    if enrollment is None:
        raise ValidationError("contact", _("is not enrolled in this session"))
    held_seat = EnrollmentStatus(enrollment.status) in SEAT_HOLDING
    session.delete(enrollment)
    session.flush()
    if held_seat and _frees_seat_now(training, None, today or clock.today()):
        moved = _promote(session, training)
        return moved[0] if moved else None
    return None


_STATUS_ORDER = case(
    (Enrollment.status == EnrollmentStatus.WAITLISTED.value, 1),
    (Enrollment.status == EnrollmentStatus.CANCELLED.value, 2),
    else_=0,
)


def enrollments_for(session: Session, *, session_id: int) -> list[EnrollmentRow]:
    """Who is enrolled, by name; then the waiting list in order; then the cancellations."""
    from officer_tui.services.contacts import shown_name  # contacts -> timeline -> here

    _training(session, session_id)
    statement = (
        select(Enrollment, Contact.name, Contact.erased_at, Contact.email, OrgUnit.name)
        .join(Contact, Contact.id == Enrollment.contact_id)
        .join(OrgUnit, OrgUnit.id == Contact.unit_id, isouter=True)
        .where(Enrollment.session_id == session_id)
        .order_by(
            _STATUS_ORDER,
            case(
                (Enrollment.status == EnrollmentStatus.WAITLISTED.value, Enrollment.requested_at),
                else_=None,
            ),
            Contact.name_folded,
            Enrollment.id,
        )
    )
    rows, position = [], 0
    for enrollment, name, erased_at, email, unit in session.execute(statement).all():
        waiting = enrollment.status == EnrollmentStatus.WAITLISTED
        position += 1 if waiting else 0
        rows.append(
            EnrollmentRow(
                id=enrollment.id, session_id=enrollment.session_id,
                contact_id=enrollment.contact_id, name=shown_name(name, erased_at) or "",
                unit=unit, status=EnrollmentStatus(enrollment.status),
                requested_at=enrollment.requested_at,
                waitlist_position=position if waiting else None, version=enrollment.version,
                email="" if erased_at else email,
            )
        )
    return rows


def enrollments_of(session: Session, *, contact_id: int) -> list[tuple[SessionRow, EnrollmentStatus]]:
    """A person's sessions (newest first) with how they took part."""
    statuses = dict(
        session.execute(
            select(Enrollment.session_id, Enrollment.status).where(
                Enrollment.contact_id == contact_id
            )
        ).all()
    )
    statement = (
        _sessions_select()
        .where(TrainingSession.id.in_(list(statuses)))
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
    )
    return [(row, EnrollmentStatus(statuses[row.id])) for row in _session_rows(session, statement)]


def status_text(status: EnrollmentStatus) -> str:
    return enrollment_status_label(status)


# --- timeline -----------------------------------------------------------------------------


def trainings_feed(*, contact_only: bool = False) -> Select:
    """Training sessions a person was enrolled in, on the session's day (services.timeline).

    ``contact_only`` keeps only sessions the person attended.
    """
    role = case(
        *((Enrollment.status == value.value, literal(text))
          for value, text in ENROLLMENT_ROLES.items()),
        else_=literal(ENROLLMENT_ROLES[EnrollmentStatus.REGISTERED]),
    )
    statement = (
        select(
            Enrollment.contact_id.label("contact_id"),
            TrainingSession.held_on.label("happened_on"),
            literal(RecordKind.TRAINING_SESSION.value).label("kind"),
            TrainingSession.id.label("record_id"),
            TrainingProgramme.title.label("title"),
            role.label("role"),
        )
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id)
    )
    if contact_only:
        statement = statement.where(Enrollment.status == EnrollmentStatus.ATTENDED.value)
    return statement
