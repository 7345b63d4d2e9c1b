"""The first records tables: learners, enrolments, rubric sessions, credentials, revocations.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner_id", sa.String(100), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("course", sa.String(100), nullable=False),
        sa.Column("cohort", sa.String(100), nullable=False),
        sa.Column("enrolled_on", sa.Date, nullable=False),
        sa.UniqueConstraint("learner_id", "course", "cohort"),
    )
    op.create_table(
        "rubric_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner_id", sa.String(100), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("rubric", sa.String(100), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(100), nullable=True),
        sa.UniqueConstraint("learner_id", "rubric", "held_on", "label"),
    )
    op.create_table(
        "rubric_assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("rubric_sessions.id"), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("assessor", sa.String(200), nullable=False),
        sa.Column("scores", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_id", "role"),
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("learner_id", sa.String(100), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("certification", sa.String(100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_index", sa.Integer, nullable=False, unique=True),
        sa.Column("token", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("renews", sa.String(100), nullable=True),
    )
    op.create_table(
        "revocations",
        sa.Column(
            "credential_id", sa.String(100), sa.ForeignKey("credentials.id"), primary_key=True
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "revocations",
        "credentials",
        "rubric_assessments",
        "rubric_sessions",
        "enrolments",
        "learners",
    ):
        op.drop_table(table)
