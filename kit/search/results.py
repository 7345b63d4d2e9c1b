"""Search results in the shapes of Sourcegraph's streaming search API (`/.api/search/stream`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from kit.search.symbols import Symbol


@dataclass(frozen=True)
class LineMatch:
    """One matching line: its text, 0-based number and [offset, length] ranges in characters."""

    line: str
    line_number: int
    offset_and_lengths: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `lineMatches` item."""
        return {
            "line": self.line,
            "lineNumber": self.line_number,
            "offsetAndLengths": [list(r) for r in self.offset_and_lengths],
        }


@dataclass(frozen=True)
class FileMatch:
    """A file result: `content` when lines matched, `path` when only its path did."""

    repository: str
    repository_id: int
    commit: str
    path: str
    language: str | None
    line_matches: tuple[LineMatch, ...] = ()
    path_matches: tuple[tuple[int, int], ...] = ()

    @property
    def type(self) -> Literal["content", "path"]:
        """The streaming API's match type."""
        return "content" if self.line_matches else "path"

    @property
    def match_count(self) -> int:
        """Highlighted ranges in the file's content, or 1 for a path match (as Sourcegraph counts)."""
        return sum(len(lm.offset_and_lengths) for lm in self.line_matches) or 1

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `content` or `path` match object."""
        out: dict[str, Any] = {
            "type": self.type,
            "path": self.path,
            "pathMatches": [
                {
                    "start": {"offset": start, "line": 0, "column": start},
                    "end": {"offset": start + length, "line": 0, "column": start + length},
                }
                for start, length in self.path_matches
            ],
            "repositoryID": self.repository_id,
            "repository": self.repository,
            "repoStars": 0,
            "branches": [""],
            "commit": self.commit,
        }
        if self.language:
            out["language"] = self.language
        if self.line_matches:
            out["hunks"] = None
            out["lineMatches"] = [lm.to_json() for lm in self.line_matches]
        return out


@dataclass(frozen=True)
class RepositoryMatch:
    """A repository result, for queries that only filter repositories."""

    repository: str
    repository_id: int
    description: str = ""
    stars: int = 0
    fork: bool = False
    archived: bool = False
    private: bool = False

    type: Literal["repo"] = "repo"
    match_count: int = 1

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `repo` match object."""
        out: dict[str, Any] = {
            "type": "repo",
            "repositoryID": self.repository_id,
            "repository": self.repository,
            "repoStars": self.stars,
            "branches": [""],
            "descriptionMatches": [],
            "fork": self.fork,
            "archived": self.archived,
            "private": self.private,
        }
        if self.description:
            out["description"] = self.description
        return out


Highlight = tuple[int, int, int]
"""A highlighted range in a commit match: 0-based line, character column, length."""


@dataclass(frozen=True)
class CommitMatch:
    """A `type:commit` or `type:diff` result: one commit, previewed by its message or its diff.

    `preview` is the message (for a commit match) or the diff preview (for a diff match, in
    Sourcegraph's format, see `kit.search.diffs`), and `highlights` are the matches in it.
    The streaming API wraps the preview in a Markdown code block, which `content` and
    `ranges` give (Sourcegraph's `CommitMatch.Body`).
    """

    repository: str
    repository_id: int
    oid: str
    message: str
    author_name: str
    author_email: str
    author_date: datetime
    committer_name: str
    committer_email: str
    committer_date: datetime
    preview: str
    highlights: tuple[Highlight, ...] = ()
    kind: Literal["commit", "diff"] = "commit"
    age: str = ""
    """How long ago the commit was authored, when it was found ("3 days ago"), for `detail`."""

    @property
    def type(self) -> Literal["commit"]:
        """The streaming API's match type (diff matches are commit matches too)."""
        return "commit"

    @property
    def match_count(self) -> int:
        """Highlighted ranges, or 1 for a commit found by filters alone (as Sourcegraph counts)."""
        return len(self.highlights) or 1

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]

    @property
    def url(self) -> str:
        """The commit's page: `/<repository>/-/commit/<oid>`."""
        return f"/{self.repository}/-/commit/{self.oid}"

    @property
    def label(self) -> str:
        """Markdown `repo › author: subject`, the repository name without its host."""
        parts = self.repository.split("/")
        shown = "/".join(parts[1:]) if len(parts) >= 3 and "." in parts[0] else self.repository
        return (
            f"[{shown}](/{self.repository}) › [{self.author_name}]({self.url}): "
            f"[{self.subject}]({self.url})"
        )

    @property
    def detail(self) -> str:
        """Markdown short commit id and age, linked to the commit."""
        return f"[`{self.oid[:7]}` {self.age}]({self.url})"

    @property
    def content(self) -> str:
        """The preview as the streaming API sends it: in a ```diff or ```COMMIT_EDITMSG block."""
        fence = "diff" if self.kind == "diff" else "COMMIT_EDITMSG"
        return f"```{fence}\n{self.preview}\n```"

    @property
    def ranges(self) -> tuple[Highlight, ...]:
        """The highlights in `content` (one line further down, past the opening fence)."""
        return tuple((line + 1, column, length) for line, column, length in self.highlights)

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `commit` match object."""
        return {
            "type": "commit",
            "label": self.label,
            "url": self.url,
            "detail": self.detail,
            "repositoryID": self.repository_id,
            "repository": self.repository,
            "oid": self.oid,
            "message": self.message,
            "authorName": self.author_name,
            "authorDate": _json_date(self.author_date),
            "committerName": self.committer_name,
            "committerDate": _json_date(self.committer_date),
            "content": self.content,
            "ranges": [list(r) for r in self.ranges],
        }

    def preview_lines(self) -> tuple[PreviewLine, ...]:
        """The preview line by line, each with what it is in a diff and its merged highlights."""
        by_line: dict[int, list[tuple[int, int]]] = {}
        for line, column, length in self.highlights:
            by_line.setdefault(line, []).append((column, length))
        return tuple(
            PreviewLine(text, self._line_kind(text), merged_spans(by_line.get(number, [])))
            for number, text in enumerate(self.preview.rstrip("\n").split("\n"))
        )

    def _line_kind(self, text: str) -> PreviewLineKind:
        if self.kind != "diff":
            return "message"
        if text.startswith("@@ "):
            return "hunk"
        if not text:
            return "context"
        # Hunk lines carry a prefix; anything else is a file's `old new` header (spaces in
        # names are escaped, so a header never starts with one).
        return _DIFF_PREFIXES.get(text[0], "file")


PreviewLineKind = Literal["message", "file", "hunk", "added", "removed", "context"]
"""What a preview line is: a commit message line, or a diff's file header, hunk header or line."""

