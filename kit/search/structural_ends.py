"""Where a lazy hole may end in a text: the candidates the matcher tries, shortest first.

Comby's `:[x]` consumes whole units (a string, a comment, a whitespace run, a balanced group, or
one character) and stays at its own nesting level; what follows it in the template narrows the
candidates to where that can begin.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kit.search.structural_languages import WHITESPACE, WS_RUN, Syntax
from kit.search.structural_layout import TextLayout
from kit.search.structural_pattern import Element, Literal, Space


class HoleEnds:
    """End candidates for holes over one text's layout."""

    def __init__(self, layout: TextLayout, syntax: Syntax) -> None:
        self.layout, self.syntax = layout, syntax
        self.text, self.n = layout.text, layout.n

    def everything(self, start: int, following: Sequence[Element]) -> Iterator[int]:
        """Ends of a lazy :[x] at its own nesting level, found from what follows it."""
        layout = self.layout
        level = layout.level(start)
        bound = layout.bound(start, level)
        yield start
        after, then = following[0], following[1] if len(following) > 1 else None
        if isinstance(after, Literal):
            candidates = self._literal_starts(start, bound, after.text, after.skip_comments)
        elif isinstance(after, Space) and isinstance(then, Literal):
            candidates = self._space_before_literal(start, bound, then.text)
        elif isinstance(after, Space):
            candidates = self._space_starts(start, bound)
        else:
            candidates = self._unit_ends(start, bound)
        inside = layout.inside
        for end in candidates:
            if start < end <= bound and not inside[end] and layout.level(end) == level:
                yield end

    def _literal_starts(
        self, start: int, bound: int, word: str, skip_comments: bool
    ) -> Iterator[int]:
        """Offsets in (start, bound] where `word` matches, with any comments Comby skips before it."""
        text, starts = self.text, self.layout.comment_start_by_end
        if word[0] in self.syntax.closers:  # a closer at this level can only be the bound
            if text.startswith(word, bound):
                yield bound
            return
        at = text.find(word, start + 1, bound + len(word))
        while at != -1:
            if skip_comments and starts:
                chain, before = [], at
                while starts.get(before, start) > start:
                    before = starts[before]
                    chain.append(before)
                yield from reversed(chain)
            yield at
            at = text.find(word, at + 1, bound + len(word))

    def _space_before_literal(self, start: int, bound: int, word: str) -> Iterator[int]:
        """Starts of the whitespace (and comments) running up to each place `word` matches.

        Template whitespace takes all of a run, so only the start of the run before the literal
        can be where the hole ends.
        """
        text, inside, starts = self.text, self.layout.inside, self.layout.comment_start_by_end
        for at in self._literal_starts(start, bound, word, skip_comments=False):
            run = at
            while True:
                if run > start and text[run - 1] in WHITESPACE and not inside[run - 1]:
                    run -= 1
                elif starts and starts.get(run, start) > start:
                    run = starts[run]
                else:
                    break
            if run < at:
                yield run

    def _space_starts(self, start: int, bound: int) -> Iterator[int]:
        """Where each run of whitespace and comments in (start, bound] begins."""
        pos = start + 1
        while m := self.syntax.space_re.search(self.text, pos, bound + 1):
            if self.layout.inside[m.start()]:  # e.g. blanks in a string, or trailing a comment
                pos = self.layout.token_end(m.start())
            else:
                yield m.start()
                pos = m.end()

    def _unit_ends(self, start: int, bound: int) -> Iterator[int]:
        """Every end between units (chars, space runs, strings, comments, groups) up to `bound`."""
        pos, jump = start, self.layout.jump
        while pos < bound:
            unit_end = jump.get(pos)
            if unit_end is not None:
                pos = unit_end
            elif self.text[pos] in WHITESPACE:
                pos = WS_RUN.match(self.text, pos).end()  # type: ignore[union-attr]
            else:
                pos += 1
            yield min(pos, bound)

    def expression(self, start: int) -> list[int]:
        """Ends of an :[x:e]: non-space characters, strings and balanced groups, no gaps."""
        text, syntax, layout = self.text, self.syntax, self.layout
        ends, pos = [], start
        while pos < self.n:
            unit_end = layout.string_end.get(pos) or layout.group_end.get(pos)
            if unit_end:
                pos = unit_end
            elif (
                text[pos] in WHITESPACE
                or text[pos] in syntax.openers
                or text[pos] in syntax.closers
                or text[pos] in syntax.quotes
                or pos in layout.comment_end
            ):
                break
            else:
                pos += 1
            ends.append(pos)
        return ends

    def in_string(self, start: int, quote: str, escapable: bool) -> Iterator[int]:
        """Ends of an :[x] inside a string literal: it never passes the closing quote."""
        text, pos = self.text, start
        yield pos
        while pos < self.n and not text.startswith(quote, pos):
            if escapable and text[pos] == "\n":
                return
            escaped = escapable and text[pos] == "\\" and text[pos + 1 : pos + 2] not in ("", "\n")
            pos += 2 if escaped else 1
            yield pos
