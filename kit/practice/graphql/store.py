"""The practice instance's state in SQLite through SQLAlchemy 2: users and their emails, access
tokens (only the SHA-256 of each secret is kept), organizations and memberships, versions of
the site configuration and code host connections.

The store holds data and enforces what the data itself requires (unique names, the site
configuration's `lastID` check); who may do what is decided by the resolvers. Conflicts raise
`PracticeError` with Sourcegraph's message, so the GraphQL layer can pass them on as they are.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kit.errors import GraphQLServerError, PracticeError
from kit.practice.graphql.records import (
    AccessTokenRecord,
    EmailRecord,
    ExternalServiceRecord,
    OrgRecord,
    SiteConfigRecord,
    UserRecord,
)
from kit.practice.graphql.tables import (
    AccessTokenRow,
    Base,
    EmailRow,
    ExternalServiceRow,
    OrgMemberRow,
    OrgRow,
    SiteConfigRow,
    SyncJobRow,
    UserRow,
    org_record,
    service_record,
    site_config_record,
    token_record,
    user_record,
)

__all__ = ["DB_ENV", "TOKEN_PREFIX", "Store", "default_database", "open_store", "token_hash"]

DB_ENV = "SGKIT_GRAPHQL_DB"
"""Environment variable naming the practice instance's SQLite file."""

TOKEN_PREFIX = "sgp_"
"""Sourcegraph's prefix on access tokens since 5.0 (the secret after it is 40 hex digits)."""


