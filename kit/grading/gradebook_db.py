"""Where a course's gradebook lives: a SQLite file by default, a PostgreSQL database on request.

`SGKIT_GRADEBOOK_URL` is an SQLAlchemy URL in which `{course}` becomes the course id, e.g.
`postgresql+psycopg://grader:secret@db:5432/gradebook_{course}`: one database per course. The
`{course}` part is required: nbgrader's gradebook keeps assignment names and learner ids unique
across the whole database (not per course), so courses sharing one database would overwrite each
other's assignments. Unset, each course keeps `gradebook.db` (SQLite) in its course root.

Messages never show the URL's password (`redacted`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.errors import ConfigError, GradingError

GRADEBOOK_URL_ENV = "SGKIT_GRADEBOOK_URL"
COURSE_PLACEHOLDER = "{course}"
SQLITE_FILE = "gradebook.db"
SERVER_BACKENDS = ("postgresql",)
MAINTENANCE_DATABASE = "postgres"
CONNECT_TIMEOUT_SECONDS = 10


def gradebook_url(
    course_id: str, course_root: Path, env: Mapping[str, str] | None = None
) -> str | None:
    """The course's gradebook server URL from `SGKIT_GRADEBOOK_URL`, or None for SQLite."""
    template = (os.environ if env is None else env).get(GRADEBOOK_URL_ENV, "").strip()
    if not template:
        return None
    if COURSE_PLACEHOLDER not in template:
        raise ConfigError(
            "must contain {course} (one database per course): nbgrader's assignment names "
            "are unique per database, so courses cannot share one",
            where=GRADEBOOK_URL_ENV,
        )
    url = template.replace(COURSE_PLACEHOLDER, course_id)
    backend = _parse(url).get_backend_name()
    if backend == "sqlite":
        return url
    if backend not in SERVER_BACKENDS:
        raise ConfigError(
            f"unsupported database {backend!r}; use postgresql+psycopg://... or unset it for "
            "SQLite",
            where=GRADEBOOK_URL_ENV,
        )
    return url


def sqlite_url(course_root: Path) -> str:
    """The default gradebook: `gradebook.db` in the course root."""
    return f"sqlite:///{course_root / SQLITE_FILE}"


def _parse(url: str) -> Any:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except ArgumentError:
        raise ConfigError(
            "not an SQLAlchemy database URL (e.g. postgresql+psycopg://user@host/gradebook_{course})",
            where=GRADEBOOK_URL_ENV,
        ) from None


def redacted(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    rendered: str = _parse(url).render_as_string(hide_password=True)
    return rendered


def is_sqlite(url: str) -> bool:
    """Whether the gradebook is a SQLite file (local to one machine)."""
    return bool(_parse(url).get_backend_name() == "sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite gradebook, or None for a server database."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def prepare_gradebook(url: str) -> None:
    """Make the gradebook ready to open: a SQLite file in WAL mode, or a server database created.

    nbgrader creates the tables itself on first open.
    """
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _use_write_ahead_log(path)
    elif not is_sqlite(url):
        _create_server_database(url)


def _use_write_ahead_log(database: Path) -> None:
    """Put the SQLite gradebook in WAL mode (persistent): readers no longer block the writer.

    Parallel autograde workers then wait for each other only while one of them commits, and a
    killed grader leaves a consistent database (the log is replayed on the next open).
    """
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def _engine(url: Any, **options: Any) -> Any:
    from sqlalchemy import create_engine

    return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}, **options)


def _create_server_database(url: str) -> None:
    """Create the course's database on its server unless it exists (several graders may race)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, ProgrammingError

    parsed = _parse(url)
    name = parsed.database
    if not name:
        raise ConfigError(f"{redacted(url)} names no database", where=GRADEBOOK_URL_ENV)
    engine = _engine(parsed.set(database=MAINTENANCE_DATABASE), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                quoted = engine.dialect.identifier_preparer.quote(name)
                with contextlib.suppress(ProgrammingError):  # created meanwhile by another grader
                    connection.execute(text(f"CREATE DATABASE {quoted}"))
    except DBAPIError as exc:
        raise GradingError(
            f"cannot create the gradebook database {name!r}: {_first_line(exc)}; "
            f"check {GRADEBOOK_URL_ENV} and that its user may CREATE DATABASE",
            where=redacted(url),
        ) from None
    finally:
        engine.dispose()


def gradebook_exists(url: str) -> bool:
    """Whether the gradebook was ever created (a file, or a database holding nbgrader's tables)."""
    path = sqlite_path(url)
    if path is not None:
        return path.is_file()
    from sqlalchemy import inspect
    from sqlalchemy.exc import DBAPIError

    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).has_table("assignment"))
    except DBAPIError as exc:
        if _missing_database(exc, _parse(url).database or ""):
            return False
        raise GradingError(
            f"cannot open the gradebook: {_first_line(exc)}", where=redacted(url)
        ) from None
    finally:
        engine.dispose()


def has_assignment(url: str, assignment_id: str) -> bool:
    """Whether the gradebook holds `assignment_id` (released into it), read without nbgrader."""
    if not gradebook_exists(url):
        return False
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = reader_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT 1 FROM assignment WHERE name = :name"), {"name": assignment_id}
            ).first()
    except DBAPIError:
        return False  # not a gradebook nbgrader finished creating: let nbgrader fill it
    finally:
        engine.dispose()
    return row is not None


def reader_engine(url: str) -> Any:
    """An SQLAlchemy engine on an existing gradebook (a connect timeout for a server); dispose it."""
    from sqlalchemy import create_engine

    return create_engine(url) if is_sqlite(url) else _engine(url)


def _missing_database(exc: Any, name: str) -> bool:
    """Whether the server refused a connection because the database does not exist.

    psycopg reports a refused connection without its SQLSTATE (3D000), so the server's
    message is read too.
    """
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "3D000":
        return True
    return f'database "{name}" does not exist' in str(getattr(exc, "orig", None) or exc)


def _first_line(exc: Any) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
