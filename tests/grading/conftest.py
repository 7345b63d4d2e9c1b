"""Fixtures for grading tests: a throwaway PostgreSQL server for gradebooks on a server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres_server import postgres_server


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """`postgresql+psycopg://postgres@127.0.0.1:PORT` (no database): a throwaway server."""
    with postgres_server() as url:
        yield url.rsplit("/", 1)[0]
