"""Match a parsed template against one text the way Comby does, as Sourcegraph runs it.

Scanning goes left to right; no match starts inside a string or comment; after a match scanning
resumes at its end (one further if it was empty), so matches never overlap. Each lazy hole takes
the shortest text after which the rest of its group matches, and keeps it: a repeated name that
then disagrees fails the match (Comby does not backtrack). Sourcegraph runs Comby with
`-match-newline-at-toplevel`, so holes span newlines outside groups too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kit.search.structural_ends import HoleEnds
from kit.search.structural_languages import WS_RUN
from kit.search.structural_layout import TextLayout
from kit.search.structural_pattern import ANONYMOUS, Hole, HoleKind, Literal, Space, Template
from kit.search.structural_prefilter import start_prefix

_POSSESSIVE = {
    HoleKind.ALPHANUM: re.compile(r"[A-Za-z0-9_]+"),
    HoleKind.BLANK: re.compile(r"[ \t]+"),
    HoleKind.LINE: re.compile(r"[^\n]*\n"),
}
_Span = tuple[int, int]
_Env = dict[str, _Span]
# Bindings are kept as spans while matching: slices of a large text would cost memory and time.
_Result = tuple[int, tuple[tuple[str, _Span], ...]]


@dataclass(frozen=True)
class StructuralMatch:
    """One match: offsets `[start, end)` into the searched text and what each named hole bound."""

    start: int
    end: int
    environment: tuple[tuple[str, str], ...] = ()

    @property
    def bindings(self) -> dict[str, str]:
        """The environment as a dict from hole name to matched text."""
        return dict(self.environment)


def match_template(template: Template, text: str) -> list[StructuralMatch]:
    """All non-overlapping matches of `template` in `text`, left to right."""
    if not all(literal in text for literal in template.literals):
        return []
    return _Search(template, TextLayout(text, template.syntax)).run()


class _Search:
    """One template over one text's layout."""

    def __init__(self, template: Template, layout: TextLayout) -> None:
        self.template, self.layout = template, layout
        self.elements = template.elements
        self.syntax = template.syntax
        self.text, self.n = layout.text, layout.n
        self.check_equality = bool(template.repeated_later)
        self.memo: dict[int, _Result | None] = {}
        self.lookahead_memo: dict[tuple[int, int, int], _Result | None] = {}
        self.failed_regions: set[int] = set()
        self.prefix = start_prefix(self.elements, self.syntax.comment_pattern)
        self.hole_ends = HoleEnds(layout, self.syntax)

    def run(self) -> list[StructuralMatch]:
        """All non-overlapping matches, left to right."""
        matches: list[StructuralMatch] = []
        first = self.elements[0]
        # A scout pays off where it fails fast; after a leading :[x] it mostly succeeds.
        leading_hole = isinstance(first, Hole) and first.kind is HoleKind.EVERYTHING
        scout = self._without_equality() if self.check_equality and not leading_hole else self
        pos = 0
        while pos < self.n:
            start = scout._next_start(pos)
            if start is None:
                break
            result = scout._match(0, start, {})
            if result is None:
                pos = scout._after_failure(start)
                continue
            if scout is not self:
                result = self._match(0, start, {})
                if result is None:
                    pos = start + 1
                    continue
            end, bindings = result
            environment = {name: self.text[a:b] for name, (a, b) in bindings}
            matches.append(StructuralMatch(start, end, tuple(environment.items())))
            pos = end if end > start else start + 1
        return matches

    def _without_equality(self) -> _Search:
        """This search with repeated names unconstrained: fast, and where it fails, so does this."""
        scout = copy.copy(self)
        scout.check_equality, scout.memo, scout.failed_regions = False, {}, set()
        scout.lookahead_memo = {}
        return scout

    def _next_start(self, pos: int) -> int | None:
        """The first offset from `pos` where a match may start: outside strings and comments."""
        layout, prefix, floor = self.layout, self.prefix, pos
        while pos < self.n:
            if prefix:
                m = prefix.search(self.text, pos)
                if m is None:
                    return None
                pos = m.start()
            if layout.inside[pos]:
                pos = layout.token_end(pos)
            elif layout.region(pos) in self.failed_regions:
                pos = layout.next_region(pos)
            else:
                return self._comments_before(pos, floor) if prefix else pos
        return None

    def _comments_before(self, pos: int, floor: int) -> int:
        """Where a match whose first literal is at `pos` starts: before comments right ahead of it."""
        first, starts = self.elements[0], self.layout.comment_start_by_end
        if isinstance(first, Literal) and first.skip_comments and starts:
            while starts.get(pos, -1) >= floor:
                pos = starts[pos]
        return pos

    def _after_failure(self, start: int) -> int:
        """Where to look next after no match starts at `start`, skipping starts that can't do better."""
        first = self.elements[0]
        if not isinstance(first, Hole) or self.check_equality:
            return start + 1
        following = self.elements[1] if len(self.elements) > 1 else None
        if first.kind is HoleKind.EVERYTHING and isinstance(following, Literal | Space):
            # A later start in the same region sees a subset of the same ends, and what follows
            # can't begin inside a space run where an earlier end could not: it fails too.
            self.failed_regions.add(self.layout.region(start))
            return self.layout.next_region(start)
        if first.kind is HoleKind.NON_SPACE:
            m = self.syntax.non_space_re.match(self.text, start)
            return max(m.end() if m else 0, start + 1)
        return start + 1

    def _differs(self, env: _Env, name: str, span: _Span) -> bool:
        """Whether `name` is bound in `env` to other text than `span` covers."""
        other = env.get(name, span)
        if other == span:
            return False
        if other[1] - other[0] != span[1] - span[0]:
            return True
        return self.text[other[0] : other[1]] != self.text[span[0] : span[1]]

    def _match(self, i: int, pos: int, env: _Env, stop: int = -1) -> _Result | None:
        """Match elements[i:stop] (to the end if -1) at `pos`: the end offset and bindings, or None."""
        text, elements = self.text, self.elements
        stop = len(elements) if stop < 0 else stop
        bound: list[tuple[str, _Span]] = []
        while i < stop:
            element = elements[i]
            if isinstance(element, Literal):
                if element.skip_comments and self.syntax.skip_comments_re:
                    pos = self.syntax.skip_comments_re.match(text, pos).end()  # type: ignore[union-attr]
                if not text.startswith(element.text, pos):
                    return None
                pos += len(element.text)
            elif isinstance(element, Space):
                m = (self.syntax.space_re if element.code else WS_RUN).match(text, pos)
                if m is None:
                    return None
                pos = m.end()
            else:
                ends = self._ends(i, element, pos)
                if not isinstance(ends, tuple):  # lazy: the first end the rest accepts
                    rest = self._branch(i, element, pos, ends, env, stop)
                    return None if rest is None else (rest[0], (*bound, *rest[1]))
                if not ends:
                    return None
                value = (pos, ends[0])
                if element.name != ANONYMOUS:
                    if self.check_equality:
                        if self._differs(env, element.name, value):
                            return None
                        env = {**env, element.name: value}
                    bound.append((element.name, value))
                pos = ends[0]
            i += 1
        return pos, tuple(bound)

    def _branch(
        self, i: int, hole: Hole, pos: int, ends: Iterable[int], env: _Env, stop: int
    ) -> _Result | None:
        """Match a lazy hole and elements[i + 1:stop]: the hole ends where its group's rest
        first matches, and is committed there (Comby's lookahead, no backtracking)."""
        full = stop == len(self.elements)
        key = i * (self.n + 1) + pos
        if full and not self.check_equality and key in self.memo:
            return self.memo[key]
        named, result = hole.name != ANONYMOUS, None
        for end in ends:
            value = (pos, end)
            if not self.check_equality:
                rest = self._match(i + 1, end, env, stop)
            else:
                group_stop = min(self.template.group_stops[i], stop)
                if env:
                    ahead = self._match(i + 1, end, env, group_stop)
                else:  # nothing bound yet: the lookahead is the same from every start
                    ahead_key = (i, end, group_stop)
                    if ahead_key not in self.lookahead_memo:
                        self.lookahead_memo[ahead_key] = self._match(i + 1, end, env, group_stop)
                    ahead = self.lookahead_memo[ahead_key]
                if ahead is None:
                    continue
                if named and self._differs(env, hole.name, value):
                    break
                if group_stop == stop and i not in self.template.repeated_later:
                    rest = ahead  # the binding constrains nothing after it
                else:
                    new_env = {**env, hole.name: value} if named else env
                    rest = self._match(i + 1, end, new_env, stop)
                if rest is None:
                    break
            if rest is not None:
                result = (rest[0], ((hole.name, value), *rest[1]) if named else rest[1])
                break
        if full and not self.check_equality:
            self.memo[key] = result
        return result

    def _ends(self, i: int, hole: Hole, start: int) -> tuple[int, ...] | Iterator[int]:
        """Where the hole at elements[i] may end: a tuple if it has one choice, else lazily, in order."""
        text = self.text
        if hole.kind is HoleKind.REGEX:
            end = self.layout.regex_end(hole.compiled, start)
            return () if end is None else (end,)
        possessive = _POSSESSIVE.get(hole.kind)
        if possessive is not None:
            m = possessive.match(text, start)
            return (m.end(),) if m else ()
        if hole.kind is HoleKind.NON_SPACE:
            m = self.syntax.non_space_re.match(text, start)
            if m is None:
                return ()
            return (m.end(),) if hole.greedy else iter(range(start + 1, m.end() + 1))
        if hole.kind is HoleKind.EXPRESSION:
            ends = self.hole_ends.expression(start)
            return tuple(ends[-1:]) if hole.greedy else iter(ends)
        if hole.closing_quote is not None:
            return self.hole_ends.in_string(start, hole.closing_quote, hole.escapable)
        if hole.greedy:
            return (self.layout.bound(start),)
        return self.hole_ends.everything(start, self.elements[i + 1 : i + 3])
