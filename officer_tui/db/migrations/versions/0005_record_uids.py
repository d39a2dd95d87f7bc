"""record uids: every tracked record gets an identity beyond this database

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 12:00:00

An import merges by ``uid`` and calendar events are named after it, so a record keeps its
identity when data moves between databases. Existing rows get random uids. Adding the column
does not rebuild any table (a plain ``ALTER TABLE ADD COLUMN``), so the search index triggers
stay as they are; they do not watch ``uid``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "orgunit", "contact", "contactlog", "request", "strategicgoal", "idea", "project",
    "projectlink", "followup", "meetingseries", "meeting", "agendaitem", "outcome",
    "trainingprogramme", "trainingsession", "enrollment",
)


def _random_uid() -> str:
    if op.get_bind().dialect.name == "sqlite":
        return "lower(hex(randomblob(16)))"
    return "md5(random()::text || clock_timestamp()::text || id::text)"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("uid", sa.String(length=32), server_default="", nullable=False),
        )
        op.execute(f"UPDATE {table} SET uid = {_random_uid()}")  # noqa: S608 (fixed names)
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_uid", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("uid")
    # Dropping a column rebuilds the table on SQLite and drops its search triggers with it:
    # build the index again.
    if op.get_bind().dialect.name == "sqlite":
        from officer_tui.db import search_index

        for statement in (*search_index.SQLITE_DROP, *search_index.SQLITE_DDL):
            op.execute(statement)
