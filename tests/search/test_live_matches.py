"""A live instance's symbol and commit matches read back into the kit's results.

The matches are real ones from the practice engine: what `to_json` writes, `match_from_json`
reads back, for every match type; then the same matches travel through the stub Sourcegraph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kit.search import CommitMatch, LiveBackend, PracticeBackend, SymbolMatch
from kit.search.live import match_from_json
from kit.search.results import Match
from kit.search.symbols import Symbol
from tests.search import sse_server as sg
from tests.search.sse_server import Stream, encode_events, sourcegraph_stub

SYMBOL_QUERY = "type:symbol calculatetotal"
DIFF_QUERY = "type:diff repo:internal-tools AKIA"
COMMIT_QUERY = "type:commit repo:billing CalculateTotal"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the stub go straight to 127.0.0.1, whatever proxy the machine uses."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def as_streamed(match: Match) -> Match:
    """The match as a live instance can describe it: the stream carries no e-mail addresses."""
    if isinstance(match, CommitMatch):
        return dataclasses.replace(match, author_email="", committer_email="")
    return match


def practice_matches(practice: PracticeBackend, query: str) -> tuple[Match, ...]:
    matches = practice.search(query).matches
    assert matches, f"the practice corpus has no results for {query!r}"
    return matches


# --- Round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        SYMBOL_QUERY,
        DIFF_QUERY,
        COMMIT_QUERY,
        "type:symbol count:all /[a-z]/",  # every symbol kind and language the corpus has
        "TODO",
        "repo:acme",
    ],
)
def test_every_match_type_round_trips_through_its_stream_json(
    practice: PracticeBackend, query: str
) -> None:
    for match in practice_matches(practice, query):
        streamed = match.to_json()
        back = match_from_json(streamed)

        assert back == as_streamed(match)
        assert back is not None and back.to_json() == streamed


def test_a_symbol_match_keeps_kind_container_line_and_column(practice: PracticeBackend) -> None:
    matches = practice_matches(practice, "type:symbol file:invoice.go$ /./")
    assert any(s.container_name for m in matches if isinstance(m, SymbolMatch) for s in m.symbols)

    for match in matches:
        back = match_from_json(match.to_json())
        assert isinstance(match, SymbolMatch) and isinstance(back, SymbolMatch)
        assert [(s.kind, s.name, s.container_name, s.line, s.character) for s in back.symbols] == [
            (s.kind, s.name, s.container_name, s.line, s.character) for s in match.symbols
        ]


def test_a_diff_match_is_told_from_a_commit_match_by_its_fence(practice: PracticeBackend) -> None:
    (commit,) = practice_matches(practice, COMMIT_QUERY)
    diffs = practice_matches(practice, DIFF_QUERY)

    back = match_from_json(commit.to_json())
    assert isinstance(back, CommitMatch) and back.kind == "commit"
    assert back.preview == back.message and back.subject == "Fix CalculateTotal ignoring quantities"
    assert [back.preview.split("\n")[line][c : c + n] for line, c, n in back.highlights] == [
        "CalculateTotal"
    ]
    for diff in diffs:
        back = match_from_json(diff.to_json())
        assert isinstance(back, CommitMatch) and back.kind == "diff"
        lines = back.preview.split("\n")
        assert {lines[line][c : c + n] for line, c, n in back.highlights} == {"AKIA"}


# --- Through the stub Sourcegraph ----------------------------------------------------------------


@pytest.fixture
def practice_stream(practice: PracticeBackend) -> Iterator[tuple[LiveBackend, tuple[Match, ...]]]:
    """A stub Sourcegraph streaming the practice engine's symbol, diff and commit matches."""
    matches = tuple(
        m for q in (SYMBOL_QUERY, DIFF_QUERY, COMMIT_QUERY) for m in practice_matches(practice, q)
    )
    events: list[tuple[str, Any]] = [
        ("matches", [m.to_json() for m in matches[:2]]),
        ("progress", sg.progress(2, done=False)),
        ("matches", [m.to_json() for m in matches[2:]]),
        ("progress", sg.progress(sum(m.match_count for m in matches))),
        ("done", {}),
    ]
    body = encode_events(events, comments=True, multiline_data=True)
    with sourcegraph_stub(responses={"history": Stream(body)}) as stub:
        yield LiveBackend(stub.url, None, timeout=5), matches


