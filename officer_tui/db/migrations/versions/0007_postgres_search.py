"""search on PostgreSQL: a tsvector index over every kind of record, German and English

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:00:00

On PostgreSQL, ``search_index`` (see db/search_index.py) is created, filled from the existing
rows and kept in sync by triggers from here on. SQLite has had its FTS5 index since 0004:
nothing to do there.
"""

from collections.abc import Sequence

from alembic import op

from officer_tui.db import search_index

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in search_index.POSTGRES_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in search_index.POSTGRES_DROP:
            op.execute(statement)
