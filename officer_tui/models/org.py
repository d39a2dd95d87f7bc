"""Units (departments, houses, partners) and the people in them."""

from __future__ import annotations

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import UnitKind


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


class ContactCreate(ContactBase):
    pass


class ContactUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit_id: int | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
