"""Fixtures for database tests: a real PostgreSQL server, started once per test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres_server import postgres_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of a fresh database on a throwaway PostgreSQL server (psycopg driver)."""
    with postgres_server() as url:
        yield url
