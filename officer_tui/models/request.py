"""Requests (Anfragen, Bedarfe) that departments bring to the officer."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from officer_tui.models.base import Tracked, enum_type
from officer_tui.models.enums import Channel, Priority, RequestStatus


class RequestBase(SQLModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="")
    unit_id: int = Field(foreign_key="orgunit.id", index=True)
    requester_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    channel: Channel = Field(default=Channel.MAIL, sa_type=enum_type(Channel))
    received_on: date = Field(index=True)
    category: str | None = Field(default=None, max_length=80, index=True)
    priority: Priority = Field(default=Priority.NORMAL, index=True, sa_type=enum_type(Priority))
    due_on: date | None = Field(default=None, index=True)


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
