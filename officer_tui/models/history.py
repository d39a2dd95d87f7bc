"""The change history: one row per record touched by a saved transaction.

Rows are written by ``officer_tui.db.history`` (a session listener), never by hand, and never
changed afterwards, except that erasing a person (GDPR) removes their personal data from it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from officer_tui.models.base import enum_type, new_uid, utcnow


class ChangeAction(StrEnum):
    INSERT = "insert"  # ``values``: the new record's fields {name: value}
    UPDATE = "update"  # ``values``: the changed fields {name: [before, after]}
    DELETE = "delete"  # ``values``: the deleted record's fields {name: value}
    ERASE = "erase"  # a person erased (GDPR): no values, the earlier entries are gone


class Change(SQLModel, table=True):
    """Who changed which record when, and how (an audit entry; the basis of undo).

    ``group_uid`` ties together the changes of one transaction: undo reverts a group.
    Values are JSON (dates as ISO text, enums as their value), converted back through the
    record's column types when a change is reverted.
    """

    __table_args__ = (
        sa.Index("ix_change_record", "table_name", "record_id", "id"),
        sa.Index("ix_change_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True, index=True)
    group_uid: str = Field(max_length=32, index=True)
    at: datetime = Field(default_factory=utcnow, nullable=False)
    user: str = Field(default="", max_length=100, index=True)
    table_name: str = Field(max_length=40)
    record_id: int
    record_uid: str = Field(default="", max_length=32)
    action: ChangeAction = Field(sa_type=enum_type(ChangeAction))
    # The record's title or name when it was changed, so a list of changes reads well.
    label: str = Field(default="", max_length=300)
    # The record's version after the change (0 after a delete).
    version: int = Field(default=0)
    values: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # The change undoes another group (undo and revert): its group uid.
    reverts: str = Field(default="", max_length=32)
