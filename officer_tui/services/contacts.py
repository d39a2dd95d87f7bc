"""Contacts: the people in the units, when they were last heard from, and who is slipping away.

Stay in touch
-------------
A person should be heard from at least every N days: their own ``stay_in_touch_days``, else
the settings file's interval for their unit's kind (``contacts.stay_in_touch_by_kind``), else
the file's ``contacts.stay_in_touch_days`` (one interval for everyone, people without a unit
too), else what older versions stored per kind (``AppState['stay_in_touch.<kind>']``), else
``STAY_DEFAULTS``; people without a unit: the file's interval for everyone, else 90 days.
"Losing touch" means the last contact (the newest timeline event, see ``timeline``) is older
than that, or there was none and the person was added longer ago than that. The filter is one
SQL query over ``timeline.last_contacts()`` joined to the contacts.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, case, cast, func, literal, or_
from sqlmodel import Field, Session, SQLModel, select

from officer_tui import clock, settings
from officer_tui.db.sqlfuncs import days_between
from officer_tui.i18n import _
from officer_tui.models.enums import Channel, UnitKind
from officer_tui.models.org import Contact, ContactCreate, ContactLog, ContactUpdate, OrgUnit
from officer_tui.models.state import AppState
from officer_tui.models.views import ContactRow
from officer_tui.services import timeline
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
from officer_tui.services.errors import ValidationError
from officer_tui.text import closest, fold

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()/ .\-]{3,40}$")

# Talk to people of this kind at least every N days, unless the settings say otherwise.
STAY_DEFAULTS: dict[UnitKind, int] = {
    UnitKind(kind): days for kind, days in settings.STAY_BY_KIND_DEFAULTS.items()
}
STAY_NO_UNIT = settings.DEFAULT_STAY_DAYS  # people without a unit (unless the file says)
STAY_KEY = "stay_in_touch.{kind}"


def erased_name() -> str:
    """How an erased person is shown everywhere."""
    return _("erased person")


def shown_name(name: str | None, erased_at: datetime | None = None) -> str | None:
    """A person's name for display: "erased person" for an erased one (blank name)."""
    if name is None:
        return None
    if erased_at is not None or name == "":
        return erased_name()
    return name


class ContactExtras(SQLModel):
    """The GDPR and stay-in-touch fields a form or the CLI may set (beside ContactUpdate)."""

    purpose: str | None = None
    legal_basis: str | None = Field(default=None, max_length=200)
    review_on: date | None = None
    stay_in_touch_days: int | None = Field(default=None, ge=1, le=3650)


_EXTRA_FIELDS = frozenset(ContactExtras.model_fields)


def _split(data: SQLModel | dict) -> tuple[dict, dict]:
    raw = data.model_dump(exclude_unset=True) if isinstance(data, SQLModel) else dict(data)
    extras = {key: raw.pop(key) for key in list(raw) if key in _EXTRA_FIELDS}
    checked = validated(ContactExtras, extras, model=Contact).model_dump(exclude_unset=True)
    for key in ("purpose", "legal_basis"):
        if key in checked:
            checked[key] = checked[key] or ""  # cleaned by validated()
    return raw, checked


def _check(session: Session, fields: dict) -> dict:
    for key in ("name", "role", "email", "phone"):
        if key in fields and fields[key] is not None:
            fields[key] = clean(fields[key])
    if "name" in fields and not fields["name"]:
        raise ValidationError("name", _("must not be empty"))
    if fields.get("email") and not _EMAIL.match(fields["email"]):
        raise ValidationError(
            "email", _("{text!r} is not an e-mail address").format(text=fields["email"])
        )
    if fields.get("phone") and not _PHONE.match(fields["phone"]):
        raise ValidationError(
            "phone", _("{text!r} is not a phone number").format(text=fields["phone"])
        )
    if fields.get("unit_id") is not None and session.get(OrgUnit, fields["unit_id"]) is None:
        raise ValidationError("unit", _("unknown unit"))
    if "name" in fields:
        fields["name_folded"] = fold(fields["name"])
    return fields


