"""stakeholders, ideas, projects, follow-ups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:05:43.552749
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate renders sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "strategicgoal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategicgoal")),
        sa.UniqueConstraint("code", name=op.f("uq_strategicgoal_code")),
    )
    op.create_table(
        "contactlog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
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
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_contactlog_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contactlog")),
    )
    with op.batch_alter_table("contactlog", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contactlog_by_contact", ["contact_id", "happened_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contactlog_happened_on"), ["happened_on"], unique=False
        )

    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column(
            "subject_kind",
            sa.Enum(
                "request",
                "idea",
                "project",
                "meeting",
                "training",
                "contact",
                "followup",
                "contact_log",
                name="recordkind",
                native_enum=False,
                length=19,
            ),
            nullable=True,
        ),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recur_every", sa.Integer(), nullable=True),
        sa.Column(
            "recur_unit",
            sa.Enum("days", "weeks", "months", name="recurunit", native_enum=False, length=14),
            nullable=True,
        ),
        sa.Column(
            "recur_from",
            sa.Enum("due", "done", name="recurfrom", native_enum=False, length=12),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["contact.id"], name=op.f("fk_followup_owner_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup")),
    )
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index(
            "ix_followup_by_owner", ["owner_id", "due_on", "done_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_followup_done_on"), ["done_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_followup_due_on"), ["due_on"], unique=False)
        batch_op.create_index("ix_followup_subject", ["subject_kind", "subject_id"], unique=False)

    op.create_table(
        "idea",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("field_of_action", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "in_review",
                "accepted",
                "parked",
                "rejected",
                "converted",
                name="ideastatus",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("benefit", sa.Integer(), nullable=True),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("strategic_fit", sa.Integer(), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submitter_id"], ["contact.id"], name=op.f("fk_idea_submitter_id_contact")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["orgunit.id"], name=op.f("fk_idea_unit_id_orgunit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea")),
    )
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.create_index(
            "ix_idea_by_submitter", ["submitter_id", "submitted_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_idea_field_of_action"), ["field_of_action"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_idea_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_idea_submitted_on"), ["submitted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_idea_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "ideagoal",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["strategicgoal.id"], name=op.f("fk_ideagoal_goal_id_strategicgoal")
        ),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], name=op.f("fk_ideagoal_idea_id_idea")),
        sa.PrimaryKeyConstraint("idea_id", "goal_id", name=op.f("pk_ideagoal")),
    )
    with op.batch_alter_table("ideagoal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ideagoal_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("field_of_action", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column(
            "phase",
            sa.Enum(
                "future",
                "planned",
                "in_implementation",
                "done",
                "on_hold",
                name="projectphase",
                native_enum=False,
                length=25,
            ),
            nullable=False,
        ),
        sa.Column(
            "funding",
            sa.Enum("funded", "applied", "unfunded", name="funding", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("funding_amount", sa.Integer(), nullable=True),
        sa.Column(
            "funding_programme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("proof_of_use_due", sa.Date(), nullable=True),
        sa.Column(
            "traffic_light",
            sa.Enum(
                "on_track",
                "at_risk",
                "off_track",
                name="trafficlight",
                native_enum=False,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("traffic_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("source_idea_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["contact.id"], name=op.f("fk_project_lead_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["orgunit.id"], name=op.f("fk_project_owner_unit_id_orgunit")
        ),
        sa.ForeignKeyConstraint(
            ["source_idea_id"], ["idea.id"], name=op.f("fk_project_source_idea_id_idea")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_field_of_action"), ["field_of_action"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_funding"), ["funding"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_owner_unit_id"), ["owner_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_phase"), ["phase"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_proof_of_use_due"), ["proof_of_use_due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_source_idea_id"), ["source_idea_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_traffic_light"), ["traffic_light"], unique=False
        )

    op.create_table(
        "projectgoal",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["strategicgoal.id"], name=op.f("fk_projectgoal_goal_id_strategicgoal")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_projectgoal_project_id_project")
        ),
        sa.PrimaryKeyConstraint("project_id", "goal_id", name=op.f("pk_projectgoal")),
    )
    with op.batch_alter_table("projectgoal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projectgoal_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "projectlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("from_project_id", sa.Integer(), nullable=False),
        sa.Column("to_project_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "synergy", "depends_on", "replicates", name="linkkind", native_enum=False, length=18
            ),
            nullable=False,
        ),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "from_project_id <> to_project_id", name=op.f("ck_projectlink_not_itself")
        ),
        sa.ForeignKeyConstraint(
            ["from_project_id"], ["project.id"], name=op.f("fk_projectlink_from_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["to_project_id"], ["project.id"], name=op.f("fk_projectlink_to_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projectlink")),
        sa.UniqueConstraint(
            "from_project_id",
            "to_project_id",
            "kind",
            name=op.f("uq_projectlink_from_project_id_to_project_id_kind"),
        ),
    )
    with op.batch_alter_table("projectlink", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_projectlink_from_project_id"), ["from_project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_projectlink_to_project_id"), ["to_project_id"], unique=False
        )

    op.create_table(
        "synergydismissal",
        sa.Column("project_a_id", sa.Integer(), nullable=False),
        sa.Column("project_b_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_a_id"], ["project.id"], name=op.f("fk_synergydismissal_project_a_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["project_b_id"], ["project.id"], name=op.f("fk_synergydismissal_project_b_id_project")
        ),
        sa.PrimaryKeyConstraint("project_a_id", "project_b_id", name=op.f("pk_synergydismissal")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "purpose", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "legal_basis",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("review_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("stay_in_touch_days", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("erased_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_contact_erased_at"), ["erased_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_review_on"), ["review_on"], unique=False)

    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_requester_id"))
        batch_op.create_index(
            "ix_request_by_requester", ["requester_id", "received_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index("ix_request_by_requester")
        batch_op.create_index(batch_op.f("ix_request_requester_id"), ["requester_id"], unique=False)

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_review_on"))
        batch_op.drop_index(batch_op.f("ix_contact_erased_at"))
        batch_op.drop_column("erased_at")
        batch_op.drop_column("stay_in_touch_days")
        batch_op.drop_column("review_on")
        batch_op.drop_column("legal_basis")
        batch_op.drop_column("purpose")

    op.drop_table("synergydismissal")
    with op.batch_alter_table("projectlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projectlink_to_project_id"))
        batch_op.drop_index(batch_op.f("ix_projectlink_from_project_id"))

    op.drop_table("projectlink")
    with op.batch_alter_table("projectgoal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projectgoal_goal_id"))

    op.drop_table("projectgoal")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_traffic_light"))
        batch_op.drop_index(batch_op.f("ix_project_source_idea_id"))
        batch_op.drop_index(batch_op.f("ix_project_proof_of_use_due"))
        batch_op.drop_index(batch_op.f("ix_project_phase"))
        batch_op.drop_index(batch_op.f("ix_project_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_lead_id"))
        batch_op.drop_index(batch_op.f("ix_project_funding"))
        batch_op.drop_index(batch_op.f("ix_project_field_of_action"))

    op.drop_table("project")
    with op.batch_alter_table("ideagoal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideagoal_goal_id"))

    op.drop_table("ideagoal")
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_unit_id"))
        batch_op.drop_index(batch_op.f("ix_idea_submitted_on"))
        batch_op.drop_index(batch_op.f("ix_idea_status"))
        batch_op.drop_index(batch_op.f("ix_idea_field_of_action"))
        batch_op.drop_index("ix_idea_by_submitter")

    op.drop_table("idea")
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_subject")
        batch_op.drop_index(batch_op.f("ix_followup_due_on"))
        batch_op.drop_index(batch_op.f("ix_followup_done_on"))
        batch_op.drop_index("ix_followup_by_owner")

    op.drop_table("followup")
    with op.batch_alter_table("contactlog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contactlog_happened_on"))
        batch_op.drop_index("ix_contactlog_by_contact")

    op.drop_table("contactlog")
    op.drop_table("strategicgoal")
