"""Exports of training sessions: an iCalendar file of sessions and a session's attendance list
as CSV (UTF-8 with BOM and ``;``, as German spreadsheet programs open it with a double-click).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.labels import enrollment_status_label
from officer_tui.models.training import TrainingProgramme, TrainingSession
from officer_tui.services import ics
from officer_tui.services.errors import ValidationError


def _description(training: TrainingSession, programme: TrainingProgramme) -> str:
    parts = []
    if programme.topic:
        parts.append(_("Topic: {topic}").format(topic=programme.topic))
    if training.trainer:
        parts.append(_("Trainer: {name}").format(name=training.trainer))
    if training.online_url:
        parts.append(_("Online: {url}").format(url=training.online_url))
    if programme.description:
        parts.append(programme.description)
    return "\n".join(parts)


def session_events(
    session: Session,
    *,
    programme_id: int | None = None,
    session_ids: Sequence[int] | None = None,
    upcoming_from: date | None = None,
    until: date | None = None,
) -> list[ics.Event]:
    """Calendar events of sessions (UID ``training-session-<uid>@officer-tui``, the same in
    every file and database), by date; from ``upcoming_from`` up to ``until`` when given."""
    statement = (
        select(TrainingSession, TrainingProgramme)
        .join(TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id)
        .order_by(TrainingSession.held_on, TrainingSession.start_time.nulls_first(),
                  TrainingSession.id)
    )
    if programme_id is not None:
        statement = statement.where(TrainingSession.programme_id == programme_id)
    if session_ids is not None:
        statement = statement.where(TrainingSession.id.in_(list(session_ids)))
    if upcoming_from is not None:
        statement = statement.where(TrainingSession.held_on >= upcoming_from)
    if until is not None:
        statement = statement.where(TrainingSession.held_on <= until)
    events = []
    for training, programme in session.execute(statement).all():
        events.append(
            ics.Event(
                uid=ics.event_uid("training-session", training.uid),
                summary=programme.title,
                day=training.held_on,
                start=training.start_time,
                end=training.end_time,
                location=training.place or (_("online") if training.online_url else ""),
                url=training.online_url,
                description=_description(training, programme),
                categories=(_("Training"),),
                # The programme's title and description are part of the event too.
                modified=ics.latest(training.updated_at, programme.updated_at),
                sequence=training.version - 1,
            )
        )
    return events


def ics_text(
    session: Session,
    *,
    programme_id: int | None = None,
    session_ids: Sequence[int] | None = None,
    upcoming_from: date | None = None,
) -> str:
    events = session_events(
        session, programme_id=programme_id, session_ids=session_ids, upcoming_from=upcoming_from
    )
    name = _("Training sessions")
    if programme_id is not None:
        programme = session.get(TrainingProgramme, programme_id)
        if programme is None:
            raise ValidationError("programme", _("unknown programme"))
        name = programme.title
    return ics.calendar(events, name=name)


def attendance_csv(session: Session, *, session_id: int) -> str:
    """The session's list: name, unit, e-mail, status (header translated). Starts with a BOM."""
    from officer_tui.services.trainings import enrollments_for

    rows = enrollments_for(session, session_id=session_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Name"), _("Unit"), _("E-mail"), _("Status")])
    for row in rows:
        writer.writerow([row.name, row.unit or "", row.email, enrollment_status_label(row.status)])
    return "\ufeff" + out.getvalue()