def refuse_erased(contact: Contact) -> None:
    if contact.erased_at is not None:
        raise ValidationError(
            "contact",
            _("contact {id} was erased; it cannot be changed").format(id=contact.id),
        )


def new_contact(session: Session, *, data: ContactCreate | dict) -> Contact:
    """A checked contact, not added to the session yet (``create_contact`` and bulk imports)."""
    raw, extras = _split(data)
    fields = _check(session, validated(ContactCreate, raw, model=Contact).model_dump())
    return Contact.model_validate(fields | extras)


@transactional
def create_contact(session: Session, *, data: ContactCreate | dict) -> Contact:
    contact = new_contact(session, data=data)
    session.add(contact)
    session.flush()
    return contact


@transactional
def update_contact(
    session: Session,
    *,
    contact_id: int,
    changes: ContactUpdate | dict,
    expected_version: int | None = None,
) -> Contact:
    """Edit a contact, GDPR fields (purpose, legal_basis, review_on) and interval included."""
    contact = get_or_404(session, Contact, contact_id, "contact")
    check_version(contact, expected_version, "contact")
    refuse_erased(contact)
    raw, extras = _split(changes)
    fields = _check(session, validated(ContactUpdate, raw, model=Contact).model_dump(exclude_unset=True))
    contact.sqlmodel_update(fields | extras)
    session.add(contact)
    session.flush()
    return contact


def get_contact(session: Session, contact_id: int) -> Contact:
    return get_or_404(session, Contact, contact_id, "contact")


def find_contact(
    session: Session, name: str, *, unit_id: int | None = None, field: str = "requester"
) -> Contact:
    """The contact called ``name`` (case- and accent-blind), preferring one in ``unit_id``."""
    key = fold(clean(name, field))
    if not key:
        raise ValidationError(field, _("must not be empty"))
    matches = session.exec(select(Contact).where(Contact.name_folded == key)).all()
    if len(matches) > 1 and unit_id is not None:
        matches = [c for c in matches if c.unit_id == unit_id] or matches
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ValidationError(
            field,
            _("{count} contacts are called {name!r}; pick one in the app").format(
                count=len(matches), name=clean(name)
            ),
        )
    names = session.exec(select(Contact.name).where(Contact.erased_at.is_(None))).all()
    suggestions = closest(name, names)
    if suggestions:
        raise ValidationError(
            field,
            _("unknown contact {name!r}; did you mean: {options}?").format(
                name=clean(name), options=", ".join(suggestions)
            ),
        )
    raise ValidationError(field, _("unknown contact {name!r}").format(name=clean(name)))


# --- stay in touch ------------------------------------------------------------------------


def stay_defaults(session: Session) -> dict[UnitKind, int]:
    """The interval per unit kind: the settings file's per kind, else its interval for
    everyone, else ``AppState['stay_in_touch.<kind>']`` (older versions), else the built-ins."""
    configured = settings.current()
    if configured.stay_in_touch_days is not None:
        defaults = dict.fromkeys(UnitKind, configured.stay_in_touch_days)
    else:
        defaults = dict(STAY_DEFAULTS)
        keys = {STAY_KEY.format(kind=kind.value): kind for kind in UnitKind}
        for state in session.exec(select(AppState).where(AppState.key.in_(list(keys)))).all():
            try:
                days = int(state.value)
            except ValueError:
                continue
            if days >= 1:
                defaults[keys[state.key]] = days
    for kind, days in configured.stay_in_touch_by_kind.items():
        defaults[UnitKind(kind)] = days
    return defaults


def stay_without_unit() -> int:
    """The interval of people without a unit: the file's interval for everyone, else 90."""
    days = settings.current().stay_in_touch_days
    return STAY_NO_UNIT if days is None else days


@transactional
def set_stay_default(session: Session, *, kind: UnitKind, days: int) -> None:
    if not 1 <= int(days) <= 3650:
        raise ValidationError("days", _("must be between 1 and {n}").format(n=3650))
    key = STAY_KEY.format(kind=UnitKind(kind).value)
    state = session.get(AppState, key) or AppState(key=key)
    state.value = str(int(days))
    session.add(state)


