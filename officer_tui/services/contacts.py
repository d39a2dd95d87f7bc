"""Contacts: the people in the units."""

from __future__ import annotations

import re
from array import array
from collections.abc import Collection, Sequence

from sqlmodel import Session, select

from officer_tui.i18n import _
from officer_tui.models.org import Contact, ContactCreate, ContactUpdate, OrgUnit
from officer_tui.models.views import ContactRow
from officer_tui.services._common import (
    check_version,
    clean,
    get_or_404,
    transactional,
    validated,
)
from officer_tui.services.errors import ValidationError
from officer_tui.text import closest, fold

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()/ .\-]{3,40}$")


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


@transactional
def create_contact(session: Session, *, data: ContactCreate | dict) -> Contact:
    fields = _check(session, validated(ContactCreate, data).model_dump())
    contact = Contact.model_validate(fields)
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
    contact = get_or_404(session, Contact, contact_id, "contact")
    check_version(contact, expected_version, "contact")
    fields = _check(session, validated(ContactUpdate, changes).model_dump(exclude_unset=True))
    contact.sqlmodel_update(fields)
    session.add(contact)
    session.flush()
    return contact


def get_contact(session: Session, contact_id: int) -> Contact:
    return get_or_404(session, Contact, contact_id, "contact")


def find_contact(
    session: Session, name: str, *, unit_id: int | None = None, field: str = "requester"
) -> Contact:
    """The contact called ``name`` (case- and accent-blind), preferring one in ``unit_id``."""
    key = fold(clean(name))
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
    suggestions = closest(name, session.exec(select(Contact.name)).all())
    if suggestions:
        raise ValidationError(
            field,
            _("unknown contact {name!r}; did you mean: {options}?").format(
                name=clean(name), options=", ".join(suggestions)
            ),
        )
    raise ValidationError(field, _("unknown contact {name!r}").format(name=clean(name)))


def _matching(statement, unit_ids: Collection[int] | None, text: str):
    """Contacts in ``unit_ids`` (None: anywhere) whose folded name contains ``text``."""
    if unit_ids is not None:
        statement = statement.where(Contact.unit_id.in_(list(unit_ids)))
    if text.strip():
        statement = statement.where(
            Contact.name_folded.contains(fold(text.strip()), autoescape=True)
        )
    return statement.order_by(Contact.name_folded, Contact.id)


def _to_row(contact: Contact, unit_name: str | None) -> ContactRow:
    return ContactRow(
        id=contact.id,
        name=contact.name,
        unit_id=contact.unit_id,
        unit_name=unit_name,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
        version=contact.version,
    )


def _with_unit_name():
    return select(Contact, OrgUnit.name).join(OrgUnit, Contact.unit_id == OrgUnit.id, isouter=True)


def list_contacts(
    session: Session, *, unit_ids: set[int] | None = None, text: str = "", limit: int | None = None
) -> list[ContactRow]:
    statement = _matching(_with_unit_name(), unit_ids, text)
    if limit:
        statement = statement.limit(limit)
    return [_to_row(contact, unit_name) for contact, unit_name in session.exec(statement).all()]


def contact_ids(
    session: Session, *, unit_ids: Collection[int] | None = None, text: str = ""
) -> array:
    """The ids of the contacts ``list_contacts`` would return, in its order (by name).

    The list view keeps these and fetches only the rows it shows (``contact_rows``).
    """
    return array("q", session.exec(_matching(select(Contact.id), unit_ids, text)).all())


def contact_rows(session: Session, ids: Sequence[int]) -> list[ContactRow]:
    """The list rows for ``ids``, in the order given (ids that vanished are left out)."""
    wanted = list(ids)
    if not wanted:
        return []
    statement = _with_unit_name().where(Contact.id.in_(wanted))
    found = {contact.id: _to_row(contact, name) for contact, name in session.exec(statement).all()}
    return [found[i] for i in wanted if i in found]
