"""Small facts the app keeps about the database itself (key/value)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class AppState(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="")
