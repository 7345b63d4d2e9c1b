"""The records database (SQLAlchemy, migrated with Alembic): learners, enrolments, rubric sessions,
issued credentials and revocations."""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.records.location import RECORDS_URL_ENV, records_url
    from kit.records.store import (
        IssuedCredential,
        RecordedSessions,
        Records,
        RevocationRecord,
    )

__all__ = [
    "RECORDS_URL_ENV",
    "IssuedCredential",
    "RecordedSessions",
    "Records",
    "RevocationRecord",
    "records_url",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "IssuedCredential": ".store",
        "RECORDS_URL_ENV": ".location",
        "RecordedSessions": ".store",
        "Records": ".store",
        "RevocationRecord": ".store",
        "records_url": ".location",
    },
)
