"""Requests (Anfragen, Bedarfe) that departments bring to the officer."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import Channel, Priority, RequestStatus


class RequestBase(SQLModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="")
    unit_id: int = Field(foreign_key="orgunit.id", index=True)
    requester_id: int | None = Field(default=None, foreign_key="contact.id")
    channel: Channel = Field(default=Channel.MAIL, sa_type=enum_type(Channel))
    received_on: date
    category: str | None = Field(default=None, max_length=80, index=True)
    priority: Priority = Field(default=Priority.NORMAL, index=True, sa_type=enum_type(Priority))
    due_on: date | None = Field(default=None)


class Request(RequestBase, Tracked, table=True):
    status: RequestStatus = Field(
        default=RequestStatus.NEW, index=True, sa_type=enum_type(RequestStatus)
    )
    forwarded_to_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True)
    ticket_ref: str | None = Field(default=None, max_length=120)
    resolution: str = Field(default="")
    closed_on: date | None = Field(default=None)
    # Folded title and description, kept by the services, for case/umlaut-blind filtering.
    search_text: str = Field(default="")
    # The urgency score as of ``AppState['urgency_day']``: kept by the services on every write
    # and refreshed for all open requests once a day, so lists sort on an index.
    urgency: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    # Covers the default list: walked backwards it yields the most urgent first, and the
    # status is checked inside the index without touching the (wide) rows.
    __table_args__ = (
        sa.Index("ix_request_by_urgency", "urgency", "received_on", "id", "status"),
        sa.Index("ix_request_by_received", "received_on", "id", "status"),
        sa.Index("ix_request_by_due", "due_on", "id", "status"),
        # A person's requests by date: their timeline and "last contact" for everyone.
        sa.Index("ix_request_by_requester", "requester_id", "received_on"),
    )


class RequestCreate(RequestBase):
    pass


class RequestUpdate(SQLModel):
    """Fields the capture form edits. Status changes go through the triage services."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = None
    unit_id: int | None = None
    requester_id: int | None = None
    channel: Channel | None = None
    received_on: date | None = None
    category: str | None = Field(default=None, max_length=80)
    priority: Priority | None = None
    due_on: date | None = None
