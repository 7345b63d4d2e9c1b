"""Commit and diff search (`type:commit`, `type:diff`) over one repository's git history.

    spec = CommitSearch(diff=True, patterns=("AKIA",), select="removed")
    for match in search_commits(repo_dir, "gitlab.example.com/platform/internal-tools", 9, spec):
        print(match.oid[:7], match.subject)

`search_commits(repo_dir, repository, repository_id, spec)` yields a `CommitMatch` for each
commit that satisfies every part of `spec`, newest first as `git log` lists them. It depends
only on its arguments and the repository's history, which is read once and cached
(`kit.search.git_log`). The parts are ANDed, as Sourcegraph's gitserver evaluates them
(`internal/gitserver/search/match_tree.go`); regular expressions are RE2 and ignore case
unless `case_sensitive` (`case:yes`):

    patterns            each must match: the message (type:commit), or a changed line of the
                        same file (type:diff; the text after `+`/`-`, never context lines)
    author_*, committer_*
                        the person's name, email or `Name <email>` (Sourcegraph's code matches
                        name or email; its docs promise `Name <email>`: both work here)
    message_*           the whole message (includes are highlighted in commit results)
    before, after       the committer date, strictly before / after (a datetime without a
                        zone is UTC; `kit.search.git_dates` reads Sourcegraph's date values)
    file_*              the commit changes a file whose old or new path matches every include
                        and no exclude; diff previews show only such files
    revisions           see `kit.search.git_log` (empty: the default branch)
    select              `added` / `removed` (select:commit.diff.added/removed, type:diff only):
                        keep the highlights on added / removed lines; a result left without
                        any is dropped. Without pattern highlights, a result is kept if its
                        preview adds / removes some line.

A commit match's preview is its message; a diff match's is Sourcegraph's diff preview (see
`kit.search.diffs`). Merge commits have no diff, as in Sourcegraph, so a diff pattern never
matches them.

Also here: `missing_revisions` (revisions a repository lacks, for Sourcegraph's "revision not
found" notice) and `last_commit_date` (for `repo:has.commit.after()`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from kit.errors import QuerySyntaxError
from kit.search.diffs import FileDiff, FileHighlights, Highlight, Span, format_preview
from kit.search.git_dates import time_ago
from kit.search.git_log import Commit, Signature, read_history
from kit.search.regex import compile_re2
from kit.search.results import CommitMatch


@dataclass(frozen=True)
class CommitSearch:
    """What a `type:commit` or `type:diff` query asks of one repository (see the module doc)."""

    diff: bool = False
    patterns: tuple[str, ...] = ()
    case_sensitive: bool = False
    author_include: tuple[str, ...] = ()
    author_exclude: tuple[str, ...] = ()
    committer_include: tuple[str, ...] = ()
    committer_exclude: tuple[str, ...] = ()
    message_include: tuple[str, ...] = ()
    message_exclude: tuple[str, ...] = ()
    before: datetime | None = None
    after: datetime | None = None
    revisions: tuple[str, ...] = ()
    file_include: tuple[str, ...] = ()
    file_exclude: tuple[str, ...] = ()
    select: Literal["added", "removed"] | None = None
    now: datetime | None = None
    """When the search runs, for each result's age ("3 days ago"); None: the current time."""

    def __post_init__(self) -> None:
        for name in ("before", "after", "now"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:  # a date without a zone is UTC
                object.__setattr__(self, name, moment.replace(tzinfo=UTC))
        if self.select is not None and not self.diff:
            raise QuerySyntaxError(
                f"select:commit.diff.{self.select} selects lines of diffs: use it with type:diff"
            )
        _Regexes.of(self)  # an invalid pattern fails here, named


@dataclass(frozen=True)
class _Pattern:
    """A search pattern: as it matches one changed line or a message, and the same pattern
    with `^`/`$` at line ends, which rules out a whole file's changed lines in one search."""

    regex: Any
    anywhere: Any | None

    @classmethod
    def of(cls, pattern: str, case_sensitive: bool) -> _Pattern:
        regex = compile_re2(pattern, case_sensitive=case_sensitive)
        if "\\A" in pattern or "\\z" in pattern:
            return cls(regex, None)  # text-start/end anchors mean something else in many lines
        return cls(regex, compile_re2(f"(?m:{pattern})", case_sensitive=case_sensitive))


@dataclass(frozen=True)
class _Regexes:
    patterns: tuple[_Pattern, ...]
    authors: tuple[Any, ...]
    not_authors: tuple[Any, ...]
    committers: tuple[Any, ...]
    not_committers: tuple[Any, ...]
    messages: tuple[Any, ...]
    not_messages: tuple[Any, ...]
    files: tuple[Any, ...]
    not_files: tuple[Any, ...]

    @property
    def filters_people_or_message(self) -> bool:
        """Whether any author, committer or message filter is given."""
        return bool(
            self.authors
            or self.not_authors
            or self.committers
            or self.not_committers
            or self.messages
            or self.not_messages
        )

    @classmethod
    def of(cls, spec: CommitSearch) -> _Regexes:
        def compiled(patterns: tuple[str, ...]) -> tuple[Any, ...]:
            return tuple(compile_re2(p, case_sensitive=spec.case_sensitive) for p in patterns)

        return cls(
            tuple(_Pattern.of(p, spec.case_sensitive) for p in spec.patterns),
            compiled(spec.author_include),
            compiled(spec.author_exclude),
            compiled(spec.committer_include),
            compiled(spec.committer_exclude),
            compiled(spec.message_include),
            compiled(spec.message_exclude),
            compiled(spec.file_include),
            compiled(spec.file_exclude),
        )


def search_commits(
    repo_dir: Path, repository: str, repository_id: int, spec: CommitSearch
) -> Iterator[CommitMatch]:
    """The commits of the git repository at `repo_dir` (named `repository`) that `spec` finds,
    newest first."""
    history = read_history(repo_dir)
    regexes = _Regexes.of(spec)
    now = spec.now or datetime.now(UTC)
    for commit in history.walk(history.select(spec.revisions)):
        if not _fields_hold(commit, spec, regexes):
            continue
        found = _diff_preview(commit, spec, regexes) if spec.diff else _message(commit, regexes)
        if found is None:
            continue
        preview, highlights = found
        yield CommitMatch(
            repository=repository,
            repository_id=repository_id,
            oid=commit.oid,
            message=commit.message,
            author_name=commit.author.name,
            author_email=commit.author.email,
            author_date=commit.author.date,
            committer_name=commit.committer.name,
            committer_email=commit.committer.email,
            committer_date=commit.committer.date,
            preview=preview,
            highlights=highlights,
            kind="diff" if spec.diff else "commit",
            age=time_ago(commit.author.date, now),
        )


def missing_revisions(repo_dir: Path, revisions: tuple[str, ...]) -> tuple[str, ...]:
    """The revision specifiers that name nothing in the repository at `repo_dir`."""
    return read_history(repo_dir).select(revisions).missing


def last_commit_date(repo_dir: Path, revision: str = "HEAD") -> datetime | None:
    """The latest committer date among commits reachable from `revision` (None if there are
    none): `repo:has.commit.after(date)` holds when it is after `date`."""
    history = read_history(repo_dir)
    dates = [c.committer.date for c in history.walk(history.select((revision,)))]
    return max(dates, default=None)


def _fields_hold(commit: Commit, spec: CommitSearch, rx: _Regexes) -> bool:
    """The commit-wide parts of the query: dates, people, message filters."""
    when = commit.committer.date
    if (spec.before is not None and not when < spec.before) or (
        spec.after is not None and not when > spec.after
    ):
        return False
    if not rx.filters_people_or_message:
        return True
    return (
        _all_and_none(rx.authors, rx.not_authors, lambda r: _names(r, commit.author))
        and _all_and_none(rx.committers, rx.not_committers, lambda r: _names(r, commit.committer))
        and _all_and_none(
            rx.messages, rx.not_messages, lambda r: r.search(commit.message) is not None
        )
    )


def _all_and_none(
    include: tuple[Any, ...], exclude: tuple[Any, ...], test: Callable[[Any], bool]
) -> bool:
    return all(test(r) for r in include) and not any(test(r) for r in exclude)


def _names(regex: Any, person: Signature) -> bool:
    return any(regex.search(text) is not None for text in (person.name, person.email, person.ident))


def _file_passes(diff: FileDiff, rx: _Regexes) -> bool:
    if not (rx.files or rx.not_files):
        return True

    def changes(regex: Any) -> bool:
        return regex.search(diff.orig_name) is not None or regex.search(diff.new_name) is not None

    return _all_and_none(rx.files, rx.not_files, changes)


def _message(commit: Commit, rx: _Regexes) -> tuple[str, tuple[Highlight, ...]] | None:
    """A commit match: the message, highlighted where the patterns and message filters match."""
    if (rx.files or rx.not_files) and not any(_file_passes(d, rx) for d in commit.files):
        return None
    spans: list[Span] = []
    for pattern in rx.patterns:
        found = _find_all(pattern.regex, commit.message)
        if not found:
            return None
        spans.extend(found)
    for regex in rx.messages:
        spans.extend(_find_all(regex, commit.message))
    return commit.message, _by_line(commit.message, sorted(spans))


def _diff_preview(
    commit: Commit, spec: CommitSearch, rx: _Regexes
) -> tuple[str, tuple[Highlight, ...]] | None:
    """A diff match: the preview of the files that hold the file-level parts of the query."""
    per_file = bool(rx.patterns or rx.files or rx.not_files)
    shown: list[tuple[FileDiff, FileHighlights | None]] = []
    for diff in commit.files if per_file else ():
        if not _file_passes(diff, rx):
            continue
        lines = _changed_line_spans(diff, rx.patterns)
        if lines is None:
            continue
        orig = tuple(s for r in rx.files for s in _find_all(r, diff.orig_name))
        new = tuple(s for r in rx.files for s in _find_all(r, diff.new_name))
        shown.append((diff, FileHighlights(tuple(sorted(orig)), tuple(sorted(new)), lines)))
    if per_file and not shown:
        return None
    preview, highlights = format_preview(shown) if per_file else commit.preview
    if spec.select is None:
        return preview, highlights
    return _selected(preview, highlights, "+" if spec.select == "added" else "-")


def _changed_line_spans(
    diff: FileDiff, patterns: tuple[_Pattern, ...]
) -> dict[int, dict[int, tuple[Span, ...]]] | None:
    """Where each pattern matches the file's added and removed lines, by hunk and line index;
    None if some pattern matches none of them."""
    marks: dict[int, dict[int, list[Span]]] = {}
    for pattern in patterns:
        if pattern.anywhere is not None and pattern.anywhere.search(diff.changed_text) is None:
            return None  # the usual case, decided without visiting each line
        regex = pattern.regex
        hit = False
        for hunk_index, hunk in enumerate(diff.hunks):
            for line_index, line in enumerate(hunk.lines):
                if line[:1] not in ("+", "-"):
                    continue
                found = _find_all(regex, line[1:])
                if found:
                    hit = True
                    marks.setdefault(hunk_index, {}).setdefault(line_index, []).extend(found)
        if not hit:
            return None
    return {
        hunk: {line: tuple(sorted(spans)) for line, spans in lines.items()}
        for hunk, lines in marks.items()
    }


def _selected(
    preview: str, highlights: tuple[Highlight, ...], prefix: str
) -> tuple[str, tuple[Highlight, ...]] | None:
    """`select:commit.diff.added/removed`: the highlights on such lines, or None if none are."""
    lines = preview.split("\n")
    on_changes = [h for h in highlights if lines[h[0]][:1] in ("+", "-")]
    if not on_changes:
        return (preview, ()) if any(line.startswith(prefix) for line in lines) else None
    kept = tuple(h for h in on_changes if lines[h[0]].startswith(prefix))
    return (preview, kept) if kept else None


def _find_all(regex: Any, text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start()]


def _by_line(text: str, spans: list[Span]) -> tuple[Highlight, ...]:
    """(start, end) offsets in `text` as (line, column, length), split at line ends."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out: list[Highlight] = []
    for start, end in spans:
        line = bisect_right(starts, start) - 1
        while start < end:
            line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
            piece_end = min(end, line_end)
            if piece_end > start:
                out.append((line, start - starts[line], piece_end - start))
            line += 1
            if line >= len(starts):
                break
            start = starts[line]
    return tuple(out)
