"""Turn byte ranges matched in a UTF-8 document into Sourcegraph's line matches.

The engine searches document bytes; Sourcegraph reports each matching line with its 0-based
number and the matched ranges as (offset, length) in characters of that line. Only reported
lines are decoded, so a search costs no more than the lines it shows.
"""

from __future__ import annotations

from kit.search.results import LineMatch

ByteRanges = list[tuple[int, int]]


def find_all(regex: object, data: bytes | str) -> ByteRanges:
    """(start, end) of every non-empty match of `regex` in `data` (bytes, or a str path)."""
    return [(m.start(), m.end()) for m in regex.finditer(data) if m.end() > m.start()]  # type: ignore[attr-defined]


def merge(ranges: ByteRanges) -> list[tuple[int, int]]:
    """Sort (start, end) ranges and merge overlapping ones; return (start, length) pairs.
    Touching ranges stay apart, as Sourcegraph keeps adjacent matches apart."""
    merged: ByteRanges = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [(start, end - start) for start, end in merged]


def line_matches(data: bytes, ranges: ByteRanges) -> tuple[LineMatch, ...]:
    """Group byte `ranges` of `data` by line; a match running past its line is cut at the end."""
    by_line: dict[int, tuple[int, int, ByteRanges]] = {}
    line_number, counted_to = 0, 0
    for start, end in sorted(ranges):
        line_start = data.rfind(b"\n", 0, start) + 1
        if line_start not in by_line:
            line_number += data.count(b"\n", counted_to, line_start)
            counted_to = line_start
            line_end = data.find(b"\n", start)
            by_line[line_start] = (line_number, len(data) if line_end < 0 else line_end, [])
        _, line_end, found = by_line[line_start]
        found.append((start - line_start, min(end, line_end) - line_start))
    out: list[LineMatch] = []
    for line_start, (number, line_end, found) in by_line.items():
        raw = data[line_start:line_end]
        merged = [(s, n) for s, n in merge(found) if n > 0]
        if not merged:
            continue
        if not raw.isascii():
            merged = [_characters(raw, s, n) for s, n in merged]
        text = raw.decode("utf-8")
        out.append(
            LineMatch(line=text.rstrip("\r"), line_number=number, offset_and_lengths=tuple(merged))
        )
    return tuple(out)


def _characters(raw: bytes, start: int, length: int) -> tuple[int, int]:
    """A (start, length) byte range of one line in characters (matches end on characters)."""
    offset = len(raw[:start].decode("utf-8"))
    return offset, len(raw[start : start + length].decode("utf-8"))
