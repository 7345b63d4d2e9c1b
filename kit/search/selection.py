"""`select:`: keep one part of each result (repository, file, directory, content, symbol,
commit), each once."""

from __future__ import annotations

from typing import Any

from kit.search.corpus import Repository
from kit.search.query import Select
from kit.search.repo_search import repository_match
from kit.search.results import CommitMatch, FileMatch, SymbolMatch

_COMMIT_SELECTS = (Select.COMMIT, Select.COMMIT_DIFF_ADDED, Select.COMMIT_DIFF_REMOVED)


def selected(matches: Any, select: Select, repos: dict[str, Repository]) -> Any:
    """Keep what `select:` asks for, each result once, in order."""
    seen: set[tuple[str, str]] = set()
    for match in matches:
        if select is Select.SYMBOL:
            if isinstance(match, SymbolMatch):
                yield match  # the kind was applied while matching
            continue
        if select in _COMMIT_SELECTS:
            if isinstance(match, CommitMatch):
                yield match  # added/removed lines were chosen while matching
            continue
        if select is Select.REPO:
            key = (match.repository, "")
            if key not in seen:
                seen.add(key)
                yield repository_match(repos[match.repository])
            continue
        if not isinstance(match, FileMatch):
            continue
        if select is Select.CONTENT:
            if match.line_matches:
                yield match
            continue
        path = match.path
        if select is Select.FILE_DIRECTORY:
            path = path.rsplit("/", 1)[0] + "/" if "/" in path else "./"
        if (match.repository, path) not in seen:
            seen.add((match.repository, path))
            yield FileMatch(
                repository=match.repository,
                repository_id=match.repository_id,
                commit=match.commit,
                path=path,
                language=match.language if select is Select.FILE else None,
            )