def token_hash(token: str) -> str:
    """The SHA-256 the store keeps for `token` (with or without its `sgp_` prefix)."""
    secret = token.removeprefix(TOKEN_PREFIX)
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Store:
    """The practice instance's database. Safe to share between the HTTP server's threads."""

    def __init__(self, url: str) -> None:
        options: dict[str, object] = {}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        elif url.startswith("sqlite"):
            options = {"connect_args": {"check_same_thread": False}}
        try:
            self.engine = create_engine(url, **options)
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise GraphQLServerError(
                f"cannot open the practice database: {exc}", where=url
            ) from exc
        self.url = url
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock = threading.RLock()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction, committed when the block ends and rolled back if it raises."""
        with self._lock, self._sessions() as session, session.begin():
            yield session

    def is_empty(self) -> bool:
        """True before anything (a seed) was written."""
        with self._session() as s:
            return s.scalar(select(func.count()).select_from(UserRow)) == 0

    # --- users -----------------------------------------------------------------------------
    def create_user(
        self,
        username: str,
        *,
        email: str | None = None,
        verified: bool = False,
        display_name: str | None = None,
        site_admin: bool = False,
        at: datetime | None = None,
    ) -> UserRecord:
        """Add a user (and its primary email); a taken username or email is refused."""
        when = at or _now()
        with self._session() as s:
            if s.scalar(select(UserRow.id).where(func.lower(UserRow.username) == username.lower())):
                raise PracticeError("cannot create user: err_username_exists")
            if email and s.scalar(
                select(EmailRow.id).where(func.lower(EmailRow.email) == email.lower())
            ):
                raise PracticeError("cannot create user: err_email_exists")
            if s.scalar(select(OrgRow.id).where(func.lower(OrgRow.name) == username.lower())):
                raise PracticeError("cannot create user: err_username_exists")
            row = UserRow(
                username=username,
                display_name=display_name,
                site_admin=site_admin,
                created_at=when,
                updated_at=when,
            )
            s.add(row)
            s.flush()
            if email:
                s.add(EmailRow(user_id=row.id, email=email, verified=verified, is_primary=True))
            return user_record(row)

    def user(self, user_id: int) -> UserRecord | None:
        """The user with this id, unless deleted."""
        with self._session() as s:
            row = s.get(UserRow, user_id)
            return user_record(row) if row and row.deleted_at is None else None

    def user_by_username(self, username: str) -> UserRecord | None:
        """The user with this username (case-insensitive), unless deleted."""
        with self._session() as s:
            row = s.scalar(
                select(UserRow).where(
                    func.lower(UserRow.username) == username.lower(), UserRow.deleted_at.is_(None)
                )
            )
            return user_record(row) if row else None

    def user_by_email(self, email: str) -> UserRecord | None:
        """The user with this verified email address, unless deleted."""
        with self._session() as s:
            row = s.scalar(
                select(UserRow)
                .join(EmailRow, EmailRow.user_id == UserRow.id)
                .where(
                    func.lower(EmailRow.email) == email.lower(),
                    EmailRow.verified.is_(True),
                    UserRow.deleted_at.is_(None),
                )
            )
            return user_record(row) if row else None

    def users(self, query: str | None = None) -> list[UserRecord]:
        """Users in id order; `query` keeps those whose username or display name contains it."""
        with self._session() as s:
            stmt = select(UserRow).where(UserRow.deleted_at.is_(None)).order_by(UserRow.id)
            if query:
                pattern = f"%{query.lower()}%"
                stmt = stmt.where(
                    func.lower(UserRow.username).like(pattern)
                    | func.lower(func.coalesce(UserRow.display_name, "")).like(pattern)
                )
            return [user_record(row) for row in s.scalars(stmt)]

    def emails(self, user_id: int) -> list[EmailRecord]:
        """A user's email addresses, primary first."""
        with self._session() as s:
            rows = s.scalars(
                select(EmailRow)
                .where(EmailRow.user_id == user_id)
                .order_by(EmailRow.is_primary.desc(), EmailRow.id)
            )
            return [EmailRecord(r.user_id, r.email, r.verified, r.is_primary) for r in rows]

    def set_site_admin(self, user_id: int, site_admin: bool) -> None:
        """Grant or revoke site admin."""
        with self._session() as s:
            row = s.get(UserRow, user_id)
            if row is None or row.deleted_at is not None:
                raise PracticeError("user not found")
            row.site_admin = site_admin
            row.updated_at = _now()

    def delete_user(self, user_id: int, *, hard: bool = False) -> None:
        """Soft-delete a user (or remove it with everything it owns when `hard`)."""
        with self._session() as s:
            row = s.get(UserRow, user_id)
            if row is None or (row.deleted_at is not None and not hard):
                raise PracticeError("user not found")
            for table in (AccessTokenRow, OrgMemberRow):
                column = (
                    AccessTokenRow.subject_user_id
                    if table is AccessTokenRow
                    else OrgMemberRow.user_id
                )
                for owned in s.scalars(select(table).where(column == user_id)):
                    s.delete(owned)
            if hard:
                for email in s.scalars(select(EmailRow).where(EmailRow.user_id == user_id)):
                    s.delete(email)
                s.delete(row)
            else:
                row.deleted_at = _now()

    # --- access tokens ---------------------------------------------------------------------
    def create_token(
        self, subject_id: int, creator_id: int, scopes: tuple[str, ...], note: str
    ) -> tuple[AccessTokenRecord, str]:
        """A new token for `subject_id`: its record and the secret, which is shown only here."""
        secret = secrets.token_hex(20)
        with self._session() as s:
            row = AccessTokenRow(
                subject_user_id=subject_id,
                creator_user_id=creator_id,
                value_sha256=token_hash(secret),
                scopes=" ".join(sorted(set(scopes))),
                note=note,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            return token_record(row), TOKEN_PREFIX + secret

    def token_by_secret(self, token: str) -> AccessTokenRecord | None:
        """The live token whose secret is `token`, its use recorded; None when unknown."""
        with self._session() as s:
            row = s.scalar(
                select(AccessTokenRow).where(
                    AccessTokenRow.value_sha256 == token_hash(token),
                    AccessTokenRow.deleted_at.is_(None),
                )
            )
            if row is None:
                return None
            row.last_used_at = _now()
            return token_record(row)

    def token(self, token_id: int) -> AccessTokenRecord | None:
        """The live token with this id."""
        with self._session() as s:
            row = s.get(AccessTokenRow, token_id)
            return token_record(row) if row and row.deleted_at is None else None

    def tokens(self, subject_id: int) -> list[AccessTokenRecord]:
        """A user's live tokens, newest first."""
        with self._session() as s:
            rows = s.scalars(
                select(AccessTokenRow)
                .where(
                    AccessTokenRow.subject_user_id == subject_id,
                    AccessTokenRow.deleted_at.is_(None),
                )
                .order_by(AccessTokenRow.id.desc())
            )
            return [token_record(row) for row in rows]

    def delete_token(self, token_id: int) -> None:
        """Revoke a token at once."""
        with self._session() as s:
            row = s.get(AccessTokenRow, token_id)
            if row is None or row.deleted_at is not None:
                raise PracticeError("access token not found")
            row.deleted_at = _now()

    # --- organizations ---------------------------------------------------------------------
    def create_org(
        self,
        name: str,
        display_name: str | None,
        *,
        creator_id: int | None,
        at: datetime | None = None,
    ) -> OrgRecord:
        """Add an organization, its creator (if any) its first member."""
        when = at or _now()
        with self._session() as s:
            taken = s.scalar(select(OrgRow.id).where(func.lower(OrgRow.name) == name.lower()))
            taken = taken or s.scalar(
                select(UserRow.id).where(func.lower(UserRow.username) == name.lower())
            )
            if taken:
                raise PracticeError("organization name is already taken")
            row = OrgRow(name=name, display_name=display_name, created_at=when)
            s.add(row)
            s.flush()
            if creator_id is not None:
                s.add(OrgMemberRow(org_id=row.id, user_id=creator_id, created_at=when))
            return org_record(row)

    def org(self, org_id: int) -> OrgRecord | None:
        """The organization with this id."""
        with self._session() as s:
            row = s.get(OrgRow, org_id)
            return org_record(row) if row else None

    def org_by_name(self, name: str) -> OrgRecord | None:
        """The organization with this name (case-insensitive)."""
        with self._session() as s:
            row = s.scalar(select(OrgRow).where(func.lower(OrgRow.name) == name.lower()))
            return org_record(row) if row else None

    def orgs(self, query: str | None = None, *, member_id: int | None = None) -> list[OrgRecord]:
        """Organizations by name; `query` filters names, `member_id` keeps that user's."""
        with self._session() as s:
            stmt = select(OrgRow).order_by(OrgRow.name)
            if query:
                pattern = f"%{query.lower()}%"
                stmt = stmt.where(
                    func.lower(OrgRow.name).like(pattern)
                    | func.lower(func.coalesce(OrgRow.display_name, "")).like(pattern)
                )
            if member_id is not None:
                stmt = stmt.join(OrgMemberRow, OrgMemberRow.org_id == OrgRow.id).where(
                    OrgMemberRow.user_id == member_id
                )
            return [org_record(row) for row in s.scalars(stmt)]

    def add_member(self, org_id: int, user_id: int) -> None:
        """Make a user a member of an organization."""
        with self._session() as s:
            existing = s.scalar(
                select(OrgMemberRow.id).where(
                    OrgMemberRow.org_id == org_id, OrgMemberRow.user_id == user_id
                )
            )
            if existing:
                raise PracticeError("user is already a member of the organization")
            s.add(OrgMemberRow(org_id=org_id, user_id=user_id, created_at=_now()))

    def member_ids(self, org_id: int) -> list[int]:
        """Ids of an organization's members, in the order they joined."""
        with self._session() as s:
            return list(
                s.scalars(
                    select(OrgMemberRow.user_id)
                    .join(UserRow, UserRow.id == OrgMemberRow.user_id)
                    .where(OrgMemberRow.org_id == org_id, UserRow.deleted_at.is_(None))
                    .order_by(OrgMemberRow.id)
                )
            )

    # --- site configuration ----------------------------------------------------------------
    def site_config(self) -> SiteConfigRecord:
        """The site configuration in force (the latest version)."""
        with self._session() as s:
            row = s.scalar(select(SiteConfigRow).order_by(SiteConfigRow.id.desc()).limit(1))
            if row is None:
                raise GraphQLServerError(
                    "the practice database has no site configuration", where=self.url
                )
            return site_config_record(row)

    def write_site_config(
        self, last_id: int | None, contents: str, *, author_id: int | None = None
    ) -> SiteConfigRecord:
        """Save a new version if `last_id` is still the latest (None only for the first)."""
        with self._session() as s:
            latest = s.scalar(select(func.max(SiteConfigRow.id)))
            if latest != last_id:
                raise PracticeError("someone else has already applied a newer edit")
            row = SiteConfigRow(contents=contents, author_user_id=author_id, created_at=_now())
            s.add(row)
            s.flush()
            return site_config_record(row)

    # --- code host connections -------------------------------------------------------------
    def add_service(
        self, kind: str, display_name: str, config: str, *, at: datetime | None = None
    ) -> ExternalServiceRecord:
        """Add a code host connection."""
        when = at or _now()
        with self._session() as s:
            row = ExternalServiceRow(
                kind=kind,
                display_name=display_name,
                config=config,
                created_at=when,
                updated_at=when,
            )
            s.add(row)
            s.flush()
            return service_record(row, None)

    def service(self, service_id: int) -> ExternalServiceRecord | None:
        """The live code host connection with this id."""
        with self._session() as s:
            row = s.get(ExternalServiceRow, service_id)
            if row is None or row.deleted_at is not None:
                return None
            return service_record(row, self._last_sync(s, row.id))

    def services(self) -> list[ExternalServiceRecord]:
        """Live code host connections in id order."""
        with self._session() as s:
            rows = s.scalars(
                select(ExternalServiceRow)
                .where(ExternalServiceRow.deleted_at.is_(None))
                .order_by(ExternalServiceRow.id)
            )
            return [service_record(row, self._last_sync(s, row.id)) for row in rows]

    def update_service(
        self, service_id: int, *, display_name: str | None, config: str | None
    ) -> ExternalServiceRecord:
        """Change a connection's display name and/or configuration."""
        with self._session() as s:
            row = s.get(ExternalServiceRow, service_id)
            if row is None or row.deleted_at is not None:
                raise PracticeError("external service not found")
            if display_name is not None:
                row.display_name = display_name
            if config is not None:
                row.config = config
            row.updated_at = _now()
            return service_record(row, self._last_sync(s, row.id))

    def delete_service(self, service_id: int) -> None:
        """Delete a code host connection."""
        with self._session() as s:
            row = s.get(ExternalServiceRow, service_id)
            if row is None or row.deleted_at is not None:
                raise PracticeError("external service not found")
            row.deleted_at = _now()

    def record_sync(self, service_id: int) -> None:
        """Record that a sync was asked for (the practice instance never talks to a code host)."""
        with self._session() as s:
            s.add(SyncJobRow(external_service_id=service_id, queued_at=_now()))

    @staticmethod
    def _last_sync(s: Session, service_id: int) -> datetime | None:
        return s.scalar(
            select(func.max(SyncJobRow.queued_at)).where(
                SyncJobRow.external_service_id == service_id
            )
        )


def default_database() -> Path:
    """Where `sgkit graphql` keeps the practice instance: `$SGKIT_GRAPHQL_DB`, else a file in
    the user's data folder (so tokens made by `sgkit graphql token create` work with `serve`)."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured)
    folder = Path(platformdirs.user_data_dir("sgkit"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "practice-graphql.sqlite"


def open_store(path: str | Path | None = None) -> Store:
    """The store in the SQLite file at `path` (created if missing), or in memory when None."""
    if path is None:
        return Store("sqlite://")
    file = Path(path)
    if not file.parent.is_dir():
        raise GraphQLServerError("the folder for the practice database does not exist", where=file)
    return Store(f"sqlite:///{file}")
