"""The practice instance's SQLite tables (SQLAlchemy 2 ORM), a small echo of Sourcegraph's own:
users, user_emails, access_tokens, orgs, org_members, critical_and_site_config,
external_services and external_service_sync_jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.practice.graphql.records import (
    AccessTokenRecord,
    ExternalServiceRecord,
    OrgRecord,
    SiteConfigRecord,
    UserRecord,
)


class Base(DeclarativeBase):
    """The tables' shared metadata."""


class UserRow(Base):
    """A user; `deleted_at` is set by a soft delete."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EmailRow(Base):
    """A user's email address."""

    __tablename__ = "user_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class AccessTokenRow(Base):
    """An access token, found by the SHA-256 of its secret."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    creator_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    value_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(Text)
    """Space-separated scope names."""
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OrgRow(Base):
    """An organization."""

    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OrgMemberRow(Base):
    """A user's membership of an organization."""

    __tablename__ = "org_members"
    __table_args__ = (UniqueConstraint("org_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SiteConfigRow(Base):
    """One version of the site configuration; the highest id is in force."""

    __tablename__ = "critical_and_site_config"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contents: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExternalServiceRow(Base):
    """A code host connection; `deleted_at` is set when it is deleted."""

    __tablename__ = "external_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(255))
    config: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SyncJobRow(Base):
    """A recorded `syncExternalService` request (nothing is actually synced)."""

    __tablename__ = "external_service_sync_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_service_id: Mapped[int] = mapped_column(
        ForeignKey("external_services.id", ondelete="CASCADE")
    )
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- rows to records ---------------------------------------------------------------------
def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def user_record(row: UserRow) -> UserRecord:
    """The record of a user row."""
    return UserRecord(
        row.id,
        row.username,
        row.display_name,
        row.site_admin,
        _utc(row.created_at),
        _utc(row.updated_at),
    )


def token_record(row: AccessTokenRow) -> AccessTokenRecord:
    """The record of an access token row."""
    return AccessTokenRecord(
        row.id,
        row.subject_user_id,
        row.creator_user_id,
        tuple(row.scopes.split()),
        row.note,
        _utc(row.created_at),
        _utc(row.last_used_at) if row.last_used_at else None,
    )


def org_record(row: OrgRow) -> OrgRecord:
    """The record of an organization row."""
    return OrgRecord(row.id, row.name, row.display_name, _utc(row.created_at))


def service_record(row: ExternalServiceRow, last_sync: datetime | None) -> ExternalServiceRecord:
    """The record of a code host connection row and its last sync."""
    return ExternalServiceRecord(
        row.id,
        row.kind,
        row.display_name,
        row.config,
        _utc(row.created_at),
        _utc(row.updated_at),
        _utc(last_sync) if last_sync else None,
    )


def site_config_record(row: SiteConfigRow) -> SiteConfigRecord:
    """The record of a site configuration version."""
    return SiteConfigRecord(row.id, row.contents, _utc(row.created_at))
