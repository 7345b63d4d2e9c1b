"""Unified diffs: parsed from `git log -p`, and shown as Sourcegraph's diff preview.

A diff match's preview is built like gitserver's `FormatDiff` (Sourcegraph
`internal/gitserver/search/diff_format.go`): for each file, a header line `old new` (paths without
`a/`/`b/`, `/dev/null` for an added or deleted side, spaces escaped as `\\ `), then its hunks, each
headed `@@ -start,count +start,count @@ section` (the space after `@@` is always written) and
followed by its lines with their `+`, `-` or space prefix. Only the interesting part is kept:

- with highlights, only files and hunks that have some; without, every file and hunk;
- in a hunk, only changed lines that matched (every changed line if the hunk had no highlight),
  one line of context around each, at most 7 lines; further matches become `... +N` in the
  section, and a gap splits the hunk in two with recomputed start lines and counts;
- at most 5 files and 3 hunks per file.

Highlights are (start, end) character columns: on a file's old and new names, and on each hunk
line *without* its prefix (Sourcegraph matches the changed text, not the `+`/`-`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

MAX_FILES = 5
MAX_HUNKS_PER_FILE = 3
MAX_LINES_PER_HUNK = 5
CONTEXT_LINES = 1

Span = tuple[int, int]
"""A highlight: start and end character columns, end exclusive."""
Highlight = tuple[int, int, int]
"""A highlight in a preview: 0-based line, character column and length."""


@dataclass(frozen=True)
class Hunk:
    """One `@@` hunk: where it starts on each side, its section heading and its prefixed lines."""

    orig_start: int
    orig_lines: int
    new_start: int
    new_lines: int
    section: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class FileDiff:
    """What a commit did to one file; a name is `/dev/null` when that side does not exist."""

    orig_name: str
    new_name: str
    hunks: tuple[Hunk, ...]

    @cached_property
    def changed_text(self) -> str:
        """Every added and removed line without its prefix, one per line: a pattern that
        matches none of them (searched with `^`/`$` at line ends) matches no single one."""
        return "\n".join(
            line[1:] for hunk in self.hunks for line in hunk.lines if line[:1] in ("+", "-")
        )


@dataclass(frozen=True)
class FileHighlights:
    """Highlights in one file's diff: on its names, and per hunk on line indexes."""

    orig_name: tuple[Span, ...] = ()
    new_name: tuple[Span, ...] = ()
    lines: dict[int, dict[int, tuple[Span, ...]]] = field(default_factory=dict)


_HUNK_HEADER = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)")


def parse_patch(text: str) -> tuple[FileDiff, ...]:
    """Parse `git diff --no-prefix` output into file diffs, in order."""
    files: list[FileDiff] = []
    for chunk in re.split(r"^(?=diff --git )", text, flags=re.MULTILINE):
        if chunk.startswith("diff --git "):
            files.append(_parse_file(chunk.split("\n")))
    return tuple(files)


def _parse_file(lines: list[str]) -> FileDiff:
    first = lines[0].removeprefix("diff --git ")
    half = len(first) // 2  # `diff --git x x` names the file twice when ---/+++ are missing
    orig, new = first[:half], first[half + 1 :]
    hunks: list[Hunk] = []
    current: tuple[int, int, int, int, str] | None = None
    body: list[str] = []
    for line in lines[1:]:
        if current is None and line.startswith("--- "):
            orig = _name(line[4:])
        elif current is None and line.startswith("+++ "):
            new = _name(line[4:])
        elif match := _HUNK_HEADER.match(line):
            if current is not None:
                hunks.append(Hunk(*current, lines=tuple(body)))
            counts = (match[2], match[4])
            current = (
                int(match[1]),
                1 if counts[0] is None else int(counts[0]),
                int(match[3]),
                1 if counts[1] is None else int(counts[1]),
                match[5],
            )
            body = []
        elif current is not None and line:
            body.append(line)
    if current is not None:
        hunks.append(Hunk(*current, lines=tuple(body)))
    return FileDiff(orig_name=orig, new_name=new, hunks=tuple(hunks))


def _name(value: str) -> str:
    return value.split("\t", 1)[0]


