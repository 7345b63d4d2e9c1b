"""Revisions in a query: `repo:name@rev1:rev2` and `rev:rev` (Sourcegraph's revision specifiers).

`repo:x@rev` means `repo:x rev:rev`; several revisions are separated by `:`; `HEAD` (or nothing)
is the default branch. The specifiers themselves (`main`, `v1.0.0`, `refs/heads/*`, `*!glob`,
`^rev`) are resolved per repository by `kit.search.git_log`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kit.errors import QuerySyntaxError
from kit.search.regex import compile_re2


@dataclass(frozen=True)
class RevisionScope:
    """Which revisions to search: per `repo:` regex (`@revs`), or `rev:` for every repository."""

    by_repo: tuple[tuple[str, tuple[str, ...]], ...] = ()
    everywhere: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.by_repo or self.everywhere)

    def for_repository(self, name: str) -> tuple[str, ...]:
        """The revisions to search in repository `name` (empty: its default branch)."""
        found: list[str] = list(self.everywhere)
        for regex, revisions in self.by_repo:
            if compile_re2(regex, case_sensitive=False).search(name) is not None:
                found.extend(revisions)
        return tuple(dict.fromkeys(found))


def split_repo_revision(value: str) -> tuple[str, tuple[str, ...]]:
    """`billing@main:v1.0` -> (`billing`, (`main`, `v1.0`)); no `@` -> (value, ())."""
    regex, at, revs = value.partition("@")
    if not at:
        return value, ()
    return regex, tuple(rev for rev in revs.split(":") if rev) or ("HEAD",)


def revision_scope(
    repo_values: Sequence[tuple[str, tuple[str, ...], bool]], rev_values: Sequence[str]
) -> RevisionScope:
    """Check and combine `repo:` values (regex, revisions, negated) with `rev:` values."""
    with_revs = [(regex, revs) for regex, revs, negated in repo_values if revs and not negated]
    if any(revs for _, revs, negated in repo_values if negated):
        raise QuerySyntaxError("a revision (@) cannot be given on an excluded -repo: filter")
    if rev_values:
        if not any(not negated for _, _, negated in repo_values):
            raise QuerySyntaxError(
                "invalid syntax. The query contains `rev:` without `repo:`. Add a `repo:` "
                "filter and try again"
            )
        if with_revs:
            raise QuerySyntaxError(
                "invalid syntax. You specified both @ and rev: for a repo: filter and I don't "
                "know how to interpret this. Remove either @ or rev: and try again"
            )
    everywhere = tuple(rev for value in rev_values for rev in value.split(":") if rev)
    for rev in (*everywhere, *(r for _, revs in with_revs for r in revs)):
        if rev.startswith("at.time("):
            raise QuerySyntaxError(
                f"{rev} (the revision at a point in time) is not supported on the practice "
                "instance; find the commit with a commit search (type:commit before:...) and "
                "search at it with rev:<commit>"
            )
    return RevisionScope(by_repo=tuple(with_revs), everywhere=everywhere)