def test_symbol_diff_and_commit_matches_arrive_from_a_live_instance(
    practice_stream: tuple[LiveBackend, tuple[Match, ...]],
) -> None:
    backend, sent = practice_stream

    results = backend.search("history")

    assert results.matches == tuple(as_streamed(m) for m in sent)
    assert {m.type for m in results} == {"symbol", "commit"}
    assert {m.kind for m in results if isinstance(m, CommitMatch)} == {"commit", "diff"}
    assert results.match_count == sum(m.match_count for m in sent)


# --- What an instance sends that the practice engine does not -----------------------------------


SYMBOL = {
    "type": "symbol",
    "path": "src/Button.tsx",
    "repositoryID": 4,
    "repository": "github.com/acme/ui-kit",
    "commit": "0" * 40,
    "language": "TSX",
    "symbols": [
        {
            "url": "/github.com/acme/ui-kit/-/blob/src/Button.tsx?L12:3-12:10",
            "name": "Primary",
            "containerName": "Variant",
            "kind": "ENUMMEMBER",
            "line": 12,
        },
        {
            "url": "/x/-/blob/y#L3",
            "name": "T",
            "containerName": "",
            "kind": "TYPEPARAMETER",
            "line": 3,
        },
        {"url": "", "name": "f", "containerName": "", "kind": "FUTUREKIND", "line": 9},
    ],
}


def test_symbol_kinds_columns_and_language_are_read_as_the_practice_engine_writes_them() -> None:
    match = match_from_json(SYMBOL)

    assert isinstance(match, SymbolMatch)
    assert match.language == "TSX"
    assert match.symbols == (
        Symbol("Primary", "enum-member", 12, "Variant", "TypeScript", character=2),
        Symbol("T", "type-parameter", 3, None, "TypeScript", character=0),
        Symbol("f", "futurekind", 9, None, "TypeScript", character=0),
    )


COMMIT = {
    "type": "commit",
    "label": "[acme/billing](/github.com/acme/billing) › [Ann](/u): [Fix <b>](/u)",
    "url": "/github.com/acme/billing/-/commit/abc",
    "detail": "[`abc1234` 3 days ago](/github.com/acme/billing/-/commit/abc)",
    "repositoryID": 2,
    "repository": "github.com/acme/billing",
    "oid": "abc1234def",
    "message": "Fix <b>\n\nbody",
    "authorName": "Ann",
    "authorDate": "2025-09-08T07:32:00.123456789+02:00",
    "content": "```COMMIT_EDITMSG\nFix <b>\n\nbody\n```",
    "ranges": [[1, 0, 3]],
}


def test_an_instance_without_committer_fields_gives_the_author_as_committer() -> None:
    match = match_from_json(COMMIT)

    assert isinstance(match, CommitMatch)
    assert (match.committer_name, match.committer_date) == (match.author_name, match.author_date)
    assert (match.author_email, match.committer_email) == ("", "")
    assert match.author_date == datetime(2025, 9, 8, 5, 32, 0, 123456, tzinfo=UTC)
    assert match.author_date.utcoffset() == timedelta(hours=2)
    assert (match.kind, match.preview, match.highlights) == (
        "commit",
        "Fix <b>\n\nbody",
        ((0, 0, 3),),
    )
    assert match.age == "3 days ago"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"committerName": "Bot", "committerDate": "2025-09-09T00:00:00Z"},
            {"committer_name": "Bot", "committer_date": datetime(2025, 9, 9, tzinfo=UTC)},
            id="committer sent",
        ),
        pytest.param(
            {"authorDate": "2025-09-08T05:32:00"},
            {"author_date": datetime(2025, 9, 8, 5, 32, tzinfo=UTC)},
            id="a date without zone is UTC",
        ),
        pytest.param(
            {"content": "```diff\na.go a.go\n@@ -1,1 +1,1 @@ \n-x\n+y\n```", "ranges": []},
            {"kind": "diff", "preview": "a.go a.go\n@@ -1,1 +1,1 @@ \n-x\n+y", "highlights": ()},
            id="diff fence",
        ),
        pytest.param(
            {"content": "Fix it", "ranges": [[0, 0, 3]]},
            {"kind": "commit", "preview": "Fix it", "highlights": ((0, 0, 3),)},
            id="no fence: preview and ranges as sent",
        ),
        pytest.param({"detail": ""}, {"age": ""}, id="no detail, no age"),
    ],
)
def test_commit_fields_table(changes: dict[str, Any], expected: dict[str, Any]) -> None:
    match = match_from_json(COMMIT | changes)

    assert isinstance(match, CommitMatch)
    assert {name: getattr(match, name) for name in expected} == expected