def format_preview(
    files: list[tuple[FileDiff, FileHighlights | None]],
) -> tuple[str, tuple[Highlight, ...]]:
    """Sourcegraph's diff preview of `files` (each with its highlights, if any) and where the
    highlights fall in it. Every file given is shown, up to the file limit."""
    out: list[str] = []
    ranges: list[Highlight] = []
    for diff, marks in files[:MAX_FILES]:
        marks = marks or FileHighlights()
        orig, new = _escaped(diff.orig_name), _escaped(diff.new_name)
        line = len(out)
        ranges.extend((line, start, end - start) for start, end in marks.orig_name)
        ranges.extend((line, len(orig) + 1 + start, end - start) for start, end in marks.new_name)
        out.append(f"{orig} {new}")
        shown = _split_hunks(diff.hunks, marks.lines)
        if any(spans for _, spans in shown):
            shown = [(hunk, spans) for hunk, spans in shown if spans]
        for hunk, spans in shown[:MAX_HUNKS_PER_FILE]:
            out.append(
                f"@@ -{hunk.orig_start},{hunk.orig_lines} +{hunk.new_start},{hunk.new_lines} @@ "
                f"{hunk.section}"
            )
            for index, text in enumerate(hunk.lines):
                ranges.extend(
                    (len(out), 1 + start, end - start) for start, end in spans.get(index, ())
                )
                out.append(text)
    return "".join(f"{line}\n" for line in out), tuple(ranges)


def _escaped(name: str) -> str:
    return name.replace(" ", "\\ ")


def _split_hunks(
    hunks: tuple[Hunk, ...], marks: dict[int, dict[int, tuple[Span, ...]]]
) -> list[tuple[Hunk, dict[int, tuple[Span, ...]]]]:
    """Cut each hunk down to its matching changed lines and their context (`splitHunkMatches`)."""
    return [
        piece for index, hunk in enumerate(hunks) for piece in _split(hunk, marks.get(index, {}))
    ]


@dataclass
class _Piece:
    """A part of a hunk being cut out for the preview, with its highlights by line index."""

    orig_start: int
    new_start: int
    lines: list[str] = field(default_factory=list)
    marks: dict[int, tuple[Span, ...]] = field(default_factory=dict)
    orig_lines: int = 0
    new_lines: int = 0
    extra: int = 0
    """Matching lines left out past the line limit."""

    def done(self, section: str) -> tuple[Hunk, dict[int, tuple[Span, ...]]]:
        if self.extra:
            section = f"{section} ... +{self.extra}" if section else f"... +{self.extra}"
        lines = tuple(self.lines)
        hunk = Hunk(
            self.orig_start, self.orig_lines, self.new_start, self.new_lines, section, lines
        )
        return hunk, self.marks


def _split(
    hunk: Hunk, line_marks: dict[int, tuple[Span, ...]]
) -> list[tuple[Hunk, dict[int, tuple[Span, ...]]]]:
    limit = CONTEXT_LINES * 2 + MAX_LINES_PER_HUNK
    keep = _kept_lines(hunk.lines, line_marks)
    out: list[tuple[Hunk, dict[int, tuple[Span, ...]]]] = []
    piece: _Piece | None = None
    orig_offset = new_offset = 0
    for number, text in enumerate(hunk.lines):
        added, removed = text.startswith("+"), text.startswith("-")
        if keep[number]:
            if piece is None:
                piece = _Piece(hunk.orig_start + orig_offset, hunk.new_start + new_offset)
            if len(piece.lines) == limit:
                piece.extra += (added or removed) and (number in line_marks or not line_marks)
                continue  # Sourcegraph skips the offsets below here too, and so do we
            piece.orig_lines += not added
            piece.new_lines += not removed
            if line_marks.get(number):
                piece.marks[len(piece.lines)] = line_marks[number]
            piece.lines.append(text)
        elif piece is not None:
            out.append(piece.done(hunk.section))
            piece = None
        orig_offset += not added
        new_offset += not removed
    if piece is not None:
        out.append(piece.done(hunk.section))
    return out


def _kept_lines(lines: tuple[str, ...], marks: dict[int, tuple[Span, ...]]) -> list[bool]:
    """Which lines a preview keeps: matching changed lines and one line either side of them."""
    keep = [False] * len(lines)
    for number, text in enumerate(lines):
        changed = text.startswith(("+", "-"))
        if changed and (number in marks or not marks):
            for near in range(number - CONTEXT_LINES, number + CONTEXT_LINES + 1):
                if 0 <= near < len(lines):
                    keep[near] = True
    return keep
