"""Literal strings every match of a regular expression contains: a fast check before the regex.

The trigram index names documents holding all of a pattern's trigrams, but not next to each
other; `bytes.find` on the document then rules most of them out at memory speed, before RE2
runs. `required_literals` is conservative: it reads only a top-level concatenation of plain
characters, escaped punctuation and `\\xHH`, cuts a run at anything else (classes, groups,
anchors, `\\w`...), drops a character a `?`, `*` or `{0,...}` may remove, and gives up on
top-level alternation, inline flags or `\\Q...\\E`. Case-insensitive searches compare case-folded text
(`kit.search.trigrams.fold`), whose equivalences are RE2's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_HEX = re.compile(r"\\x([0-9A-Fa-f]{2})")
_CLASS_ESCAPES = set("wWdDsSbBAzpPQECx")
MIN_LENGTH = 3


def required_literals(pattern: str) -> list[str]:
    """Strings of at least 3 characters every match of RE2 `pattern` contains, longest first."""
    if "(?" in pattern or "\\Q" in pattern or _has_top_level_bar(pattern):
        return []
    runs: list[str] = []
    run: list[str] = []

    def cut() -> None:
        if len(run) >= MIN_LENGTH:
            runs.append("".join(run))
        run.clear()

    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            hex_escape = _HEX.match(pattern, i)
            if hex_escape is not None:
                run.append(chr(int(hex_escape.group(1), 16)))
                i = hex_escape.end()
            elif i + 1 < n and not pattern[i + 1].isalnum():
                run.append(pattern[i + 1])
                i += 2
            else:
                cut()  # \w, \d, \b, \pL, \Q...: not a plain character
                i += 2 if i + 1 < n and pattern[i + 1] not in "pP" else n
            continue
        if ch in "?*":
            if run:
                run.pop()  # the character before may be absent
            cut()
        elif ch == "{":
            close = pattern.find("}", i)
            if close < 0:
                return []
            if pattern[i + 1 : close].split(",")[0].strip() in ("", "0") and run:
                run.pop()
            cut()
            i = close + 1
            continue
        elif ch == "+":
            cut()
        elif ch == "[":
            cut()
            i = _class_end(pattern, i)
            if i < 0:
                return []
            continue
        elif ch in "()|^$.":
            if ch == "(":
                close = _group_end(pattern, i)
                if close < 0:
                    return []
                cut()
                i = close + 1  # a quantifier after the group cuts the next run: nothing to drop
                continue
            cut()
        else:
            run.append(ch)
        i += 1
    cut()
    return sorted(runs, key=len, reverse=True)


def _has_top_level_bar(pattern: str) -> bool:
    """True when `|` splits the whole pattern (or the pattern cannot be read)."""
    for _, ch, depth in _depths(pattern, 0):
        if ch == "|" and depth == 0:
            return True
        if ch == "":
            return True
    return False


def _depths(pattern: str, start: int) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of every character from `start` that is not
    escaped or inside a character class; (-1, "", depth) once when a class never closes."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            if i < 0:
                yield -1, "", depth
                return
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        yield i, ch, depth
        i += 1


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at `start`, or -1."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern.startswith("[:", i):
            close = pattern.find(":]", i + 2)
            if close > 0:
                i = close + 2
                continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return -1


def _group_end(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group opening at `start`, or -1."""
    for i, ch, depth in _depths(pattern, start):
        if ch == "":
            return -1
        if depth == 0:
            return i
    return -1
