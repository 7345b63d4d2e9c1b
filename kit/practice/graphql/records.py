"""What the store holds, as immutable records: resolvers read these, never the ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "AccessTokenRecord",
    "EmailRecord",
    "ExternalServiceRecord",
    "OrgRecord",
    "SiteConfigRecord",
    "UserRecord",
]


@dataclass(frozen=True)
class UserRecord:
    """A user account."""

    id: int
    username: str
    display_name: str | None
    site_admin: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class EmailRecord:
    """One of a user's email addresses."""

    user_id: int
    email: str
    verified: bool
    is_primary: bool


@dataclass(frozen=True)
class AccessTokenRecord:
    """An access token; the secret itself is never stored, only its SHA-256."""

    id: int
    subject_user_id: int
    creator_user_id: int
    scopes: tuple[str, ...]
    note: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class OrgRecord:
    """An organization."""

    id: int
    name: str
    display_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class SiteConfigRecord:
    """One version of the site configuration (JSONC text, kept as written)."""

    id: int
    contents: str
    created_at: datetime


@dataclass(frozen=True)
class ExternalServiceRecord:
    """A code host connection: its kind, name and JSONC configuration."""

    id: int
    kind: str
    display_name: str
    config: str
    created_at: datetime
    updated_at: datetime
    last_sync_at: datetime | None
