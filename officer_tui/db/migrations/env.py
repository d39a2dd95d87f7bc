"""Alembic environment. The app passes its own connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from officer_tui.db.textsearch import include_object
from officer_tui.models import register_all

register_all()
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("officer-tui runs migrations with its own connection only")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
        include_object=include_object,  # the full-text tables are not models
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
