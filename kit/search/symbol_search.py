"""`type:symbol`: the symbols of each file whose names match the query."""

from __future__ import annotations

from typing import Any

from kit.search.condition_search import filter_holds
from kit.search.corpus import Document, Repository
from kit.search.file_search import FileSelection
from kit.search.index_store import SearchIndex
from kit.search.query import AllOf, Condition, FilterTest, NoneOf, PatternTest, Query
from kit.search.regex import compile_re2
from kit.search.results import SymbolMatch


def symbol_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """`type:symbol`: per file, the symbols whose names match every pattern (and the kind
    `select:symbol.<kind>` names); files are scoped by the query's repo, file and lang filters."""
    case = query.case_sensitive
    names = [compile_re2(t.pattern, case_sensitive=case) for t in query.terms]
    selected = FileSelection(query)
    doc_id = 0
    ids = {repo.id for repo in repos}
    for repo in index.corpus.repositories:
        for doc in repo.documents:
            doc_id += 1
            if repo.id not in ids or not selected(doc):
                continue
            found = tuple(
                symbol
                for symbol in index.symbols(doc_id - 1)
                if (query.symbol_kind is None or symbol.kind == query.symbol_kind)
                and (
                    _symbol_holds(query.condition, repo, doc, symbol.name, case)
                    if query.condition is not None
                    else all(regex.search(symbol.name) for regex in names)
                )
            )
            if found:
                yield SymbolMatch(
                    repository=repo.name,
                    repository_id=repo.id,
                    commit=repo.commit,
                    path=doc.path,
                    language=doc.language.name if doc.language else None,
                    symbols=found,
                )


def _symbol_holds(
    condition: Condition, repo: Repository, doc: Document, name: str, case: bool
) -> bool:
    """A boolean query over one symbol: patterns test its name, filters its file."""
    if isinstance(condition, PatternTest):
        return compile_re2(condition.term.pattern, case_sensitive=case).search(name) is not None
    if isinstance(condition, FilterTest):
        return filter_holds(condition, repo, doc, case)
    if isinstance(condition, NoneOf):
        return not _symbol_holds(condition.part, repo, doc, name, case)
    values = [_symbol_holds(part, repo, doc, name, case) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)
