"""Rules every meeting write keeps: search texts, the closed-meeting lock, validation.

Shared by ``services.meetings`` and ``services.meeting_agenda`` (import those, not this).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from sqlalchemy import select, update
from sqlmodel import Session

from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind, RecurUnit
from officer_tui.models.meeting import AgendaItem, Meeting, Outcome
from officer_tui.models.org import Contact
from officer_tui.services._common import clean, get_or_404
from officer_tui.services.errors import ValidationError
from officer_tui.services.meeting_reads import LINKABLE
from officer_tui.text import fold

MAX_TITLE = 300
MAX_PLACE = 300
MAX_URL = 1000


# --- search text (kept by every write) ----------------------------------------------------


def meeting_search_text(title: str, place: str, notes: str, item_titles: Iterable[str]) -> str:
    """Folded title, place, notes and agenda item titles: what the list's filter searches."""
    return fold("\n".join([title, place, notes, *item_titles]))


def outcome_search_text(text: str, item_title: str, meeting_title: str) -> str:
    """Folded outcome, item and meeting titles: what the decision register searches."""
    return fold(f"{text}\n{item_title}\n{meeting_title}")


def _refresh_search(session: Session, meeting: Meeting) -> None:
    session.flush()
    titles = session.execute(
        select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).scalars()
    text = meeting_search_text(meeting.title, meeting.place, meeting.notes, titles)
    if text != meeting.search_text:
        # A plain UPDATE: a new agenda item is no edit of the meeting (its version stays).
        session.execute(
            update(Meeting).where(Meeting.id == meeting.id).values(search_text=text),
            execution_options={"synchronize_session": "fetch"},
        )


def _refresh_outcome_search(session: Session, meeting: Meeting, item_id: int | None = None):
    """After a title changed: the register's search text of the meeting's (item's) outcomes."""
    statement = (
        select(Outcome, AgendaItem.title)
        .join(AgendaItem, AgendaItem.id == Outcome.item_id)
        .where(Outcome.meeting_id == meeting.id)
    )
    if item_id is not None:
        statement = statement.where(Outcome.item_id == item_id)
    for outcome, item_title in session.execute(statement).all():
        text = outcome_search_text(outcome.text, item_title, meeting.title)
        if text != outcome.search_text:
            outcome.search_text = text
            session.add(outcome)


# --- validation ---------------------------------------------------------------------------


def _writable(session: Session, meeting_id: int) -> Meeting:
    meeting = get_or_404(session, Meeting, meeting_id, "meeting")
    if meeting.closed_at is not None:
        raise ValidationError("meeting", _("is closed; reopen it to change it"))
    return meeting


def _title(value, field: str = "title") -> str:
    value = clean(value)
    if not value:
        raise ValidationError(field, _("must not be empty"))
    if len(value) > MAX_TITLE:
        raise ValidationError(field, _("is too long (at most {n} characters)").format(n=MAX_TITLE))
    return value


def _time(value, field: str) -> time | None:
    if value is None or isinstance(value, time):
        return value
    raise ValidationError(field, _("is not a time; use HH:MM"))


def _check_times(start: time | None, end: time | None) -> None:
    if end is not None and start is None:
        raise ValidationError("start", _("an end time needs a start time"))
    if start is not None and end is not None:
        if end < start:
            raise ValidationError("end", _("ends before it starts"))
        if end == start:
            raise ValidationError("end", _("must be later than the start"))


def _contact_ids(session: Session, ids: Iterable[int], field: str) -> list[int]:
    wanted = list(dict.fromkeys(ids))
    known = set(session.execute(select(Contact.id).where(Contact.id.in_(wanted))).scalars())
    for contact_id in wanted:
        if contact_id not in known:
            raise ValidationError(field, _("unknown contact #{id}").format(id=contact_id))
    return wanted


def _record(session: Session, kind, record_id, field: str) -> tuple[RecordKind, int]:
    try:
        kind = RecordKind(kind)
    except ValueError:
        kind = None
    if kind not in LINKABLE:
        raise ValidationError(field, _("must be a request, an idea or a project"))
    if not isinstance(record_id, int) or session.get(LINKABLE[kind], record_id) is None:
        raise ValidationError(
            field, _("{kind} #{id} does not exist").format(kind=_(KIND_NAMES[kind]), id=record_id)
        )
    return kind, record_id


KIND_NAMES = {
    RecordKind.REQUEST: N_("request"),
    RecordKind.IDEA: N_("idea"),
    RecordKind.PROJECT: N_("project"),
}


def _rhythm(every, unit) -> tuple[int, RecurUnit]:
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 999:
        raise ValidationError("every", _("must be a whole number from 1 to 999"))
    try:
        return every, RecurUnit(unit)
    except ValueError:
        raise ValidationError("every", _("must be days, weeks or months")) from None
