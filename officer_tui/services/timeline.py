"""One person's history across every domain, and when each person was last heard from.

Each domain feeds the timeline with one SQL ``SELECT`` of the same six columns:

    contact_id, happened_on (date), kind (RecordKind value), record_id, title, role

``role`` says how the person took part ("requested", "owns", "attended" ...; a message id
marked with N_ and translated when shown). The timeline is the UNION ALL of all feeds, so
"last contact" for every person, and the "losing touch" list, are single queries however
many domains there are. A domain joins by adding its feed function to ``FEEDS``.

A feed takes ``contact_only``: when true it leaves out what is on the timeline but is no
contact with the person (an open follow-up they own is a plan, not a conversation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, literal, select, union_all
from sqlmodel import Session

from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind
from officer_tui.models.org import ContactLog
from officer_tui.models.request import Request

COLUMNS = ("contact_id", "happened_on", "kind", "record_id", "title", "role")

# What a timeline line is, in people's words (translate with _() when shown).
KIND_NAMES: dict[RecordKind, str] = {
    RecordKind.REQUEST: N_("request"),
    RecordKind.IDEA: N_("idea"),
    RecordKind.PROJECT: N_("project"),
    RecordKind.MEETING: N_("meeting"),
    RecordKind.TRAINING: N_("training"),
    RecordKind.TRAINING_SESSION: N_("training session"),
    RecordKind.CONTACT: N_("contact"),
    RecordKind.FOLLOWUP: N_("follow-up"),
    RecordKind.CONTACT_LOG: N_("logged contact"),
}


@dataclass(frozen=True)
class TimelineEntry:
    happened_on: date
    kind: RecordKind
    record_id: int
    title: str
    role: str  # untranslated message id; translate with _() when shown


def kind_name(kind: RecordKind | str) -> str:
    return _(KIND_NAMES[RecordKind(kind)])


def role_text(kind: RecordKind | str, role: str) -> str:
    """How the person took part, translated (a logged contact's role is its channel)."""
    if RecordKind(kind) == RecordKind.CONTACT_LOG:
        from officer_tui.labels import channel_label

        try:
            return channel_label(role)
        except ValueError:
            return role
    return _(role) if role else ""


def requests_feed(*, contact_only: bool = False) -> Select:
    """Requests a person raised, on the day they came in."""
    return select(
        Request.requester_id.label("contact_id"),
        Request.received_on.label("happened_on"),
        literal(RecordKind.REQUEST.value).label("kind"),
        Request.id.label("record_id"),
        Request.title.label("title"),
        literal(N_("requested")).label("role"),
    ).where(Request.requester_id.is_not(None))


def contact_log_feed(*, contact_only: bool = False) -> Select:
    """Contacts logged by hand (key l): a call, a conversation, a mail."""
    return select(
        ContactLog.contact_id.label("contact_id"),
        ContactLog.happened_on.label("happened_on"),
        literal(RecordKind.CONTACT_LOG.value).label("kind"),
        ContactLog.id.label("record_id"),
        ContactLog.note.label("title"),
        ContactLog.channel.label("role"),
    )


# Every domain's feed; the domains in their own modules join in _register_domain_feeds().
FEEDS: list[Callable[..., Select]] = [requests_feed, contact_log_feed]


def _register_domain_feeds() -> None:
    """Feeds that live in their domain's module (imported here, not there: no cycle)."""
    from officer_tui.services.followups import followups_feed
    from officer_tui.services.ideas import ideas_feed
    from officer_tui.services.meetings import meetings_feed
    from officer_tui.services.trainings import trainings_feed

    FEEDS.extend([ideas_feed, followups_feed, meetings_feed, trainings_feed])


_register_domain_feeds()


def all_events(*, contact_only: bool = False) -> Select:
    """Every (contact, day, record) event of every domain, as one subquery-able SELECT."""
    return union_all(*(feed(contact_only=contact_only) for feed in FEEDS))


def timeline(session: Session, contact_id: int, *, limit: int | None = None) -> list[TimelineEntry]:
    """Everything that passed with one person, newest first."""
    events = all_events().subquery()
    statement = (
        select(
            events.c.happened_on, events.c.kind, events.c.record_id, events.c.title, events.c.role
        )
        .where(events.c.contact_id == contact_id)
        .order_by(events.c.happened_on.desc(), events.c.kind, events.c.record_id.desc())
    )
    if limit:
        statement = statement.limit(limit)
    return [
        TimelineEntry(
            happened_on=happened_on,
            kind=RecordKind(kind),
            record_id=record_id,
            title=title or "",
            role=str(role or ""),
        )
        for happened_on, kind, record_id, title, role in session.execute(statement).all()
    ]


def last_contacts(*, until: date) -> Select:
    """(contact_id, last_on) for every person with an event up to ``until`` (today): the basis
    of "losing touch". Later events (a follow-up due next month) are plans, not contact."""
    # Newest per feed first (each reads just its own index: contact, date), then newest of those;
    # one MAX over the whole union would fetch every event's row, titles and all.
    newest_per_feed = []
    for feed in FEEDS:
        events = feed(contact_only=True).subquery()
        newest_per_feed.append(
            select(events.c.contact_id, func.max(events.c.happened_on).label("last_on"))
            .where(events.c.happened_on <= until)
            .group_by(events.c.contact_id)
        )
    newest = union_all(*newest_per_feed).subquery()
    return select(newest.c.contact_id, func.max(newest.c.last_on).label("last_on")).group_by(
        newest.c.contact_id
    )


def last_contact(session: Session, contact_id: int, *, until: date | None = None) -> date | None:
    events = all_events(contact_only=True).subquery()
    statement = select(func.max(events.c.happened_on)).where(events.c.contact_id == contact_id)
    if until is not None:
        statement = statement.where(events.c.happened_on <= until)
    return session.execute(statement).scalar()
