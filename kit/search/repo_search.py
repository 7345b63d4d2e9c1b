"""Repository scoping (`repo:`, `fork:`, `archived:`, `visibility:`) and repository results."""

from __future__ import annotations

from typing import Any

from kit.search.condition_search import name_holds
from kit.search.corpus import Repository
from kit.search.query import FilterSet, Query
from kit.search.regex import compile_re2
from kit.search.results import RepositoryMatch


def repo_state_allowed(repo: Repository, query: Query) -> bool:
    """`fork:`, `archived:` (no, yes or only) and `visibility:` (any, public or private)."""
    meta = repo.meta
    for flag, wanted in ((meta.fork, query.fork), (meta.archived, query.archived)):
        if (wanted == "no" and flag) or (wanted == "only" and not flag):
            return False
    return query.visibility == "any" or (query.visibility == "private") == meta.private


def repository_match(repo: Repository) -> RepositoryMatch:
    """The repository result for `repo`, with its code-host metadata."""
    meta = repo.meta
    return RepositoryMatch(
        repository=repo.name,
        repository_id=repo.id,
        description=meta.description,
        stars=meta.stars,
        fork=meta.fork,
        archived=meta.archived,
        private=meta.private,
    )


def repository_matches(repos: list[Repository]) -> Any:
    """Repository results for `repos`, in order."""
    for repo in repos:
        yield repository_match(repo)


def repo_selected(name: str, filters: FilterSet) -> bool:
    """Whether a repository name passes the flat query's `repo:` includes and excludes."""

    def found(pattern: str) -> bool:
        return compile_re2(pattern, case_sensitive=False).search(name) is not None

    return all(found(p) for p in filters.repo_include) and not any(
        found(p) for p in filters.repo_exclude
    )


def repo_named(query: Query, repo: Repository) -> bool:
    """`type:repo`: the repository's name matches the query's patterns (and its filters)."""
    if query.condition is not None:
        return name_holds(query.condition, repo, query.case_sensitive)
    if not repo_selected(repo.name, query.filters):
        return False
    return all(
        compile_re2(t.pattern, case_sensitive=query.case_sensitive).search(repo.name) is not None
        for t in query.terms
    )
