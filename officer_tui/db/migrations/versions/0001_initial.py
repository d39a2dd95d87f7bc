"""requests, units and contacts

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 06:27:25.403436
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate renders sqlmodel.sql.sqltypes.AutoString
from alembic import op

from officer_tui.db import textsearch

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appstate",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_appstate")),
    )
    op.create_table(
        "orgunit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "enterprise",
                "department",
                "city_office",
                "museum",
                "library",
                "music_school",
                "events",
                "house",
                "it_provider",
                "external",
                name="unitkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name_folded", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["orgunit.id"], name=op.f("fk_orgunit_parent_id_orgunit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orgunit")),
        sa.UniqueConstraint("name_folded", name=op.f("uq_orgunit_name_folded")),
    )
    with op.batch_alter_table("orgunit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orgunit_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name_folded", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["orgunit.id"], name=op.f("fk_contact_unit_id_orgunit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_name_folded"), ["name_folded"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column(
            "channel",
            sa.Enum(
                "mail",
                "phone",
                "meeting",
                "in_person",
                "ticket",
                name="channel",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column(
            "priority",
            sa.Enum(
                "low", "normal", "high", "urgent", name="priority", native_enum=False, length=14
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "triaged",
                "in_progress",
                "waiting",
                "forwarded",
                "done",
                "declined",
                name="requeststatus",
                native_enum=False,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("forwarded_to_id", sa.Integer(), nullable=True),
        sa.Column("ticket_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("urgency", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["forwarded_to_id"], ["orgunit.id"], name=op.f("fk_request_forwarded_to_id_orgunit")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["contact.id"], name=op.f("fk_request_requester_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["orgunit.id"], name=op.f("fk_request_unit_id_orgunit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request")),
    )
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.create_index("ix_request_by_due", ["due_on", "id", "status"], unique=False)
        batch_op.create_index(
            "ix_request_by_received", ["received_on", "id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_request_by_urgency", ["urgency", "received_on", "id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_request_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_request_forwarded_to_id"), ["forwarded_to_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_request_priority"), ["priority"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_requester_id"), ["requester_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_unit_id"), ["unit_id"], unique=False)

    # Full-text (substring) index of the requests' folded text; SQLite only.
    if op.get_bind().dialect.name == "sqlite":
        for statement in textsearch.SQLITE_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in textsearch.SQLITE_DROP:
            op.execute(statement)
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_unit_id"))
        batch_op.drop_index(batch_op.f("ix_request_status"))
        batch_op.drop_index(batch_op.f("ix_request_requester_id"))
        batch_op.drop_index(batch_op.f("ix_request_priority"))
        batch_op.drop_index(batch_op.f("ix_request_forwarded_to_id"))
        batch_op.drop_index(batch_op.f("ix_request_category"))
        batch_op.drop_index("ix_request_by_urgency")
        batch_op.drop_index("ix_request_by_received")
        batch_op.drop_index("ix_request_by_due")

    op.drop_table("request")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_unit_id"))
        batch_op.drop_index(batch_op.f("ix_contact_name_folded"))

    op.drop_table("contact")
    with op.batch_alter_table("orgunit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orgunit_parent_id"))

    op.drop_table("orgunit")
    op.drop_table("appstate")
