"""`search(query, version, patternType){results{...}}` over the practice search engine.

As Sourcegraph's GraphQL search: the pattern type is `patternType` if given, else what `version`
implies (V1 regexp, V2 literal, V3 standard), unless the query sets `patterntype:` itself; a
query without `count:` stops at 30 matches (the GraphQL API's default limit, not the streaming
API's); a query the language rejects returns no results and an alert "Unable To Process Query".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kit.errors import QuerySyntaxError
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.repos import RepoNode
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.graphql.search_nodes import FileMatchNode, SearchResultNode, to_node
from kit.search.query import DEFAULT_MATCH_LIMIT, PatternType, Query, parse_query

__all__ = ["GRAPHQL_MATCH_LIMIT", "graphql_query"]

GRAPHQL_MATCH_LIMIT = 30
"""Sourcegraph's `DefaultMaxSearchResults` for GraphQL (batch) search."""

_BY_VERSION = {"V1": PatternType.REGEXP, "V2": PatternType.LITERAL, "V3": PatternType.STANDARD}
_BY_NAME = {
    "standard": PatternType.STANDARD,
    "lucky": PatternType.STANDARD,
    "literal": PatternType.LITERAL,
    "regexp": PatternType.REGEXP,
    "structural": PatternType.STRUCTURAL,
    "keyword": PatternType.KEYWORD,
}


@dataclass(frozen=True)
class SearchRequest:
    """`Search`: the arguments, run when `results` is asked for."""

    query: str
    version: str
    pattern_type: str | None


@dataclass(frozen=True)
class SearchResultsNode:
    """`SearchResults`."""

    results: list[SearchResultNode] = field(default_factory=list)
    match_count: int = 0
    limit_hit: bool = False
    elapsed_milliseconds: int = 0
    alert: dict[str, Any] | None = None
    cloning: tuple[()] = ()
    missing: tuple[()] = ()
    timedout: tuple[()] = ()
    index_unavailable: bool = False

    @property
    def result_count(self) -> int:
        """The deprecated alias of `matchCount`."""
        return self.match_count

    @property
    def approximate_result_count(self) -> str:
        """The match count, with `+` when the limit was hit."""
        return f"{self.match_count}+" if self.limit_hit else str(self.match_count)

    @property
    def repositories(self) -> list[RepoNode]:
        """The repositories that have results, in result order."""
        seen: dict[str, RepoNode] = {}
        for node in self.results:
            if isinstance(node, RepoNode):
                repo = node
            elif isinstance(node, FileMatchNode):
                repo = node.repository
            else:
                repo = node.commit.repository
            seen.setdefault(repo.name, repo)
        return list(seen.values())

    @property
    def repositories_count(self) -> int:
        """How many repositories have results."""
        return len(self.repositories)


def graphql_query(query: str, version: str = "V1", pattern_type: str | None = None) -> Query:
    """The parsed query as the GraphQL API runs it (default pattern type and match limit)."""
    default = (
        _BY_NAME[pattern_type] if pattern_type else _BY_VERSION.get(version, PatternType.REGEXP)
    )
    parsed = parse_query(query, default)
    if parsed.count == DEFAULT_MATCH_LIMIT:
        parsed = dataclasses.replace(parsed, count=GRAPHQL_MATCH_LIMIT)
    return parsed


@resolves("Query", "search")
def search(
    _: Any,
    __: Info,
    version: str = "V1",
    patternType: str | None = None,  # noqa: N803 - GraphQL argument name
    query: str = "",
) -> SearchRequest:
    return SearchRequest(query, version, patternType)


@resolves("Search", "results")
def search_results(request: SearchRequest, info: Info) -> SearchResultsNode:
    repos = context_of(info).repos
    try:
        parsed = graphql_query(request.query, request.version, request.pattern_type)
    except QuerySyntaxError as exc:
        alert = {"title": "Unable To Process Query", "description": exc.message, "kind": None}
        return SearchResultsNode(alert=alert)
    found = repos.backend.search(parsed)
    nodes = [node for node in (to_node(m, repos) for m in found.matches) if node is not None]
    return SearchResultsNode(
        results=nodes,
        match_count=found.match_count,
        limit_hit=found.limit_hit,
        elapsed_milliseconds=found.progress.duration_ms,
    )
