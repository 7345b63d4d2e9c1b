"""`search` over GraphQL gives the practice engine's results in Sourcegraph's GraphQL shapes,
with the GraphQL API's defaults (pattern type from `version`, 30 matches without `count:`)."""

from __future__ import annotations

from typing import Any

from kit.search import PracticeBackend
from kit.search.results import FileMatch
from tests.practice.graphql.conftest import Gql

SEARCH = """query($q: String!, $v: SearchVersion, $p: SearchPatternType) {
  search(query: $q, version: $v, patternType: $p) { results {
    matchCount limitHit approximateResultCount repositoriesCount
    alert { title description }
    results { __typename
      ... on FileMatch { repository { name } file { path url content }
        lineMatches { preview lineNumber offsetAndLengths }
        chunkMatches { content contentStart { line character } ranges { start { line character } end { line character } } }
        symbols { name kind } }
      ... on Repository { name stars }
      ... on CommitSearchResult { url commit { oid subject author { person { name } } }
        messagePreview { value highlights { line character length } } } } } } }"""


def _results(
    gql: Gql, query: str, version: str = "V3", pattern: str | None = None
) -> dict[str, Any]:
    body = gql(SEARCH, {"q": query, "v": version, "p": pattern})
    assert "errors" not in body, body
    results: dict[str, Any] = body["data"]["search"]["results"]
    return results


def test_file_matches_are_the_engines_matches(gql: Gql, practice: PracticeBackend) -> None:
    query = "lang:go TODO count:all"
    results = _results(gql, query)
    engine = practice.search(query)
    expected = [
        (
            m.repository,
            m.path,
            [
                (lm.line_number, lm.line, [list(r) for r in lm.offset_and_lengths])
                for lm in m.line_matches
            ],
        )
        for m in engine.matches
        if isinstance(m, FileMatch)
    ]
    got = [
        (
            r["repository"]["name"],
            r["file"]["path"],
            [(lm["lineNumber"], lm["preview"], lm["offsetAndLengths"]) for lm in r["lineMatches"]],
        )
        for r in results["results"]
    ]
    assert got == expected and got
    assert results["matchCount"] == engine.match_count
    assert results["limitHit"] is False


def test_a_file_match_carries_the_file_url_and_content(gql: Gql) -> None:
    match = _results(gql, "repo:^github\\.com/acme/billing-service$ file:^main\\.go$ TODO")[
        "results"
    ][0]
    assert match["file"]["url"] == "/github.com/acme/billing-service/-/blob/main.go"
    line = match["lineMatches"][0]
    assert match["file"]["content"].split("\n")[line["lineNumber"]] == line["preview"]
    offset, length = line["offsetAndLengths"][0]
    assert line["preview"][offset : offset + length] == "TODO"
    chunk = match["chunkMatches"][0]
    assert chunk["contentStart"] == {"line": line["lineNumber"], "character": 0}
    assert chunk["ranges"][0] == {
        "start": {"line": line["lineNumber"], "character": offset},
        "end": {"line": line["lineNumber"], "character": offset + length},
    }


def test_without_count_graphql_search_stops_at_30_matches(
    gql: Gql, practice: PracticeBackend
) -> None:
    assert practice.search("e count:all").match_count > 30
    results = _results(gql, "e")
    assert results["matchCount"] == 30
    assert results["limitHit"] is True
    assert results["approximateResultCount"] == "30+"


def test_version_v1_reads_patterns_as_regular_expressions(gql: Gql) -> None:
    regexp = _results(gql, "lang:go func\\s+Calculate", version="V1")
    literal = _results(gql, "lang:go func\\s+Calculate", version="V3", pattern="literal")
    assert regexp["matchCount"] > 0
    assert literal["matchCount"] == 0


def test_repository_results_for_repo_only_queries(gql: Gql) -> None:
    results = _results(gql, "repo:ui-kit")
    assert results["results"] == [
        {"__typename": "Repository", "name": "github.com/acme/ui-kit", "stars": 88}
    ]
    assert results["repositoriesCount"] == 1


def test_commit_results_have_the_commit_and_highlights(gql: Gql) -> None:
    result = _results(gql, "type:commit message:Fix count:1")["results"][0]
    assert result["__typename"] == "CommitSearchResult"
    assert result["url"].endswith(result["commit"]["oid"])
    preview = result["messagePreview"]
    highlight = preview["highlights"][0]
    line = preview["value"].split("\n")[highlight["line"] - 1]  # 1-based, as the schema says
    start = highlight["character"] - 1
    assert line[start : start + highlight["length"]].lower() == "fix"


def test_a_query_the_language_rejects_gives_an_alert_not_an_error(gql: Gql) -> None:
    results = _results(gql, "count:zero TODO")
    assert results["results"] == [] and results["matchCount"] == 0
    assert results["alert"]["title"] == "Unable To Process Query"
    assert "count" in results["alert"]["description"]
