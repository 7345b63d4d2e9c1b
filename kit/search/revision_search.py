"""Searching files at other revisions (`repo:x@v1.0`, `rev:release/1.4`): the repository's tree
at that commit is read from git and indexed on its own, then searched like the corpus.

The corpus index holds each repository's default branch only, as Zoekt indexes default branches;
Sourcegraph searches other revisions unindexed, and so does this (a small per-commit index kept
in memory, built on first use).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from kit.search.corpus import Corpus, Repository, read_repository_at
from kit.search.git_log import read_history
from kit.search.history_search import revision_not_found
from kit.search.index_store import SearchIndex, build_index, with_metadata
from kit.search.results import Skipped

_DEFAULT = ("", "HEAD")


def on_default_branch(revisions: tuple[str, ...]) -> bool:
    """True when `revisions` name only the default branch (or nothing)."""
    return all(rev in _DEFAULT for rev in revisions)


def revision_indexes(
    root: Path, repo: Repository, revisions: tuple[str, ...], notices: list[Skipped]
) -> Iterator[SearchIndex]:
    """An index of `repo`'s files at each commit `revisions` name (the default branch's is the
    corpus index, so it is left out); a notice for each revision that names nothing."""
    history = read_history(root / repo.name)
    wanted = tuple(rev for rev in revisions if rev not in _DEFAULT)
    selection = history.select(wanted)
    notices.extend(revision_not_found(repo.name, rev) for rev in selection.missing)
    for oid in selection.tips:
        yield with_metadata(_index_at(root, repo.name, repo.id, oid), {repo.name: repo.meta})


@lru_cache(maxsize=32)
def _index_at(root: Path, name: str, repo_id: int, oid: str) -> SearchIndex:
    at = read_repository_at(repo_id, root / name, root, oid)
    return build_index(Corpus(root=root, repositories=(at,)))
