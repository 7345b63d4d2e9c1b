"""The records database: open (migrating to the latest schema), record and read back.

SQLite in the project's `grading/` folder by default; any SQLAlchemy URL through
`$SGKIT_RECORDS_URL` or `--records` (PostgreSQL for a multi-user set-up).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kit.errors import RecordsError
from kit.records.assessments import Assessment, RubricSession, same_person
from kit.records.schema import (
    AssessmentRecord,
    CredentialRecord,
    Enrolment,
    Learner,
    Revocation,
    RubricSessionRecord,
)

_MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class IssuedCredential:
    """A credential as recorded: who, which path, when, until when, and the signed token."""

    id: str
    learner: str
    certification: str
    issued_at: datetime
    valid_until: datetime
    status_index: int
    token: str
    evidence: tuple[dict[str, Any], ...]
    renews: str | None = None


@dataclass(frozen=True)
class RevocationRecord:
    """A revoked credential."""

    credential_id: str
    revoked_at: datetime
    reason: str


@dataclass(frozen=True)
class RecordedSessions:
    """What a `record_sessions` call changed."""

    added: int
    unchanged: int


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Records:
    """A connection to the records database, migrated to the latest schema on open."""

    def __init__(self, url: str) -> None:
        try:
            self.engine: Engine = create_engine(url)
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise RecordsError(f"cannot open records database {url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            Path(self.engine.url.database or ".").parent.mkdir(parents=True, exist_ok=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision (a no-op when it is there)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise RecordsError(f"cannot migrate records database: {exc}") from None

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Records:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # Learners and enrolments

    def ensure_learner(
        self, learner_id: str, name: str | None = None, email: str | None = None
    ) -> None:
        """Add the learner if new; update name and e-mail when given."""
        with self._transaction() as session:
            _ensure_learner(session, learner_id, name, email)

    def learner_names(self) -> dict[str, str]:
        """Learner id -> display name."""
        with self._sessions() as session:
            return {row.id: row.name for row in session.scalars(select(Learner))}

    def enrol(self, learner_id: str, course: str, cohort: str = "", on: date | None = None) -> None:
        """Enrol a learner in a course (idempotent per learner, course and cohort)."""
        with self._transaction() as session:
            _ensure_learner(session, learner_id)
            found = session.scalar(
                select(Enrolment).filter_by(learner_id=learner_id, course=course, cohort=cohort)
            )
            if found is None:
                session.add(
                    Enrolment(
                        learner_id=learner_id,
                        course=course,
                        cohort=cohort,
                        enrolled_on=on or datetime.now(UTC).date(),
                    )
                )

    def enrolments(self, course: str | None = None) -> list[tuple[str, str, str, date]]:
        """(learner, course, cohort, enrolled_on) rows."""
        query = select(Enrolment).order_by(Enrolment.learner_id, Enrolment.course)
        if course is not None:
            query = query.filter_by(course=course)
        with self._sessions() as session:
            return [
                (e.learner_id, e.course, e.cohort, e.enrolled_on) for e in session.scalars(query)
            ]

    # Rubric sessions

    def record_sessions(self, sessions: Sequence[RubricSession]) -> RecordedSessions:
        """Record assessed sessions, all or nothing.

        An assessment identical to one already recorded (same session, role, assessor and scores)
        is left as it is, so a spreadsheet can be imported again after it grew. A different one
        for a recorded session and role, or the same person in two roles of a session, is an
        error and nothing is recorded.
        """
        added = unchanged = 0
        with self._transaction() as session:
            for given in sessions:
                _ensure_learner(session, given.learner)
                row = session.scalar(
                    select(RubricSessionRecord).filter_by(
                        learner_id=given.learner,
                        rubric=given.rubric,
                        held_on=given.held_on,
                        label=given.session,
                    )
                )
                if row is None:
                    row = RubricSessionRecord(
                        learner_id=given.learner,
                        rubric=given.rubric,
                        held_on=given.held_on,
                        label=given.session,
                        subject=given.subject,
                    )
                    session.add(row)
                elif given.subject is not None and row.subject != given.subject:
                    raise RecordsError(
                        f"{_origin(given)}session {given.label()} of {given.learner} is recorded "
                        f"with subject {row.subject!r}, not {given.subject!r}"
                    )
                for assessment in given.assessments:
                    if _record_assessment(row, assessment, given):
                        added += 1
                    else:
                        unchanged += 1
        return RecordedSessions(added, unchanged)

    def sessions(
        self, rubric: str | None = None, learner: str | None = None
    ) -> list[RubricSession]:
        """Recorded sessions, oldest first."""
        query = select(RubricSessionRecord).order_by(
            RubricSessionRecord.learner_id, RubricSessionRecord.held_on, RubricSessionRecord.label
        )
        if rubric is not None:
            query = query.filter_by(rubric=rubric)
        if learner is not None:
            query = query.filter_by(learner_id=learner)
        with self._sessions() as session:
            return [
                RubricSession(
                    learner=row.learner_id,
                    rubric=row.rubric,
                    held_on=row.held_on,
                    session=row.label,
                    subject=row.subject,
                    assessments=tuple(
                        Assessment(a.role, a.assessor, dict(a.scores), a.notes, a.source)
                        for a in row.assessments
                    ),
                )
                for row in session.scalars(query)
            ]

    # Credentials and revocations

    def add_credential(self, credential: IssuedCredential) -> None:
        """Record an issued credential."""
        with self._transaction() as session:
            _ensure_learner(session, credential.learner)
            session.add(
                CredentialRecord(
                    id=credential.id,
                    learner_id=credential.learner,
                    certification=credential.certification,
                    issued_at=credential.issued_at,
                    valid_until=credential.valid_until,
                    status_index=credential.status_index,
                    token=credential.token,
                    evidence=list(credential.evidence),
                    renews=credential.renews,
                )
            )

    def next_status_index(self) -> int:
        """The first free position in the revocation status list."""
        with self._sessions() as session:
            highest = session.scalar(select(func.max(CredentialRecord.status_index)))
        return 0 if highest is None else highest + 1

    def credentials(
        self, learner: str | None = None, certification: str | None = None
    ) -> list[IssuedCredential]:
        """Issued credentials, oldest first."""
        query = select(CredentialRecord).order_by(CredentialRecord.issued_at, CredentialRecord.id)
        if learner is not None:
            query = query.filter_by(learner_id=learner)
        if certification is not None:
            query = query.filter_by(certification=certification)
        with self._sessions() as session:
            return [_issued(row) for row in session.scalars(query)]

    def credential(self, credential_id: str) -> IssuedCredential:
        """One credential by id, or a RecordsError."""
        with self._sessions() as session:
            row = session.get(CredentialRecord, credential_id)
            if row is None:
                raise RecordsError(f"no credential {credential_id!r} in the records database")
            return _issued(row)

    def revoke(
        self, credential_id: str, reason: str, at: datetime | None = None
    ) -> RevocationRecord:
        """Revoke a credential (once; revoking again keeps the first reason)."""
        if not reason.strip():
            raise RecordsError("a revocation needs a reason")
        with self._transaction() as session:
            if session.get(CredentialRecord, credential_id) is None:
                raise RecordsError(f"no credential {credential_id!r} in the records database")
            found = session.get(Revocation, credential_id)
            if found is None:
                found = Revocation(
                    credential_id=credential_id,
                    revoked_at=at or datetime.now(UTC),
                    reason=reason.strip(),
                )
                session.add(found)
            return RevocationRecord(found.credential_id, _aware(found.revoked_at), found.reason)

    def revocations(self) -> dict[str, RevocationRecord]:
        """Credential id -> revocation."""
        with self._sessions() as session:
            return {
                r.credential_id: RevocationRecord(r.credential_id, _aware(r.revoked_at), r.reason)
                for r in session.scalars(select(Revocation))
            }


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _ensure_learner(
    session: Session, learner_id: str, name: str | None = None, email: str | None = None
) -> None:
    if not learner_id.strip():
        raise RecordsError("a learner id must not be empty")
    row = session.get(Learner, learner_id)
    if row is None:
        session.add(Learner(id=learner_id, name=name or learner_id, email=email))
        session.flush()
        return
    if name:
        row.name = name
    if email:
        row.email = email


def _origin(session: RubricSession) -> str:
    sources = [a.source for a in session.assessments if a.source]
    return f"{sources[0]}: " if sources else ""


def _record_assessment(
    row: RubricSessionRecord, assessment: Assessment, given: RubricSession
) -> bool:
    """Add one assessment to a session row; False when the identical one is already there."""
    where = f"{assessment.source}: " if assessment.source else ""
    for other in row.assessments:
        if other.role == assessment.role:
            if same_person(other.assessor, assessment.assessor) and other.scores == dict(
                assessment.scores
            ):
                return False
            raise RecordsError(
                f"{where}session {given.label()} of {given.learner} already has a "
                f"{assessment.role} assessment by {other.assessor} with other scores"
            )
        if same_person(other.assessor, assessment.assessor):
            raise RecordsError(
                f"{where}{assessment.assessor} cannot assess session {given.label()} of "
                f"{given.learner} as both {other.role} and {assessment.role}"
            )
    row.assessments.append(
        AssessmentRecord(
            role=assessment.role,
            assessor=assessment.assessor.strip(),
            scores=dict(assessment.scores),
            notes=assessment.notes,
            source=assessment.source,
            recorded_at=datetime.now(UTC),
        )
    )
    return True


def _issued(row: CredentialRecord) -> IssuedCredential:
    return IssuedCredential(
        id=row.id,
        learner=row.learner_id,
        certification=row.certification,
        issued_at=_aware(row.issued_at),
        valid_until=_aware(row.valid_until),
        status_index=row.status_index,
        token=row.token,
        evidence=tuple(row.evidence),
        renews=row.renews,
    )
