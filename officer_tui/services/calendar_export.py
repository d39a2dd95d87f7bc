"""One calendar (ICS) with meetings, training sessions and follow-up due dates.

Every event is named after its record's ``uid`` (``meeting-<uid>@officer-tui``,
``training-session-<uid>@officer-tui``, ``followup-<uid>@officer-tui``): the per-meeting and
per-session files use the same UIDs, so a calendar that imported one of them updates the same
event, also after the data moved to another database.

Follow-ups are all-day events on their due date ("Follow-up: <title>", German "WV: <title>"),
shown as free time (they are reminders, not appointments). Open ones are all in the file. A
done one stays in the file for ``DONE_KEPT_DAYS`` days after it was done, marked "✓" and
"done on …", with a higher ``SEQUENCE``: a calendar that imported it as open before then shows
it as done. (``STATUS:CANCELLED`` was not chosen: Google Calendar deletes such events and
Outlook shows them as "Canceled", which a finished task is not.) Follow-ups done longer ago
are left out: they would only fill the calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import _, format_date
from officer_tui.services import ics
from officer_tui.services.errors import ValidationError
from officer_tui.services.progress import Progress, no_progress

DONE_KEPT_DAYS = 90
KINDS = ("meeting", "training_session", "followup")


def check_range(start: date | None, end: date | None) -> None:
    """Refuse a range that ends before it starts (fields ``from`` and ``to``)."""
    if start is not None and end is not None and start > end:
        raise ValidationError(
            "to", _("{end} is before the first day, {start}").format(end=format_date(end), start=format_date(start))
        )


def _followup_description(kind, subject_id, subject, owner, followup) -> str:
    from officer_tui.services.followups import RECUR_UNIT_LABELS, SUBJECT_LABELS

    lines = []
    if kind is not None:
        label = _(SUBJECT_LABELS.get(kind, str(kind)))
        about = f"{label} #{subject_id}" + (f" “{subject}”" if subject else "")
        lines.append(_("About: {record}").format(record=about))
    if owner:
        lines.append(_("Owner: {name}").format(name=owner))
    if followup.recur_every and followup.recur_unit:
        lines.append(_("Comes back every {n} {unit}").format(
            n=followup.recur_every, unit=_(RECUR_UNIT_LABELS[followup.recur_unit])))
    if followup.done_on is not None:
        lines.append(_("Done on {date}").format(date=format_date(followup.done_on)))
    if followup.notes.strip():
        lines.append(followup.notes.strip())
    return "\n".join(lines)


def followup_events(
    session: Session, *, start: date | None = None, end: date | None = None,
    today: date | None = None,
) -> list[ics.Event]:
    """All-day events on the due dates of open follow-ups and of those done in the last
    ``DONE_KEPT_DAYS`` days (marked done), by due date. Erased owners have no name."""
    from sqlalchemy import or_

    from officer_tui.models.org import Contact
    from officer_tui.models.portfolio import FollowUp
    from officer_tui.services.followups import _row_statement
    from officer_tui.services.meeting_reads import shown_name

    today = today or clock.today()
    statement = (
        _row_statement()
        .add_columns(Contact.erased_at)
        .where(or_(FollowUp.done_on.is_(None),
                   FollowUp.done_on >= today - timedelta(days=DONE_KEPT_DAYS)))
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    if start is not None:
        statement = statement.where(FollowUp.due_on >= start)
    if end is not None:
        statement = statement.where(FollowUp.due_on <= end)
    events = []
    for followup, owner, subject, erased in session.execute(statement).all():
        summary = _("Follow-up: {title}").format(title=followup.title)
        if followup.done_on is not None:
            summary = "✓ " + summary
        events.append(ics.Event(
            uid=ics.event_uid("followup", followup.uid),
            summary=summary,
            day=followup.due_on,
            description=_followup_description(
                followup.subject_kind, followup.subject_id, subject, shown_name(owner, erased),
                followup,
            ),
            categories=(_("Follow-up"),),
            modified=followup.updated_at,
            sequence=followup.version - 1,
            transparent=True,
        ))
    return events


def calendar_events(
    session: Session, *, start: date | None = None, end: date | None = None,
    today: date | None = None, progress: Progress | None = None,
) -> dict[str, list[ics.Event]]:
    """The events of each kind (``meeting``, ``training_session``, ``followup``) from
    ``start`` to ``end`` (both included; None: no limit)."""
    from officer_tui.services.meeting_exports import meeting_events
    from officer_tui.services.training_exports import session_events

    check_range(start, end)
    progress = progress or no_progress
    label = _("Calendar")
    progress(label, 0, len(KINDS))
    events = {"meeting": meeting_events(session, upcoming_from=start, until=end)}
    progress(label, 1, len(KINDS))
    events["training_session"] = session_events(session, upcoming_from=start, until=end)
    progress(label, 2, len(KINDS))
    events["followup"] = followup_events(session, start=start, end=end, today=today)
    progress(label, 3, len(KINDS))
    return events


def calendar_name() -> str:
    return _("officer – dates")


def calendar_text(
    session: Session, *, start: date | None = None, end: date | None = None,
    today: date | None = None,
) -> str:
    """The whole calendar as the text of an .ics file (CRLF line ends, folded lines)."""
    events = calendar_events(session, start=start, end=end, today=today)
    return ics.calendar([e for kind in KINDS for e in events[kind]], name=calendar_name())


def export_ics(
    session: Session, *, path: Path, start: date | None = None, end: date | None = None,
    today: date | None = None, progress: Progress | None = None,
) -> dict[str, int]:
    """Write the calendar to ``path`` (mode 0600: it names people); events written per kind
    (``meeting``, ``training_session``, ``followup``). Nothing is written when refused."""
    from officer_tui.services.private_file import write_private

    events = calendar_events(session, start=start, end=end, today=today, progress=progress)
    text = ics.calendar([e for kind in KINDS for e in events[kind]], name=calendar_name())
    write_private(path, text, field="out")
    return {kind: len(events[kind]) for kind in KINDS}
