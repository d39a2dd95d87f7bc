"""change history: who changed which record when, and how (the basis of undo)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:00:00

Existing records get no entries: their history starts with the next change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("group_uid", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # as the model (PostgreSQL)
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_uid", sa.String(length=32), nullable=False),
        sa.Column("action", sa.Enum("insert", "update", "delete", "erase", name="changeaction",
                                    native_enum=False, create_constraint=False, length=14),
                  nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("reverts", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change")),
    )
    op.create_index(op.f("ix_change_uid"), "change", ["uid"], unique=True)
    op.create_index(op.f("ix_change_group_uid"), "change", ["group_uid"], unique=False)
    op.create_index(op.f("ix_change_user"), "change", ["user"], unique=False)
    op.create_index("ix_change_record", "change", ["table_name", "record_id", "id"], unique=False)
    op.create_index("ix_change_at", "change", ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("change")
