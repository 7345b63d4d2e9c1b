"""The structure of one searched text for one language: strings, comments and delimiter groups.

A hole of the matcher moves over this layout: it never stops inside a string or comment, and it
stays within its group (a balanced pair of delimiters) or, outside all groups, before the next
unbalanced delimiter.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import accumulate
from typing import Any

from kit.search.structural_languages import Syntax


class TextLayout:
    """Offsets of the strings, comments and matched delimiter pairs in `text`."""

    def __init__(self, text: str, syntax: Syntax) -> None:
        self.text = text
        self.n = n = len(text)
        self.inside = inside = bytearray(n + 1)  # 1 = strictly inside a string or comment
        self.string_end: dict[int, int] = {}
        self.comment_end: dict[int, int] = {}
        pairs: list[tuple[int, int]] = []
        unmatched: list[int] = []
        stack: list[int] = []
        poisoned = 0  # frames below this depth enclose an unbalanced delimiter: they can't pair
        closing = syntax.openers
        for m in syntax.lexer.finditer(text):
            kind = m.lastgroup
            if kind == "open":
                stack.append(m.start())
            elif kind == "close":
                at = m.start()
                if not stack:
                    unmatched.append(at)
                    continue
                opener = stack.pop()
                if closing[text[opener]] == text[at] and len(stack) >= poisoned:
                    pairs.append((opener, at))
                else:
                    unmatched += (opener, at)
                    poisoned = len(stack)
                poisoned = min(poisoned, len(stack))
            else:
                start, end = m.span()
                (self.comment_end if kind == "comment" else self.string_end)[start] = end
                inside[start + 1 : end] = b"\x01" * (end - start - 1)
        self.blockers = sorted(unmatched + stack)  # outside every group, a hole stops at these

        # Matched groups by opener, each with its closer and its innermost enclosing group.
        pairs.sort()
        self.opens = [opener for opener, _ in pairs]
        self.closes = [closer for _, closer in pairs]
        self.parents: list[int] = []
        enclosing: list[int] = []
        for k, (opener, _) in enumerate(pairs):
            while enclosing and self.closes[enclosing[-1]] < opener:
                enclosing.pop()
            self.parents.append(enclosing[-1] if enclosing else -1)
            enclosing.append(k)
        self.group_end = {opener: closer + 1 for opener, closer in pairs}
        self.tokens = sorted({**self.string_end, **self.comment_end}.items())
        self.token_starts = [start for start, _ in self.tokens]

    @cached_property
    def jump(self) -> dict[int, int]:
        """Where a unit starting at an offset ends, for strings, comments and groups."""
        return {**self.string_end, **self.comment_end, **self.group_end}

    @cached_property
    def comment_start_by_end(self) -> dict[int, int]:
        """Comment start offsets by their end offsets."""
        return {end: start for start, end in self.comment_end.items()}

    def level(self, pos: int) -> int:
        """The innermost matched group around `pos` (1-based, by opener), or 0 outside all groups."""
        k = bisect_left(self.opens, pos) - 1
        while k >= 0 and self.closes[k] < pos:
            k = self.parents[k]
        return k + 1

    def bound(self, start: int, level: int | None = None) -> int:
        """How far an :[x] at `start` may reach: its group's closer or an unbalanced delimiter."""
        level = self.level(start) if level is None else level
        if level:
            return self.closes[level - 1]
        k = bisect_left(self.blockers, start)
        return self.blockers[k] if k < len(self.blockers) else self.n

    def region(self, pos: int) -> int:
        """Identifies the stretch an :[x] at `pos` can cover: its group, or its bound outside groups."""
        return self.level(pos) or -1 - self.bound(pos, 0)

    def next_region(self, pos: int) -> int:
        """The first offset after `pos` in another region: past a closer, opener or blocker."""
        level = self.level(pos)
        nexts = [self.closes[level - 1] + 1] if level else []
        for offsets in (self.opens, self.blockers):
            k = bisect_left(offsets, pos)
            if k < len(offsets):
                nexts.append(offsets[k] + 1)
        return min(nexts, default=self.n)

    def token_end(self, pos: int) -> int:
        """`pos`, or the end of the string or comment strictly containing it."""
        k = bisect_right(self.token_starts, pos) - 1
        return self.tokens[k][1] if k >= 0 and self.tokens[k][1] > pos else pos

    @cached_property
    def utf8(self) -> bytes:
        """The text as UTF-8, which RE2 searches."""
        return self.text.encode("utf-8", "surrogatepass")

    @cached_property
    def _byte_offsets(self) -> list[int] | None:
        """Byte offset of each character offset (and of the end); None for ASCII text."""
        if self.text.isascii():
            return None
        sizes = (1 if c < "\x80" else 2 if c < "\u0800" else 3 if c < "\U00010000" else 4
                 for c in self.text)  # fmt: skip
        return [0, *accumulate(sizes)]

    @cached_property
    def _char_offsets(self) -> dict[int, int]:
        return {b: c for c, b in enumerate(self._byte_offsets or ())}

    def regex_end(self, regex: Any, pos: int) -> int | None:
        """Where the RE2 bytes `regex`, anchored at character offset `pos`, ends; None if no match."""
        offsets = self._byte_offsets
        m = regex.match(self.utf8, offsets[pos] if offsets else pos)
        if m is None:
            return None
        return self._char_offsets[m.end()] if offsets else int(m.end())
