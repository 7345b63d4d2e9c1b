"""Search results in the shapes of Sourcegraph's streaming search API (`/.api/search/stream`)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal


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

    type: Literal["repo"] = "repo"
    match_count: int = 1

    def to_json(self) -> dict[str, Any]:
        """The streaming API's `repo` match object."""
        return {
            "type": "repo",
            "repositoryID": self.repository_id,
            "repository": self.repository,
            "branches": [""],
            "descriptionMatches": [],
            "fork": False,
            "archived": False,
            "private": False,
        }


Match = FileMatch | RepositoryMatch


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
