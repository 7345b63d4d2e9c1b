"""Run a parsed query over an indexed corpus: select repositories and files, match terms, count,
limit. The trigram index names the documents that can match; only those are searched."""

from __future__ import annotations

import itertools
import time
from typing import Any

from kit.search.condition_search import condition_matches, repo_holds
from kit.search.corpus import Repository
from kit.search.file_search import file_matches
from kit.search.history_search import commit_matches
from kit.search.index_store import SearchIndex
from kit.search.limits import limit_skipped, timeout_skipped, trimmed
from kit.search.query import PatternType, Query, ResultType
from kit.search.repo_search import (
    repo_named,
    repo_selected,
    repo_state_allowed,
    repository_matches,
)
from kit.search.results import Match, Progress, SearchResults, Skipped
from kit.search.revision_search import on_default_branch, revision_indexes
from kit.search.selection import selected
from kit.search.structural_search import structural_file_matches
from kit.search.symbol_search import symbol_matches


def run_query(index: SearchIndex, query: Query) -> SearchResults:
    """Search `index` for `query` and return the matches and progress, in repository/path order."""
    started = time.perf_counter()
    repos = [
        r
        for r in index.corpus.repositories
        if repo_state_allowed(r, query) and repo_selected(r.name, query.filters)
    ]
    notices: list[Skipped] = []
    if query.result_type is not None and query.result_type.searches_history:
        candidates: Any = commit_matches(index.corpus.root, repos, query, notices)
    elif query.revisions:
        candidates = _at_revisions(index, repos, query, notices)
    else:
        candidates = _matches(index, repos, query)
    if query.select is not None:
        candidates = selected(candidates, query.select, {r.name: r for r in repos})

    deadline = started + query.timeout_seconds if query.timeout_seconds else None
    matches: list[Match] = []
    total = 0
    limit_hit = timed_out = False
    for match in candidates:
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            break
        if match.match_count > query.count - total:
            match = trimmed(match, query.count - total)
        matches.append(match)
        total += match.match_count
        if total >= query.count:
            limit_hit = True
            break

    skipped = tuple(notices) + ((limit_skipped(query),) if limit_hit else ())
    if timed_out:
        skipped += (timeout_skipped(query),)
    progress = Progress(
        match_count=total,
        duration_ms=round((time.perf_counter() - started) * 1000),
        repositories_count=len(repos),
        skipped=skipped,
    )
    return SearchResults(
        query=query.raw,
        matches=tuple(matches),
        progress=progress,
        limit_hit=limit_hit or timed_out,
    )


def _matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """The results of a file, path, symbol or repository search over `repos` in `index`."""
    if query.result_type is ResultType.REPO:
        return repository_matches([r for r in repos if repo_named(query, r)])
    if query.result_type is ResultType.SYMBOL:
        return symbol_matches(index, repos, query)
    if query.pattern_type is PatternType.STRUCTURAL:
        return structural_file_matches(index, repos, query)
    if query.condition is not None:
        if query.repo_only:
            return repository_matches([r for r in repos if repo_holds(query.condition, r)])
        return condition_matches(index, repos, query, query.condition)
    if query.repo_only:
        return repository_matches(repos)
    if _names_repositories_too(query):
        named = [r for r in repos if repo_named(query, r)]
        return itertools.chain(repository_matches(named), file_matches(index, repos, query))
    return file_matches(index, repos, query)


def _names_repositories_too(query: Query) -> bool:
    """Without `type:`, `file:` or `lang:`, patterns also find repositories by name, as
    Sourcegraph's `computeResultTypes` adds repository search to file and path search."""
    filters = query.filters
    return bool(
        query.terms
        and query.result_type is None
        and not (filters.file_include or filters.file_exclude)
        and not (filters.lang_include or filters.lang_exclude)
        and not any(term.content_only or term.structural for term in query.terms)
    )


def _at_revisions(
    index: SearchIndex, repos: list[Repository], query: Query, notices: list[Skipped]
) -> Any:
    """Results at the revisions the query names: the corpus index serves default branches, a
    per-commit index every other revision."""
    on_default = [r for r in repos if on_default_branch(query.revisions.for_repository(r.name))]
    yield from _matches(index, on_default, query)
    for repo in repos:
        revisions = query.revisions.for_repository(repo.name)
        if on_default_branch(revisions):
            continue
        if any(rev in ("", "HEAD") for rev in revisions):
            yield from _matches(index, [repo], query)
        for at in revision_indexes(index.corpus.root, repo, revisions, notices):
            yield from _matches(at, list(at.corpus.repositories), query)
