"""`type:commit` and `type:diff` over the selected repositories: a parsed query becomes a
`CommitSearch` per repository (its revisions), and `kit.search.commits` walks the history.

Revisions a repository lacks are reported, not fatal: Sourcegraph searches the others and says
which revision it could not find.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

from kit.errors import QuerySyntaxError
from kit.search.commits import CommitSearch, missing_revisions, search_commits
from kit.search.corpus import Repository
from kit.search.languages import Language
from kit.search.query import Query, ResultType, Select
from kit.search.results import CommitMatch, Skipped


def commit_search_spec(query: Query) -> CommitSearch:
    """What `query` asks of every repository's history (revisions are set per repository)."""
    if query.condition is not None:
        raise QuerySyntaxError(
            "the practice engine does not support AND, OR, NOT or parentheses in commit and "
            "diff search yet: use separate queries"
        )
    people = query.commit
    filters = query.filters
    kept: Literal["added", "removed"] | None = None
    if query.select is Select.COMMIT_DIFF_ADDED:
        kept = "added"
    elif query.select is Select.COMMIT_DIFF_REMOVED:
        kept = "removed"
    return CommitSearch(
        diff=query.result_type is ResultType.DIFF,
        patterns=tuple(term.pattern for term in query.terms),
        case_sensitive=query.case_sensitive,
        author_include=people.author_include,
        author_exclude=people.author_exclude,
        committer_include=people.committer_include,
        committer_exclude=people.committer_exclude,
        message_include=people.message_include,
        message_exclude=people.message_exclude,
        before=people.before,
        after=people.after,
        file_include=filters.file_include
        + tuple(_file_regex(lang) for lang in filters.lang_include),
        file_exclude=filters.file_exclude
        + tuple(_file_regex(lang) for lang in filters.lang_exclude),
        select=kept,
    )


def commit_matches(
    root: Path, repos: list[Repository], query: Query, notices: list[Skipped]
) -> Iterator[CommitMatch]:
    """The commits (or diffs) `query` finds in each repository under `root`, newest first per
    repository; a `Skipped` notice is appended to `notices` for each revision not found."""
    spec = commit_search_spec(query)
    for repo in repos:
        revisions = query.revisions.for_repository(repo.name)
        repo_dir = root / repo.name
        missing = missing_revisions(repo_dir, revisions) if revisions else ()
        notices.extend(revision_not_found(repo.name, rev) for rev in missing)
        if revisions and len(missing) == len(revisions):
            continue
        yield from search_commits(repo_dir, repo.name, repo.id, replace(spec, revisions=revisions))


def revision_not_found(repository: str, revision: str) -> Skipped:
    """The notice for a revision a repository does not have."""
    return Skipped(
        reason="repository-missing",
        title="revision not found",
        message=f"{repository}: revision {revision!r} was not found, so it was not searched.",
        severity="warn",
    )


def _file_regex(language: Language) -> str:
    """`lang:` in commit search: the changed file's name says its language."""
    names = [re.escape(ext) + "$" for ext in language.extensions]
    names += ["(^|/)" + re.escape(name) + "$" for name in language.filenames]
    return "|".join(names) or "$^"
