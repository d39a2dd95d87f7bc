"""Units (departments, houses, partners) and the people in them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from pydantic import field_validator
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import Channel, UnitKind


class OrgUnitBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    short_name: str | None = Field(default=None, max_length=40)
    kind: UnitKind = Field(default=UnitKind.DEPARTMENT, sa_type=enum_type(UnitKind))
    parent_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)
    notes: str = Field(default="")


class OrgUnit(OrgUnitBase, Tracked, table=True):
    # Case- and accent-folded name, kept by the services: unit names are unique in this sense.
    name_folded: str = Field(default="", unique=True)


class OrgUnitCreate(OrgUnitBase):
    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class OrgUnitUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    short_name: str | None = None
    kind: UnitKind | None = None
    parent_id: int | None = None
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)
    notes: str | None = None


class ContactBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    unit_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)
    role: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=80)
    notes: str = Field(default="")


class Contact(ContactBase, Tracked, table=True):
    name_folded: str = Field(default="", index=True)
    # GDPR: why we keep this person's data, on which legal basis, and when to review that.
    purpose: str = Field(default="", sa_column_kwargs={"server_default": ""})
    legal_basis: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    review_on: date | None = Field(default=None, index=True)
    # Stay in touch: talk to this person at least every N days (None: the unit kind's default).
    stay_in_touch_days: int | None = Field(default=None, ge=1, le=3650)
    # Set when the person was erased (Art. 17): the row stays so records keep their links,
    # but every personal field is blank and the person shows as "erased person".
    erased_at: datetime | None = Field(default=None, index=True)


class ContactLog(Tracked, table=True):
    """A contact logged by hand (a call, a chat in the corridor): feeds "last contact"."""

    contact_id: int = Field(foreign_key="contact.id")
    happened_on: date = Field(index=True)

    __table_args__ = (sa.Index("ix_contactlog_by_contact", "contact_id", "happened_on"),)
    channel: Channel = Field(default=Channel.PHONE, sa_type=enum_type(Channel))
    note: str = Field(default="")


class ContactCreate(ContactBase):
    pass


class ContactUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit_id: int | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
