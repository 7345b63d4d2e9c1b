"""Where the records database is, found without loading SQLAlchemy (so `sgkit verify` on a
machine without one stays fast)."""

from __future__ import annotations

import os
from pathlib import Path

from kit.project import Project

RECORDS_URL_ENV = "SGKIT_RECORDS_URL"
SQLITE_PREFIX = "sqlite:///"


def records_url(project: Project, given: str | None = None) -> str:
    """The records database to use: `given`, else `$SGKIT_RECORDS_URL`, else SQLite in grading/."""
    if given:
        return given
    configured = os.environ.get(RECORDS_URL_ENV)
    if configured:
        return configured
    return f"{SQLITE_PREFIX}{project.grading_dir / 'records.db'}"


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (`sqlite:///path`) when it does not exist, else None (the
    database exists, or the URL names another kind of database)."""
    if not url.startswith(SQLITE_PREFIX) or "?" in url:
        return None
    path = Path(url.removeprefix(SQLITE_PREFIX))
    return None if path.is_file() else path
