"""The records database (SQLAlchemy, migrated with Alembic): learners, enrolments, rubric sessions,
issued credentials and revocations."""

from kit.records.store import (
    RECORDS_URL_ENV,
    IssuedCredential,
    RecordedSessions,
    Records,
    RevocationRecord,
    records_url,
)

__all__ = [
    "RECORDS_URL_ENV",
    "IssuedCredential",
    "RecordedSessions",
    "Records",
    "RevocationRecord",
    "records_url",
]
