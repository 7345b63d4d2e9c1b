"""One practice instance and one HTTP server per test module, over the session's corpus build,
and a `gql` helper that posts to it exactly as learner code would (httpx, token header)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import httpx
import pytest

from kit.practice.graphql import PracticeAPI, create_token, open_api, open_store, serve_api
from kit.search import PracticeBackend


class Gql(Protocol):
    def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ...
    ) -> dict[str, Any]: ...


@pytest.fixture(scope="module")
def api(practice: PracticeBackend) -> PracticeAPI:
    """A fresh, seeded practice instance (in-memory store) for this module."""
    return open_api(practice, open_store())


@pytest.fixture(scope="module")
def url(api: PracticeAPI) -> Iterator[str]:
    """The instance served on 127.0.0.1 at a free port."""
    with serve_api(api) as base:
        yield base


@pytest.fixture(scope="module")
def http(url: str) -> Iterator[httpx.Client]:
    """An HTTP client for the server."""
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def admin_token(api: PracticeAPI) -> str:
    return create_token(api.store, "admin")


@pytest.fixture(scope="module")
def alex_token(api: PracticeAPI) -> str:
    """A token of `alex`, a user who is not a site admin."""
    return create_token(api.store, "alex")


@pytest.fixture(scope="module")
def gql(http: httpx.Client, admin_token: str) -> Gql:
    """POST a query to /.api/graphql (as the admin unless `token` says otherwise); the JSON body
    of a 200 response."""

    def post(
        query: str, variables: dict[str, Any] | None = None, *, token: str | None = admin_token
    ) -> dict[str, Any]:
        headers = {"Authorization": f"token {token}"} if token else {}
        response = http.post(
            "/.api/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return post


def error_messages(body: dict[str, Any]) -> list[str]:
    """The messages of a GraphQL response's errors."""
    return [error["message"] for error in body.get("errors", [])]
