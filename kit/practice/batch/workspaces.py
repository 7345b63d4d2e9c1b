"""Resolve a batch spec's `on:` into workspaces: one practice repository at one branch each.

`repositoriesMatchingQuery` runs through the practice search engine (version 2: keyword pattern
type by default; version 1: standard). Every matched repository is used at its default branch,
the HEAD of its practice git repository, and remembers the paths the search matched.
Workspaces are always the repository root: `workspaces:` is checked but not simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.errors import BatchSpecError, SearchError
from kit.practice.batch.spec import BatchSpec, OnQuery, OnRepository
from kit.practice.git import run_git
from kit.search import PatternType, open_corpus, parse_query
from kit.search.corpus import find_repositories


@dataclass(frozen=True)
class Workspace:
    """A repository (by name), the branch and commit to change, and the search's matched paths."""

    repository: str
    path: Path
    branch: str
    rev: str
    search_result_paths: tuple[str, ...] = ()


def resolve_workspaces(spec: BatchSpec, corpus: Path) -> list[Workspace]:
    """The workspaces `spec.on` selects in `corpus`, one per repository and branch, in order."""
    repos = {p.relative_to(corpus).as_posix(): p for p in find_repositories(corpus)}
    found: dict[tuple[str, str], Workspace] = {}
    for index, item in enumerate(spec.on):
        where = f"{spec.where}: on.{index}"
        if isinstance(item, OnQuery):
            for name, paths in _search(item.query, spec.version, corpus, where).items():
                ws = _workspace(repos[name], name, None, paths, where)
                found[(name, ws.branch)] = _merge(found.get((name, ws.branch)), ws)
        else:
            for ws in _named(item, repos, where):
                found[(ws.repository, ws.branch)] = _merge(
                    found.get((ws.repository, ws.branch)), ws
                )
    return list(found.values())


def _merge(old: Workspace | None, new: Workspace) -> Workspace:
    if old is None:
        return new
    paths = tuple(dict.fromkeys(old.search_result_paths + new.search_result_paths))
    return Workspace(old.repository, old.path, old.branch, old.rev, paths)


def _search(query: str, version: int, corpus: Path, where: str) -> dict[str, tuple[str, ...]]:
    default = PatternType.KEYWORD if version >= 2 else PatternType.STANDARD
    try:
        results = open_corpus(corpus).search(parse_query(query, default))
    except SearchError as exc:
        raise BatchSpecError(f"repositoriesMatchingQuery: {exc.message}", where=where) from None
    paths: dict[str, dict[str, None]] = {}
    for match in results.matches:
        found = paths.setdefault(match.repository, {})
        path = getattr(match, "path", None)
        if path:
            found[path] = None
    return {name: tuple(found) for name, found in paths.items()}


def _named(item: OnRepository, repos: dict[str, Path], where: str) -> list[Workspace]:
    name = item.repository
    if name not in repos:
        known = ", ".join(sorted(repos))
        raise BatchSpecError(
            f"repository {name} is not on the practice Sourcegraph (known: {known})", where=where
        )
    return [_workspace(repos[name], name, b, (), where) for b in item.branches or (None,)]


def _workspace(
    path: Path, name: str, branch: str | None, paths: tuple[str, ...], where: str
) -> Workspace:
    if branch is None:
        ref = run_git(path, "symbolic-ref", "--short", "HEAD").decode().strip()
    else:
        ref = branch.removeprefix("refs/heads/")
    done = run_git(path, "for-each-ref", "--format=%(objectname)", f"refs/heads/{ref}")
    rev = done.decode().strip()
    if not rev:
        raise BatchSpecError(f"repository {name} has no branch {ref}", where=where)
    return Workspace(repository=name, path=path, branch=ref, rev=rev, search_result_paths=paths)
