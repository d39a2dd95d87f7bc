"""The agenda of a meeting and the outcomes of its items (information, decisions, actions).

An action needs an owner and a due date and becomes a follow-up on the item's request, idea
or project, else on the meeting. Importable from ``services.meetings``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlmodel import Session

from officer_tui.i18n import _, format_date
from officer_tui.models.enums import AgendaStatus, OutcomeKind, RecordKind
from officer_tui.models.meeting import AgendaItem, Meeting, Outcome
from officer_tui.models.portfolio import FollowUp
from officer_tui.services._common import check_version, clean_text, get_or_404, scrub, transactional
from officer_tui.services.errors import ValidationError
from officer_tui.services.meeting_rules import (
    MAX_TITLE,
    _contact_ids,
    _record,
    _refresh_outcome_search,
    _refresh_search,
    _title,
    _writable,
    outcome_search_text,
)

# --- agenda -------------------------------------------------------------------------------

ITEM_FIELDS = ("title", "presenter_id", "minutes", "notes", "subject_kind", "subject_id")


def _checked_item(session: Session, fields: dict) -> dict:
    scrub(fields, model=AgendaItem)
    if "title" in fields:
        fields["title"] = _title(fields["title"])
    if fields.get("presenter_id") is not None:
        _contact_ids(session, [fields["presenter_id"]], "presenter")
    if fields.get("minutes") is not None:
        minutes = fields["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 1440:
            raise ValidationError("minutes", _("must be a whole number from 1 to 1440"))
    if "notes" in fields:
        fields["notes"] = fields["notes"] or ""
    if "subject_kind" in fields or "subject_id" in fields:
        kind, record_id = fields.get("subject_kind"), fields.get("subject_id")
        if kind is None and record_id is None:
            fields["subject_kind"] = fields["subject_id"] = None
        elif kind is None or record_id is None:
            raise ValidationError("subject", _("give both the kind of record and its number"))
        else:
            fields["subject_kind"], fields["subject_id"] = _record(
                session, kind, record_id, "subject"
            )
    return fields


def _item(session: Session, item_id: int) -> tuple[AgendaItem, Meeting]:
    item = get_or_404(session, AgendaItem, item_id, "agenda item")
    return item, _writable(session, item.meeting_id)


def _next_position(session: Session, meeting_id: int) -> int:
    highest = session.execute(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)
    ).scalar()
    return 1 if highest is None else highest + 1


@transactional
def add_item(session: Session, *, meeting_id: int, data: dict) -> AgendaItem:
    """Append an agenda item (title; presenter, minutes, notes, a request/idea/project)."""
    meeting = _writable(session, meeting_id)
    fields = {key: data.get(key) for key in ITEM_FIELDS}
    fields["title"] = fields["title"] or ""
    fields = _checked_item(session, fields)
    item = AgendaItem(**fields, meeting_id=meeting_id,
                      position=_next_position(session, meeting_id))
    session.add(item)
    _refresh_search(session, meeting)
    session.flush()
    return item


@transactional
def update_item(
    session: Session, *, item_id: int, changes: dict, expected_version: int | None = None
) -> AgendaItem:
    item, meeting = _item(session, item_id)
    check_version(item, expected_version, "agenda item")
    fields = _checked_item(session, {key: changes[key] for key in ITEM_FIELDS if key in changes})
    if "title" in fields and fields["title"] is None:
        del fields["title"]
    title_changed = "title" in fields and fields["title"] != item.title
    for key, value in fields.items():
        setattr(item, key, value)
    session.add(item)
    _refresh_search(session, meeting)
    if title_changed:
        _refresh_outcome_search(session, meeting, item.id)
    session.flush()
    return item


def _drop_outcome(session: Session, outcome: Outcome) -> None:
    """Delete an outcome; an action's open follow-up goes with it, a done one stays."""
    followup = session.get(FollowUp, outcome.followup_id) if outcome.followup_id else None
    session.delete(outcome)
    session.flush()
    if followup is not None and followup.done_on is None:
        session.delete(followup)


@transactional
def delete_item(session: Session, *, item_id: int) -> None:
    """Delete an agenda item with its outcomes (open follow-ups of its actions go too)."""
    item, meeting = _item(session, item_id)
    for outcome in session.execute(select(Outcome).where(Outcome.item_id == item_id)).scalars():
        _drop_outcome(session, outcome)
    session.execute(
        update(AgendaItem).where(AgendaItem.carried_from_id == item_id).values(carried_from_id=None)
    )
    session.delete(item)
    session.flush()
    _renumber(session, meeting.id)
    _refresh_search(session, meeting)
    session.flush()


def _renumber(session: Session, meeting_id: int) -> list[AgendaItem]:
    items = list(
        session.execute(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).scalars()
    )
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            session.add(item)
    return items


@transactional
def move_item(session: Session, *, item_id: int, offset: int) -> AgendaItem:
    """Move an item up (−1) or down (+1) the agenda; at either end it stays."""
    item, meeting = _item(session, item_id)
    items = _renumber(session, meeting.id)
    at = next(i for i, other in enumerate(items) if other.id == item_id)
    to = max(0, min(len(items) - 1, at + offset))
    if to != at:
        items.insert(to, items.pop(at))
        for number, other in enumerate(items, start=1):
            if other.position != number:
                other.position = number
                session.add(other)
        _refresh_search(session, meeting)
    session.flush()
    return item


