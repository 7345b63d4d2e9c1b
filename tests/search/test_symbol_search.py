"""`type:symbol` finds definitions by name, as Sourcegraph's symbol search does, and
`select:symbol.<kind>` keeps one kind of them."""

from __future__ import annotations

import pytest

from kit.errors import QuerySyntaxError
from kit.search import PracticeBackend
from kit.search.results import SymbolMatch
from kit.search.symbol_kinds import SYMBOL_KINDS


def symbols(backend: PracticeBackend, query: str) -> set[tuple[str, str, str, int]]:
    return {
        (m.path, s.name, s.kind, s.line)
        for m in backend.search(query).matches
        if isinstance(m, SymbolMatch)
        for s in m.symbols
    }


def test_a_symbol_search_finds_the_definition_with_its_kind_and_line(
    practice: PracticeBackend,
) -> None:
    (match,) = practice.search("type:symbol /^Gateway$/").matches
    assert isinstance(match, SymbolMatch)
    (symbol,) = match.symbols
    assert (match.path, symbol.kind) == ("payments/gateway.go", "struct")
    document = next(
        d for r in practice.corpus.repositories for d in r.documents if d.path == match.path
    )
    assert "type Gateway struct" in document.text.splitlines()[symbol.line - 1]


def test_names_match_case_insensitively_unless_case_yes(practice: PracticeBackend) -> None:
    assert symbols(practice, "type:symbol /^gateway$/")
    assert not symbols(practice, "type:symbol case:yes /^gateway$/")


def test_select_symbol_kind_keeps_only_that_kind(practice: PracticeBackend) -> None:
    everything = symbols(practice, "type:symbol count:all")
    methods = symbols(practice, "type:symbol select:symbol.method count:all")
    assert methods and methods == {s for s in everything if s[2] == "method"}
    assert symbols(practice, "select:symbol.method count:all") == methods


def test_filters_scope_the_files_searched(practice: PracticeBackend) -> None:
    go = symbols(practice, "type:symbol lang:go count:all")
    assert go and all(path.endswith(".go") for path, *_ in go)
    assert symbols(practice, "type:symbol -lang:go count:all").isdisjoint(go)


def test_every_symbol_counts_as_one_match(practice: PracticeBackend) -> None:
    results = practice.search("type:symbol count:all")
    assert results.match_count == sum(len(m.symbols) for m in results.matches)  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["bogus", "functions"])
def test_an_unknown_kind_is_refused_with_sourcegraphs_message(
    practice: PracticeBackend, kind: str
) -> None:
    assert kind not in SYMBOL_KINDS
    with pytest.raises(QuerySyntaxError, match=f'invalid field "{kind}" on select path'):
        practice.search(f"type:symbol select:symbol.{kind} x")


def test_symbol_matches_have_the_streaming_api_shape(practice: PracticeBackend) -> None:
    (match,) = practice.search("type:symbol /^Ping$/").matches
    event = match.to_json()
    assert event["type"] == "symbol" and event["path"] == "payments/gateway.go"
    (symbol,) = event["symbols"]
    assert symbol["kind"] == "METHOD" and symbol["containerName"] == "Gateway"
    assert set(symbol) == {"url", "name", "containerName", "kind", "line"}
