"""search everything: one full-text index over every kind of record (SQLite)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00
"""

from collections.abc import Sequence

from alembic import op

from officer_tui.db import search_index

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The index is filled from the existing rows; triggers keep it in sync from here on.
    if op.get_bind().dialect.name == "sqlite":
        for statement in search_index.SQLITE_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in search_index.SQLITE_DROP:
            op.execute(statement)