@transactional
def set_item_status(session: Session, *, item_id: int, status: AgendaStatus) -> AgendaItem:
    """Mark an item dealt with, or open again. Items are carried over by ``plan_next``."""
    item, _meeting = _item(session, item_id)
    try:
        status = AgendaStatus(status)
    except ValueError:
        raise ValidationError("status", _("must be open or done")) from None
    if status == AgendaStatus.CARRIED and item.status != AgendaStatus.CARRIED:
        raise ValidationError(
            "status", _("an item is carried over by planning the series' next meeting")
        )
    item.status = status
    session.add(item)
    session.flush()
    return item


# --- outcomes -----------------------------------------------------------------------------


def _action_title(text: str) -> str:
    first = text.strip().splitlines()[0].strip()
    return first if len(first) <= MAX_TITLE else first[: MAX_TITLE - 1] + "…"


@transactional
def add_outcome(
    session: Session,
    *,
    item_id: int,
    kind: OutcomeKind,
    text: str,
    owner_id: int | None = None,
    due_on: date | None = None,
) -> Outcome:
    """Record what came out of an item. An action needs an owner and a due date and
    becomes a follow-up on the item's request/idea/project, else on the meeting."""
    item, meeting = _item(session, item_id)
    try:
        kind = OutcomeKind(kind)
    except ValueError:
        raise ValidationError("kind", _("must be information, decision or action")) from None
    text = clean_text(text, "text")
    if not text:
        raise ValidationError("text", _("must not be empty"))
    followup_id = None
    if kind == OutcomeKind.ACTION:
        if owner_id is None:
            raise ValidationError("owner", _("an action needs an owner"))
        if not isinstance(due_on, date):
            raise ValidationError("due", _("an action needs a due date"))
        _contact_ids(session, [owner_id], "owner")
        if item.subject_kind is not None and item.subject_id is not None:
            subject = (RecordKind(item.subject_kind), item.subject_id)
        else:
            subject = (RecordKind.MEETING, meeting.id)
        followup = FollowUp(
            title=_action_title(text), due_on=due_on, owner_id=owner_id,
            subject_kind=subject[0], subject_id=subject[1],
            notes=_action_notes(meeting, item, text),
        )
        session.add(followup)
        session.flush()
        followup_id = followup.id
    elif owner_id is not None or due_on is not None:
        raise ValidationError(
            "owner" if owner_id is not None else "due",
            _("only an action has an owner and a due date"),
        )
    outcome = Outcome(
        item_id=item.id, meeting_id=meeting.id, kind=kind, text=text, followup_id=followup_id,
        search_text=outcome_search_text(text, item.title, meeting.title),
    )
    session.add(outcome)
    session.flush()
    return outcome


def _action_notes(meeting: Meeting, item: AgendaItem, text: str) -> str:
    origin = _("From the meeting “{title}” of {date}, item “{item}”.").format(
        title=meeting.title, date=format_date(meeting.held_on), item=item.title
    )
    return origin if _action_title(text) == text else f"{text}\n\n{origin}"


@transactional
def update_outcome(
    session: Session,
    *,
    outcome_id: int,
    text: str | None = None,
    owner_id: int | None = None,
    due_on: date | None = None,
) -> Outcome:
    """Change an outcome's text, or an action's owner or due date (its follow-up follows)."""
    outcome = get_or_404(session, Outcome, outcome_id, "outcome")
    item, meeting = _item(session, outcome.item_id)
    if text is not None:
        text = clean_text(text, "text")
        if not text:
            raise ValidationError("text", _("must not be empty"))
        outcome.text = text
        outcome.search_text = outcome_search_text(text, item.title, meeting.title)
    if OutcomeKind(outcome.kind) != OutcomeKind.ACTION:
        if owner_id is not None or due_on is not None:
            raise ValidationError(
                "owner" if owner_id is not None else "due",
                _("only an action has an owner and a due date"),
            )
    else:
        if owner_id is not None:
            _contact_ids(session, [owner_id], "owner")
        if due_on is not None and not isinstance(due_on, date):
            raise ValidationError("due", _("an action needs a due date"))
        followup = session.get(FollowUp, outcome.followup_id) if outcome.followup_id else None
        if followup is not None:
            if text is not None:
                followup.title = _action_title(text)
            if owner_id is not None:
                followup.owner_id = owner_id
            if due_on is not None:
                followup.due_on = due_on
            session.add(followup)
    session.add(outcome)
    session.flush()
    return outcome


@transactional
def delete_outcome(session: Session, *, outcome_id: int) -> None:
    """Delete an outcome. An action's open follow-up goes with it; a done one stays."""
    outcome = get_or_404(session, Outcome, outcome_id, "outcome")
    _item(session, outcome.item_id)
    _drop_outcome(session, outcome)
    session.flush()
