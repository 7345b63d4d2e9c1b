"""The commit-search part of a query: `author:`, `committer:`, `message:`, `before:`, `after:`.

Sourcegraph's validator rejects `author:`, `message:`, `before:` and `after:` outside
`type:commit` / `type:diff` searches; `committer:` is not checked there, and it does not narrow
a file search. Dates are git dates, read relative to when the query is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from kit.errors import QuerySyntaxError
from kit.search.git_dates import parse_git_date
from kit.search.regex import compile_re2

COMMIT_FIELDS = ("author", "committer", "message", "before", "after")
"""Fields that only commit and diff search reads."""
_CHECKED = ("author", "message", "before", "after")
"""The ones Sourcegraph's `validateCommitParameters` requires type:commit or type:diff for."""
_NOT_NEGATABLE = ("before", "after")

FieldValues = Mapping[str, Sequence[tuple[str, bool]]]
"""Field name to its values in query order, each with whether it was negated (`-author:x`)."""


@dataclass(frozen=True)
class CommitFilters:
    """The people, message and date filters of a commit or diff search (regexes are RE2)."""

    author_include: tuple[str, ...] = ()
    author_exclude: tuple[str, ...] = ()
    committer_include: tuple[str, ...] = ()
    committer_exclude: tuple[str, ...] = ()
    message_include: tuple[str, ...] = ()
    message_exclude: tuple[str, ...] = ()
    before: datetime | None = None
    after: datetime | None = None


def check_commit_fields(order: Sequence[str], commit_search: bool) -> None:
    """Reject the fields that need `type:commit` or `type:diff`, in Sourcegraph's words;
    `order` is the query's field names as they appear."""
    if commit_search:
        return
    for name in order:
        if name in _CHECKED:
            raise QuerySyntaxError(
                f"your query contains the field '{name}', which requires type:commit or "
                "type:diff in the query"
            )


def commit_filters(values: FieldValues, now: datetime | None = None) -> CommitFilters:
    """Read the commit fields of a query; dates relative to `now` (default: the current time)."""
    moment = now or datetime.now(UTC)
    for name in _NOT_NEGATABLE:
        if any(negated for _, negated in values.get(name, ())):
            raise QuerySyntaxError(f'field "{name}" does not support negation')

    def regexes(name: str, negated: bool) -> tuple[str, ...]:
        found = tuple(text for text, neg in values.get(name, ()) if neg == negated)
        for regex in found:
            compile_re2(regex, case_sensitive=True)
        return found

    def date(name: str) -> datetime | None:
        given = values.get(name, ())
        return parse_git_date(given[0][0], moment) if given else None

    return CommitFilters(
        author_include=regexes("author", False),
        author_exclude=regexes("author", True),
        committer_include=regexes("committer", False),
        committer_exclude=regexes("committer", True),
        message_include=regexes("message", False),
        message_exclude=regexes("message", True),
        before=date("before"),
        after=date("after"),
    )