_DIFF_PREFIXES: dict[str, PreviewLineKind] = {"+": "added", "-": "removed", " ": "context"}


@dataclass(frozen=True)
class PreviewLine:
    """One line of a commit match's preview, with its (column, length) highlights merged."""

    text: str
    kind: PreviewLineKind
    highlights: tuple[tuple[int, int], ...] = ()


def _json_date(moment: datetime) -> str:
    """A date as Go marshals a UTC time: `2025-09-02T03:44:00Z`."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class SymbolMatch:
    """A file's symbols that matched a `type:symbol` search."""

    repository: str
    repository_id: int
    commit: str
    path: str
    language: str | None
    symbols: tuple[Symbol, ...]

    type: Literal["symbol"] = "symbol"

    @property
    def match_count(self) -> int:
        """One match per symbol, as Sourcegraph counts them."""
        return len(self.symbols)

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `symbol` match object."""
        out: dict[str, Any] = {
            "type": "symbol",
            "path": self.path,
            "repositoryID": self.repository_id,
            "repository": self.repository,
            "repoStars": 0,
            "branches": [""],
            "commit": self.commit,
            "symbols": [s.to_json(self.repository, "", self.path) for s in self.symbols],
        }
        if self.language:
            out["language"] = self.language
        return out


Match = FileMatch | RepositoryMatch | CommitMatch | SymbolMatch


@dataclass(frozen=True)
class Skipped:
    """Why a search stopped early (the streaming API's `progress.skipped` item)."""

    reason: str
    title: str
    message: str
    severity: Literal["info", "warn"] = "info"
    suggested: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        """The streaming API's shape."""
        out: dict[str, Any] = {
            "reason": self.reason,
            "title": self.title,
            "message": self.message,
            "severity": self.severity,
        }
        if self.suggested:
            out["suggested"] = self.suggested
        return out


@dataclass(frozen=True)
class Progress:
    """The final `progress` event of a search."""

    match_count: int
    duration_ms: int
    repositories_count: int
    skipped: tuple[Skipped, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `progress` object, with `done` set."""
        return {
            "done": True,
            "repositoriesCount": self.repositories_count,
            "matchCount": self.match_count,
            "durationMs": self.duration_ms,
            "skipped": [s.to_json() for s in self.skipped],
        }


@dataclass(frozen=True)
class SearchResults:
    """What a search returned: its matches in order and the final progress."""

    query: str
    matches: tuple[Match, ...]
    progress: Progress
    limit_hit: bool = False
    _html_limit: int = field(default=50, repr=False)

    def __len__(self) -> int:
        return len(self.matches)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    @property
    def match_count(self) -> int:
        """Total matches, as the progress event counts them."""
        return self.progress.match_count

    def json_lines(self) -> Iterator[str]:
        """One JSON object per match, then the progress object, as `src search -stream -json`."""
        for match in self.matches:
            yield json.dumps(match.to_json(), ensure_ascii=False)
        yield json.dumps(self.progress.to_json(), ensure_ascii=False)

    def _repr_html_(self) -> str:
        return render_html(self, limit=self._html_limit)


class Searcher(Protocol):
    """Anything that answers a Sourcegraph query: the practice backend, a live instance, or a
    view of one (such as a code monitor's)."""

    def search(self, query: str) -> SearchResults: ...


def render_html(results: SearchResults, *, limit: int = 50) -> str:
    """The results as HTML, as the Sourcegraph UI shows them (see `kit.search.html_render`)."""
    from kit.search.html_render import results_html  # it imports this module

    return results_html(results, limit=limit)


def merged_spans(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """(start, length) spans sorted, overlapping ones merged: Sourcegraph keeps overlapping
    commit highlights apart (each counts), but a line can only be marked once."""
    out: list[tuple[int, int]] = []
    for start, length in sorted(spans):
        if out and start <= out[-1][0] + out[-1][1]:
            first = out[-1][0]
            out[-1] = (first, max(out[-1][0] + out[-1][1], start + length) - first)
        else:
            out.append((start, length))
    return tuple(out)