def interval_for(own: int | None, kind: UnitKind | None, defaults: dict[UnitKind, int]) -> int:
    """The stay-in-touch interval of one person (Python twin of ``_interval_sql``)."""
    if own is not None:
        return own
    if kind is None:
        return stay_without_unit()
    return defaults.get(UnitKind(kind), stay_without_unit())


def _interval_sql(defaults: dict[UnitKind, int]):
    by_kind = case(
        *[(OrgUnit.kind == kind.value, days) for kind, days in defaults.items()],
        else_=stay_without_unit(),
    )
    return func.coalesce(Contact.stay_in_touch_days, by_kind)


def _day_of(session: Session, column):
    """The date part of a timestamp column, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column)
    return cast(column, Date)


# --- lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow(ContactRow):
    """A line of the contacts list: the contact, when last heard from, and what is due."""

    last_on: date | None = None
    interval_days: int = STAY_NO_UNIT
    losing_touch: bool = False
    review_on: date | None = None
    review_due: bool = False
    erased: bool = False
    unit_kind: UnitKind | None = None

    def days_since(self, today: date) -> int | None:
        return None if self.last_on is None else max((today - self.last_on).days, 0)


def _filtered(
    session: Session,
    statement,
    *,
    unit_ids: Collection[int] | None,
    text: str,
    role: str,
    losing_touch: bool,
    review_due: bool,
    include_erased: bool,
    today: date,
    changed_by: str | None = None,
):
    """Contacts in ``unit_ids`` (None: anywhere), matching the text and the facets.

    ``statement`` selects from Contact joined (outer) to OrgUnit and to the last contacts
    (``last``, added here); returns the statement and the "days overdue" expression.
    """
    if not include_erased:
        statement = statement.where(Contact.erased_at.is_(None))
    if unit_ids is not None:
        statement = statement.where(Contact.unit_id.in_(list(unit_ids)))
    words = filter_words(text)
    for word in words:
        statement = statement.where(
            or_(
                Contact.name_folded.contains(word, autoescape=True),
                func.lower(Contact.email).contains(word, autoescape=True),
                func.lower(Contact.role).contains(word, autoescape=True),
            )
        )
    if role.strip():
        statement = statement.where(
            func.lower(Contact.role).contains(role.strip().lower(), autoescape=True)
        )
    if review_due:
        statement = statement.where(Contact.review_on.is_not(None), Contact.review_on <= today)
    if clean_user(changed_by):
        statement = statement.where(touched_by(session, Contact, changed_by))
    if losing_touch:
        last = timeline.last_contacts(until=today).subquery("last")
        since = func.coalesce(last.c.last_on, _day_of(session, Contact.created_at))
        silence = days_between(since, literal(today))
        interval = _interval_sql(stay_defaults(session))
        statement = statement.join(last, last.c.contact_id == Contact.id, isouter=True).where(
            silence > interval
        )
        return statement, silence - interval
    return statement, None


def _base(columns):
    return select(*columns).join(OrgUnit, Contact.unit_id == OrgUnit.id, isouter=True)


def contact_ids(
    session: Session,
    *,
    unit_ids: Collection[int] | None = None,
    text: str = "",
    role: str = "",
    losing_touch: bool = False,
    review_due: bool = False,
    include_erased: bool = False,
    today: date | None = None,
    changed_by: str | None = None,
) -> array:
    """The ids of the matching contacts in list order, as the list view keeps them.

    By name; with ``losing_touch`` the most overdue first; with ``review_due`` the oldest
    review date first. Erased people are left out unless ``include_erased``; ``changed_by``
    keeps those that person created or changed (``services.authors``).
    """
    today = today or clock.today()
    statement, overdue = _filtered(
        session,
        _base([Contact.id]),
        unit_ids=unit_ids,
        text=text,
        role=role,
        losing_touch=losing_touch,
        review_due=review_due,
        include_erased=include_erased,
        today=today,
        changed_by=changed_by,
    )
    if overdue is not None:
        statement = statement.order_by(overdue.desc(), Contact.name_folded, Contact.id)
    elif review_due:
        statement = statement.order_by(Contact.review_on, Contact.name_folded, Contact.id)
    else:
        statement = statement.order_by(Contact.name_folded, Contact.id)
    return array("q", session.exec(statement).all())


def contact_rows(session: Session, ids: Sequence[int], *, today: date | None = None) -> list[PersonRow]:
    """The list rows for ``ids``, in the order given (ids that vanished are left out)."""
    wanted = list(ids)
    if not wanted:
        return []
    today = today or clock.today()
    events = timeline.all_events(contact_only=True).subquery()
    last = dict(
        session.execute(
            select(events.c.contact_id, func.max(events.c.happened_on))
            .where(events.c.contact_id.in_(wanted), events.c.happened_on <= today)
            .group_by(events.c.contact_id)
        ).all()
    )
    defaults = stay_defaults(session)
    statement = _base([Contact, OrgUnit.name, OrgUnit.kind]).where(Contact.id.in_(wanted))
    found = {}
    for contact, unit_name, kind in session.exec(statement).all():
        found[contact.id] = _to_row(contact, unit_name, kind, last.get(contact.id), defaults, today)
    return [found[i] for i in wanted if i in found]


def _to_row(
    contact: Contact,
    unit_name: str | None,
    kind: UnitKind | None,
    last_on: date | None,
    defaults: dict[UnitKind, int],
    today: date,
) -> PersonRow:
    interval = interval_for(contact.stay_in_touch_days, kind, defaults)
    since = last_on or contact.created_at.date()
    erased = contact.erased_at is not None
    return PersonRow(
        id=contact.id,
        name=shown_name(contact.name, contact.erased_at) or "",
        unit_id=contact.unit_id,
        unit_name=unit_name,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
        version=contact.version,
        last_on=last_on,
        interval_days=interval,
        losing_touch=not erased and (today - since).days > interval,
        review_on=contact.review_on,
        review_due=not erased and contact.review_on is not None and contact.review_on <= today,
        erased=erased,
        unit_kind=UnitKind(kind) if kind else None,
    )


def list_contacts(
    session: Session,
    *,
    unit_ids: set[int] | None = None,
    text: str = "",
    role: str = "",
    losing_touch: bool = False,
    review_due: bool = False,
    include_erased: bool = False,
    limit: int | None = None,
    today: date | None = None,
    changed_by: str | None = None,
) -> list[PersonRow]:
    ids = contact_ids(
        session,
        unit_ids=unit_ids,
        text=text,
        role=role,
        losing_touch=losing_touch,
        review_due=review_due,
        include_erased=include_erased,
        today=today,
        changed_by=changed_by,
    )
    if limit:
        ids = ids[:limit]
    rows: list[PersonRow] = []
    for start in range(0, len(ids), 500):
        rows.extend(contact_rows(session, ids[start : start + 500], today=today))
    return rows


def person_row(session: Session, contact_id: int, *, today: date | None = None) -> PersonRow:
    get_or_404(session, Contact, contact_id, "contact")
    return contact_rows(session, [contact_id], today=today)[0]


# --- logging a contact --------------------------------------------------------------------


@transactional
def log_contact(
    session: Session,
    *,
    contact_id: int,
    channel: Channel | str = Channel.PHONE,
    note: str = "",
    happened_on: date | None = None,
    today: date | None = None,
) -> ContactLog:
    """Note that you spoke with someone (a call, a chat in the corridor): "last contact"."""
    today = today or clock.today()
    contact = get_or_404(session, Contact, contact_id, "contact")
    refuse_erased(contact)
    happened_on = happened_on or today
    if happened_on > today:
        raise ValidationError("happened_on", _("cannot lie in the future"))
    try:
        channel = Channel(channel)
    except ValueError:
        options = ", ".join(c.value for c in Channel)
        raise ValidationError(
            "channel", _("must be one of: {options}").format(options=options)
        ) from None
    log = ContactLog(
        contact_id=contact.id, happened_on=happened_on, channel=channel, note=clean_text(note, "note")
    )
    session.add(log)
    session.flush()
    return log


def get_log(session: Session, log_id: int) -> ContactLog:
    return get_or_404(session, ContactLog, log_id, "contact log")
