"""The records database's tables: learners, enrolments, rubric sessions, credentials, revocations.

Grades stay in nbgrader's gradebooks; this database keeps what nbgrader does not: assessor-scored
rubric sessions and the certifications issued from both. Changes go through Alembic migrations
(`kit/records/migrations/`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class RecordsBase(DeclarativeBase):
    """Base of every records table."""


class Learner(RecordsBase):
    """Anyone who learns or is assessed: a customer developer, an admin, a partner, a CE."""

    __tablename__ = "learners"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)


class Enrolment(RecordsBase):
    """A learner taking a course, in a cohort (for example one customer's rollout)."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("learner_id", "course", "cohort"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"))
    course: Mapped[str] = mapped_column(String(100))
    cohort: Mapped[str] = mapped_column(String(100), default="")
    enrolled_on: Mapped[date] = mapped_column(Date)


class RubricSessionRecord(RecordsBase):
    """One assessed session: a demo, a supervised delivery, a practical."""

    __tablename__ = "rubric_sessions"
    __table_args__ = (UniqueConstraint("learner_id", "rubric", "held_on", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"))
    rubric: Mapped[str] = mapped_column(String(100))
    held_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str | None] = mapped_column(String(100), default=None)
    assessments: Mapped[list[AssessmentRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AssessmentRecord.role"
    )


class AssessmentRecord(RecordsBase):
    """One assessor's scores for one session, in one role."""

    __tablename__ = "rubric_assessments"
    __table_args__ = (UniqueConstraint("session_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("rubric_sessions.id"))
    role: Mapped[str] = mapped_column(String(100))
    assessor: Mapped[str] = mapped_column(String(200))
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    session: Mapped[RubricSessionRecord] = relationship(back_populates="assessments")


class CredentialRecord(RecordsBase):
    """A signed credential issued to a learner for a certification path."""

    __tablename__ = "credentials"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # urn:uuid:...
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"))
    certification: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status_index: Mapped[int] = mapped_column(Integer, unique=True)
    token: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    renews: Mapped[str | None] = mapped_column(String(100), default=None)


class Revocation(RecordsBase):
    """A credential withdrawn before its expiry, and why."""

    __tablename__ = "revocations"

    credential_id: Mapped[str] = mapped_column(ForeignKey("credentials.id"), primary_key=True)
    revoked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
