"""The parsed form of a Sourcegraph query: pattern terms, filters, boolean conditions, options."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from kit.search.commit_query import CommitFilters
from kit.search.languages import Language
from kit.search.regex import literal_pattern
from kit.search.revision_query import RevisionScope

DEFAULT_MATCH_LIMIT = 10_000
"""Streaming search's default limit since Sourcegraph 5.3."""

COUNT_ALL = 99_999_999


class PatternType(StrEnum):
    """How the pattern part of a query is read."""

    KEYWORD = "keyword"
    STANDARD = "standard"
    LITERAL = "literal"
    REGEXP = "regexp"
    STRUCTURAL = "structural"


class ResultType(StrEnum):
    """What a query returns, from `type:` (or, without it, file contents and paths)."""

    FILE = "file"
    PATH = "path"
    REPO = "repo"
    SYMBOL = "symbol"
    COMMIT = "commit"
    DIFF = "diff"

    @property
    def searches_history(self) -> bool:
        """True for commit and diff search (results come from git history, not files)."""
        return self in (ResultType.COMMIT, ResultType.DIFF)


class Select(StrEnum):
    """What `select:` keeps of each result (de-duplicated)."""

    REPO = "repo"
    FILE = "file"
    FILE_DIRECTORY = "file.directory"
    CONTENT = "content"
    SYMBOL = "symbol"
    COMMIT = "commit"
    COMMIT_DIFF_ADDED = "commit.diff.added"
    COMMIT_DIFF_REMOVED = "commit.diff.removed"


@dataclass(frozen=True)
class Term:
    """One pattern term: literal text or an RE2 regular expression."""

    text: str
    is_regex: bool = False
    content_only: bool = False
    """For `content:`: the term is looked for in file contents only, never in paths."""
    structural: bool = False
    """A Comby template (`patterntype:structural`), matched in contents by `kit.search.structural`."""

    @property
    def pattern(self) -> str:
        """This term as an RE2 pattern."""
        return self.text if self.is_regex else literal_pattern(self.text)


@dataclass(frozen=True)
class FilterSet:
    """Repository, file and language filters; every include must match, no exclude may."""

    repo_include: tuple[str, ...] = ()
    repo_exclude: tuple[str, ...] = ()
    file_include: tuple[str, ...] = ()
    file_exclude: tuple[str, ...] = ()
    lang_include: tuple[Language, ...] = ()
    lang_exclude: tuple[Language, ...] = ()


@dataclass(frozen=True)
class PatternTest:
    """A pattern leaf of a boolean query: the file's content (or path) matches `term`."""

    term: Term


@dataclass(frozen=True)
class FilterTest:
    """A filter leaf of a boolean query: `repo`, `file` or `content`-free `lang` on one file."""

    field: str
    regex: str = ""
    language: Language | None = None
    content: str = ""
    """For `repo:has.file(path:... content:...)`: the content regex (empty: any content); for
    `repo:has.meta(key:value)`: the value (`*`: any value, empty: no value, `/re/`: a regex)."""
    after: datetime | None = None
    """For `repo:has.commit.after(date)`: the date."""


@dataclass(frozen=True)
class AllOf:
    """Every part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class NoneOf:
    """The part does not hold."""

    part: Condition


Condition = PatternTest | FilterTest | AllOf | AnyOf | NoneOf


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms (ANDed for keyword search), filters and options."""

    raw: str
    pattern_type: PatternType
    terms: tuple[Term, ...]
    filters: FilterSet = field(default_factory=FilterSet)
    case_sensitive: bool = False
    count: int = DEFAULT_MATCH_LIMIT
    result_type: ResultType | None = None
    fork: str = "no"
    """`fork:` yes (include forks), no (the default: leave them out) or only."""
    archived: str = "no"
    """`archived:` yes, no (the default) or only."""
    visibility: str = "any"
    """`visibility:` any (the default), public or private."""
    select: Select | None = None
    symbol_kind: str | None = None
    """For `select:symbol.<kind>`: keep only symbols of that kind (a name from SYMBOL_KINDS)."""
    timeout_seconds: float | None = None
    commit: CommitFilters = field(default_factory=CommitFilters)
    """`author:`, `committer:`, `message:`, `before:`, `after:` (read by commit and diff search)."""
    revisions: RevisionScope = field(default_factory=RevisionScope)
    """`repo:x@rev` and `rev:` (empty: every repository's default branch)."""
    condition: Condition | None = None
    """Set for queries with AND/OR/NOT or parentheses; flat queries use `terms` and `filters`."""

    @property
    def repo_only(self) -> bool:
        """True when the query has no pattern and only repository filters: a repository list."""
        if self.result_type is ResultType.REPO:
            return False
        if self.condition is not None:
            return self.result_type is None and all(
                isinstance(t, FilterTest) and t.field.startswith("repo")
                for t in leaf_tests(self.condition)
            )
        f = self.filters
        has_file_scope = f.file_include or f.file_exclude or f.lang_include or f.lang_exclude
        return not self.terms and not has_file_scope and self.result_type is None


def leaf_tests(condition: Condition) -> list[PatternTest | FilterTest]:
    """The pattern and filter leaves of `condition`, left to right."""
    if isinstance(condition, PatternTest | FilterTest):
        return [condition]
    if isinstance(condition, NoneOf):
        return leaf_tests(condition.part)
    return [t for part in condition.parts for t in leaf_tests(part)]
