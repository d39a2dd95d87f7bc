"""Columns every table has: id, created_at, updated_at, version."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

# Named constraints, so that later batch migrations on SQLite can find and change them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current moment in UTC, time-zone aware (SQLModel refuses naive datetimes)."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A record's identity beyond this database: 32 hex digits of a random UUID."""
    return uuid4().hex


class Tracked(SQLModel):
    """Mixin for tables: identity, timestamps and a version for optimistic locking.

    ``id`` is the record's number in this database (what people see, "#123"); ``uid`` is who
    the record is anywhere: an import merges by it, calendar events are named after it, so a
    record keeps its identity when data moves between databases.
    """

    id: int | None = Field(default=None, primary_key=True)
    # NOT NULL with an empty server default only so that migrations can add the column to
    # filled tables; every insert gets a fresh uid from Python, and the unique index refuses
    # a second empty one.
    uid: str = Field(
        default_factory=new_uid, max_length=32, unique=True, index=True, nullable=False,
        sa_column_kwargs={"server_default": ""},
    )
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow, nullable=False, sa_column_kwargs={"onupdate": utcnow}
    )
    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        # SQLAlchemy bumps ``version`` on every UPDATE and adds ``WHERE version = :seen``,
        # so a save based on a stale read fails instead of silently overwriting.
        return {"version_id_col": cls.__table__.c.version}


def enum_type(enum_cls: type) -> sa.Enum:
    """Store an enum as its value in a plain VARCHAR (no native PostgreSQL enum type).

    Values, not names, so that the database reads like the CLI (``in_progress``), and no
    CHECK constraint, so that adding a member needs no table rebuild.
    """
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_cls) + 8,
        values_callable=lambda members: [member.value for member in members],
    )
