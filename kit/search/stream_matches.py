"""The streaming API's JSON objects read back into the kit's results (`kit.search.results`).

`match_from_json(match.to_json())` gives the match back for every type. A live instance's matches
carry less than the practice engine knows, so some fields are filled in:

- `symbol`: the UPPERCASE LSP kind maps back to Sourcegraph's kind (`ENUMMEMBER` -> `enum-member`);
  a symbol's column comes from its URL (`?L25:6-25:20`), 0 when the URL has none; a symbol's
  language is the file's, except that ctags reads TSX as TypeScript.
- `commit`: the ```` ```diff ```` or ```` ```COMMIT_EDITMSG ```` fence around `content` tells a
  diff match from a commit match; the preview is what is inside and `ranges` move one line up, past
  the opening fence. No e-mail addresses are sent, so both are ""; without `committerName` or
  `committerDate` (older instances) the committer is taken to be the author; the age
  ("3 days ago") is read from `detail`. `label` and `url` are not read: the match rebuilds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from kit.search.results import (
    CommitMatch,
    FileMatch,
    Highlight,
    LineMatch,
    Match,
    Progress,
    RepositoryMatch,
    Skipped,
    SymbolMatch,
)
from kit.search.symbol_kinds import SYMBOL_KINDS, lsp_kind
from kit.search.symbols import Symbol

_KINDS = {lsp_kind(kind): kind for kind in SYMBOL_KINDS}
_CTAGS_LANGUAGES = {"TSX": "TypeScript"}  # symbols.py maps .tsx to ctags' TypeScript parser
_URL_POSITION = re.compile(r"[?#]L\d+:(\d+)")
_FENCED = re.compile(r"```([^\n]*)\n(.*)\n```", re.DOTALL)
_DETAIL_AGE = re.compile(r"\[`[^`]*`\s*(.*?)\]\(")


def match_from_json(item: dict[str, Any]) -> Match | None:
    """A `matches` item as our result dataclass; None for a type this kit does not know."""
    kind = item.get("type")
    if kind == "repo":
        return repository_match_from_json(item)
    if kind == "symbol":
        return symbol_match_from_json(item)
    if kind == "commit":
        return commit_match_from_json(item)
    if kind not in ("content", "path"):
        return None
    chunks = item.get("chunkMatches")
    if chunks:
        line_matches = line_matches_from_chunks(chunks)
    else:
        line_matches = tuple(_line_match(lm) for lm in item.get("lineMatches") or ())
    return FileMatch(
        repository=str(item["repository"]),
        repository_id=_repository_id(item),
        commit=str(item.get("commit") or ""),
        path=str(item["path"]),
        language=item.get("language") or None,
        line_matches=line_matches,
        path_matches=tuple(_path_range(r) for r in item.get("pathMatches") or ()),
    )


def _repository_id(item: dict[str, Any]) -> int:
    return int(item.get("repositoryID") or 0)


def repository_match_from_json(item: dict[str, Any]) -> RepositoryMatch:
    """A `repo` match."""
    return RepositoryMatch(
        repository=str(item["repository"]),
        repository_id=_repository_id(item),
        description=str(item.get("description") or ""),
        stars=int(item.get("repoStars") or 0),
        fork=bool(item.get("fork")),
        archived=bool(item.get("archived")),
        private=bool(item.get("private")),
    )


def symbol_match_from_json(item: dict[str, Any]) -> SymbolMatch:
    """A `symbol` match: a file and the symbols in it that matched."""
    language = item.get("language") or None
    symbol_language = _CTAGS_LANGUAGES.get(language, language) if language else None
    return SymbolMatch(
        repository=str(item["repository"]),
        repository_id=_repository_id(item),
        commit=str(item.get("commit") or ""),
        path=str(item["path"]),
        language=language,
        symbols=tuple(_symbol(s, symbol_language) for s in item.get("symbols") or ()),
    )


def _symbol(item: dict[str, Any], language: str | None) -> Symbol:
    kind = str(item.get("kind") or "")
    position = _URL_POSITION.search(str(item.get("url") or ""))
    return Symbol(
        name=str(item["name"]),
        kind=_KINDS.get(kind.upper(), kind.lower()),
        line=int(item["line"]),
        container_name=str(item.get("containerName") or "") or None,
        language=language,
        character=int(position.group(1)) - 1 if position else 0,
    )


def commit_match_from_json(item: dict[str, Any]) -> CommitMatch:
    """A `commit` match: a commit match, or a diff match when `content` is a ```diff block."""
    content = str(item.get("content") or "")
    fenced = _FENCED.fullmatch(content)
    kind: Literal["commit", "diff"] = "commit"
    preview, shift = content, 0  # an unfenced preview (no instance sends one) is kept as is
    if fenced:
        kind = "diff" if fenced.group(1).strip() == "diff" else "commit"
        preview, shift = fenced.group(2), 1
    highlights: tuple[Highlight, ...] = tuple(
        (int(line) - shift, int(column), int(length))
        for line, column, length in item.get("ranges") or ()
        if int(line) >= shift
    )
    author_name = str(item.get("authorName") or "")
    author_date = _date(item["authorDate"])
    age = _DETAIL_AGE.match(str(item.get("detail") or ""))
    message = item.get("message")
    return CommitMatch(
        repository=str(item["repository"]),
        repository_id=_repository_id(item),
        oid=str(item["oid"]),
        message=str(message if message is not None else preview if kind == "commit" else ""),
        author_name=author_name,
        author_email="",
        author_date=author_date,
        committer_name=str(item.get("committerName") or author_name),
        committer_email="",
        committer_date=_date(item["committerDate"]) if item.get("committerDate") else author_date,
        preview=preview,
        highlights=highlights,
        kind=kind,
        age=age.group(1).strip() if age else "",
    )


def _date(text: str) -> datetime:
    """A date as Go marshals it (RFC 3339, nanoseconds allowed); UTC when it names no zone."""
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _line_match(item: dict[str, Any]) -> LineMatch:
    return LineMatch(
        line=str(item.get("line", "")),
        line_number=int(item["lineNumber"]),
        offset_and_lengths=tuple((int(o), int(n)) for o, n in item.get("offsetAndLengths") or ()),
    )


def _path_range(item: dict[str, Any]) -> tuple[int, int]:
    start = int(item["start"]["column"])
    return start, int(item["end"]["column"]) - start


def line_matches_from_chunks(chunks: Iterable[dict[str, Any]]) -> tuple[LineMatch, ...]:
    """`chunkMatches` as per-line matches, as Sourcegraph's own `ChunkMatch.AsLineMatches` does.

    Columns count characters and lines are 0-based; a range over several lines highlights each
    line's part of it. Lines without a highlighted range (context lines) are left out.
    """
    out: list[LineMatch] = []
    for chunk in chunks:
        first = int(chunk["contentStart"]["line"])
        ranges = [
            (
                int(r["start"]["line"]),
                int(r["start"]["column"]),
                int(r["end"]["line"]),
                int(r["end"]["column"]),
            )
            for r in chunk.get("ranges") or ()
        ]
        for index, text in enumerate(str(chunk["content"]).split("\n")):
            number = first + index
            pieces: list[tuple[int, int]] = []
            for start_line, start_column, end_line, end_column in ranges:
                if start_line <= number <= end_line:
                    start = start_column if number == start_line else 0
                    end = end_column if number == end_line else len(text)
                    if end > start:
                        pieces.append((start, end - start))
            if pieces:
                out.append(LineMatch(text, number, tuple(sorted(pieces))))
    return tuple(out)


def progress_from_json(item: dict[str, Any]) -> Progress:
    """A `progress` event as our Progress."""
    return Progress(
        match_count=int(item.get("matchCount") or 0),
        duration_ms=int(item.get("durationMs") or 0),
        repositories_count=int(item.get("repositoriesCount") or 0),
        skipped=tuple(_skipped(s) for s in item.get("skipped") or ()),
    )


def _skipped(item: dict[str, Any]) -> Skipped:
    severity: Literal["info", "warn"] = "warn" if item.get("severity") == "warn" else "info"
    suggested = item.get("suggested")
    return Skipped(
        reason=str(item["reason"]),
        title=str(item.get("title") or ""),
        message=str(item.get("message") or ""),
        severity=severity,
        suggested={str(k): str(v) for k, v in suggested.items()} if suggested else None,
    )
