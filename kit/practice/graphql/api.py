"""The practice GraphQL API as one function of an HTTP request: `PracticeAPI.handle` answers
`POST /.api/graphql` exactly as the HTTP server sends it (status, content type, body), and
`PracticeAPI.execute` runs a query in-process for grading.

GraphQL over HTTP as Sourcegraph serves it: the body is `{"query", "variables",
"operationName"}`; the answer is `{"data", "errors"}` with status 200 even when there are
GraphQL errors (`errors` is left out when there are none, `data` when the query never ran);
a missing or unknown token is 401, another method than POST 405, a body that is not JSON 400,
all with a plain-text message as Go's `http.Error` writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLSyntaxError,
    execute,
    parse,
    specified_rules,
    validate,
)

from kit.errors import PracticeError
from kit.practice.corpus_builder import default_corpus
from kit.practice.graphql.auth import AuthRefusal, Viewer, authenticate
from kit.practice.graphql.context import RequestContext
from kit.practice.graphql.limits import MAX_ALIASES, MAX_DEPTH, max_aliases_rule, max_depth_rule
from kit.practice.graphql.repos import CorpusRepositories
from kit.practice.graphql.resolvers import read_attribute
from kit.practice.graphql.schema import practice_schema
from kit.practice.graphql.search_stream import (
    EVENT_STREAM,
    SEARCH_STREAM_PATH,
    StreamRequestError,
    search_events,
    stream_query,
)
from kit.practice.graphql.seed import seed
from kit.practice.graphql.store import Store, open_store
from kit.search import PracticeBackend, open_corpus

__all__ = ["GRAPHQL_PATH", "PracticeAPI", "Reply", "open_api"]

GRAPHQL_PATH = "/.api/graphql"
_TEXT = "text/plain; charset=utf-8"
_JSON = "application/json"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    body: bytes
    content_type: str = _JSON
    headers: tuple[tuple[str, str], ...] = field(default=())

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def _text(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    """A plain-text error, as Go's `http.Error` writes one (message and a newline)."""
    return Reply(
        status, f"{message}\n".encode(), _TEXT, (("X-Content-Type-Options", "nosniff"), *headers)
    )


def _json(payload: dict[str, Any]) -> Reply:
    return Reply(200, json.dumps(payload, ensure_ascii=False).encode())


def _errors(errors: list[GraphQLError]) -> dict[str, Any]:
    return {"errors": [error.formatted for error in errors]}


class PracticeAPI:
    """The practice Sourcegraph's GraphQL API over one corpus and one store."""

    def __init__(
        self,
        store: Store,
        backend: PracticeBackend,
        *,
        base_url: str = "http://127.0.0.1",
        max_depth: int = MAX_DEPTH,
        max_aliases: int = MAX_ALIASES,
    ) -> None:
        self.store = store
        self.backend = backend
        self.repos = CorpusRepositories(backend)
        self.base_url = base_url
        self.schema = practice_schema()
        self._limit_rules = (max_depth_rule(max_depth), max_aliases_rule(max_aliases))
        seed(store, [repo.name for repo in self.repos.nodes])

    # --- HTTP ------------------------------------------------------------------------------
    def handle(self, method: str, path: str, authorization: str | None, body: bytes) -> Reply:
        """Answer one HTTP request to the instance: GraphQL, or the streaming search API."""
        route, _, query_string = path.partition("?")
        if route not in (GRAPHQL_PATH, SEARCH_STREAM_PATH):
            return _text(404, "404 page not found")
        viewer = authenticate(self.store, authorization)
        if isinstance(viewer, AuthRefusal):
            return _text(viewer.status, viewer.message)
        if route == SEARCH_STREAM_PATH:
            return self._search(method, query_string)
        if method != "POST":
            return _text(405, "Method Not Allowed", ("Allow", "POST"))
        try:
            request = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return _text(400, f"invalid JSON in the request body: {exc}")
        if not isinstance(request, dict):
            return _text(
                400, 'the request body must be a JSON object: {"query": ..., "variables": {...}}'
            )
        query, variables = request.get("query", ""), request.get("variables")
        operation = request.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict | None):
            return _text(400, '"query" must be a string and "variables" an object')
        if not isinstance(operation, str | None):
            return _text(400, '"operationName" must be a string')
        return _json(self.run(viewer, query, variables, operation))

    def _search(self, method: str, query_string: str) -> Reply:
        if method not in ("GET", "HEAD"):
            return _text(405, "Method Not Allowed", ("Allow", "GET"))
        try:
            query, display = stream_query(parse_qs(query_string))
        except StreamRequestError as exc:
            return _text(400, str(exc))
        return Reply(
            200,
            search_events(self.backend, query, display),
            EVENT_STREAM,
            (("Cache-Control", "no-cache"),),
        )

    # --- GraphQL ---------------------------------------------------------------------------
    def run(
        self,
        viewer: Viewer,
        query: str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """Run a query as `viewer`; the GraphQL response (`data` and/or `errors`)."""
        try:
            document = parse(query)
        except GraphQLSyntaxError as exc:
            return _errors([exc])
        problems = validate(self.schema, document, rules=self._limit_rules)
        problems = problems or validate(self.schema, document, rules=specified_rules)
        if problems:
            return _errors(problems)
        context = RequestContext(self.store, self.repos, viewer, self.base_url)
        result = execute(
            self.schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            field_resolver=read_attribute,
        )
        assert isinstance(result, ExecutionResult)
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response |= _errors(list(result.errors))
        return response

    def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        username: str | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """Run a query in-process, as the holder of `token` or (for graders) as `username`.

        Returns the GraphQL response; a request the HTTP API would refuse (no or bad token)
        raises `PracticeError` with the HTTP status and message.
        """
        if username is not None:
            user = self.store.user_by_username(username)
            if user is None:
                raise PracticeError(
                    f"no user {username!r} in the practice instance", where="username"
                )
            return self.run(Viewer(user), query, variables, operation_name)
        authorization = f"token {token}" if token is not None else None
        body = json.dumps({"query": query, "variables": variables, "operationName": operation_name})
        reply = self.handle("POST", GRAPHQL_PATH, authorization, body.encode())
        if reply.status != 200:
            message = reply.body.decode().strip()
            raise PracticeError(f"HTTP {reply.status}: {message}", where="Authorization header")
        result: dict[str, Any] = reply.json()
        return result


def open_api(
    corpus: str | Path | PracticeBackend | None = None, store: Store | str | Path | None = None
) -> PracticeAPI:
    """The practice API over `corpus` (default: the shipped practice corpus) and `store` (a
    Store, a SQLite file, or None for a fresh in-memory one), seeded if the store is empty."""
    if isinstance(corpus, PracticeBackend):
        backend = corpus
    elif corpus is None:
        backend = open_corpus(default_corpus())
    else:
        backend = open_corpus(corpus)
    return PracticeAPI(store if isinstance(store, Store) else open_store(store), backend)
