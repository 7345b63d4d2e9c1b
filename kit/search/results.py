"""Search results in the shapes of Sourcegraph's streaming search API (`/.api/search/stream`)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

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


def _symbol_html(match: SymbolMatch) -> str:
    rows = "".join(
        f'<div style="padding:2px 6px"><code>{html.escape(s.kind)}</code> <b>{html.escape(s.name)}</b>'
        + (
            f' <span style="color:#888">in {html.escape(s.container_name)}</span>'
            if s.container_name
            else ""
        )
        + f' <span style="color:#888">line {s.line}</span></div>'
        for s in match.symbols
    )
    return (
        '<div style="margin:6px 0;border:1px solid #ddd;border-radius:4px">'
        f'<div style="background:#f5f5f7;padding:3px 6px">{html.escape(match.repository)}'
        f" › <b>{html.escape(match.path)}</b></div>{rows}</div>"
    )


def _highlight(text: str, ranges: tuple[tuple[int, int], ...]) -> str:
    out: list[str] = []
    pos = 0
    for start, length in ranges:
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start : start + length])}</mark>")
        pos = start + length
    out.append(html.escape(text[pos:]))
    return "".join(out)


def render_html(results: SearchResults, *, limit: int = 50) -> str:
    """Render results as the Sourcegraph UI shows them: repository, path, highlighted lines."""
    parts = [
        '<div class="sgkit-results" style="font-family:sans-serif">',
        f"<p><b>{results.match_count}</b> results for <code>{html.escape(results.query)}</code>",
    ]
    if results.limit_hit:
        parts.append(" (limit hit: add <code>count:all</code> to see every result)")
    parts.append("</p>")
    for match in results.matches[:limit]:
        if isinstance(match, RepositoryMatch):
            parts.append(f"<div>📦 <b>{html.escape(match.repository)}</b></div>")
            continue
        if isinstance(match, CommitMatch):
            parts.append(_commit_html(match))
            continue
        if isinstance(match, SymbolMatch):
            parts.append(_symbol_html(match))
            continue
        path = _highlight(match.path, match.path_matches)
        parts.append(
            '<div style="margin:6px 0;border:1px solid #ddd;border-radius:4px">'
            f'<div style="background:#f5f5f7;padding:3px 6px">{html.escape(match.repository)}'
            f" › <b>{path}</b></div>"
        )
        if match.line_matches:
            parts.append('<pre style="margin:0;padding:3px 6px">')
            for lm in match.line_matches:
                number = f'<span style="color:#888">{lm.line_number + 1:>4}</span>'
                parts.append(f"{number}  {_highlight(lm.line, lm.offset_and_lengths)}\n")
            parts.append("</pre>")
        parts.append("</div>")
    if len(results.matches) > limit:
        parts.append(f"<p>… and {len(results.matches) - limit} more results.</p>")
    parts.append("</div>")
    return "".join(parts)


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


_DIFF_LINE_STYLES = {"+": "background:#e6ffec", "-": "background:#ffebe9", "@": "color:#888"}


def _commit_html(match: CommitMatch) -> str:
    """A commit result: repository, author and subject, then the message or diff, highlighted."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    for line, column, length in match.highlights:
        by_line.setdefault(line, []).append((column, length))
    rows = []
    for number, text in enumerate(match.preview.rstrip("\n").split("\n")):
        shown = _highlight(text, merged_spans(by_line.get(number, [])))
        style = ""
        if match.kind == "diff" and text[:1] != " ":
            style = _DIFF_LINE_STYLES.get(text[:1], "font-weight:bold")  # else a file header
        rows.append(f'<span style="{style}">{shown}</span>' if style else shown)
    body = "\n".join(rows)
    return (
        '<div style="margin:6px 0;border:1px solid #ddd;border-radius:4px">'
        f'<div style="background:#f5f5f7;padding:3px 6px">{html.escape(match.repository)} › '
        f"{html.escape(match.author_name)}: <b>{html.escape(match.subject)}</b>"
        f' <span style="color:#888"><code>{match.oid[:7]}</code> '
        f"{match.author_date:%Y-%m-%d}</span></div>"
        f'<pre style="margin:0;padding:3px 6px">{body}</pre></div>'
    )
