"""Parse a Comby template into literals, whitespace and holes for one language's syntax.

Holes (Comby's default metasyntax):
    :[x] ...  :[_]   lazy, any text, within its group (see structural_match)
    :[[x]]           one or more [A-Za-z0-9_]
    :[x.]            one or more non-space characters that are not delimiters, quotes or comments
    :[x:e]           an expression: non-space characters and balanced groups
    :[ x]            spaces and tabs
    :[x\\n]           everything up to and including the next newline
    :[x~re] :[~re]   an RE2 regular expression (Sourcegraph's dialect; Comby itself uses PCRE)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any

from kit.errors import QuerySyntaxError
from kit.search.regex import compile_re2
from kit.search.structural_languages import WHITESPACE, WS_RUN, Syntax

ANONYMOUS = "_"
_HOLE = re.compile(
    r":\[(?:\[(?P<alphanum>\w+)\]\]| (?P<blank>\w*)\]|(?P<name>\w+)(?P<suffix>\\n|\.|:e)?\])",
    re.ASCII,
)
_REGEX_HOLE = re.compile(r":\[(?P<name>\w*)~", re.ASCII)


class HoleKind(Enum):
    """The hole forms, named by their template syntax."""

    EVERYTHING = ":[x]"
    EXPRESSION = ":[x:e]"
    ALPHANUM = ":[[x]]"
    NON_SPACE = ":[x.]"
    LINE = ":[x\\n]"
    BLANK = ":[ x]"
    REGEX = ":[x~re]"


_SUFFIX_KIND = {
    None: HoleKind.EVERYTHING,
    ":e": HoleKind.EXPRESSION,
    ".": HoleKind.NON_SPACE,
    "\\n": HoleKind.LINE,
}


@dataclass(frozen=True)
class Literal:
    """Text matched as written. `depth`: template nesting at its start; `low`: lowest inside it."""

    text: str
    skip_comments: bool  # Comby lets comments precede a literal token, but not a delimiter
    depth: int = 0
    low: int = 0


@dataclass(frozen=True)
class Space:
    """Template whitespace: one or more whitespace characters (and, in code, comments)."""

    code: bool
    depth: int = 0


@dataclass(frozen=True)
class Hole:
    """A hole. `regex` is the RE2 source of a `:[x~re]`, `compiled` its UTF-8 bytes regex."""

    kind: HoleKind
    name: str
    regex: str | None = None
    compiled: Any = field(default=None, compare=False, repr=False)
    closing_quote: str | None = None  # an :[x] inside a string literal of the template
    escapable: bool = True  # ... and whether that string has backslash escapes
    greedy: bool = False  # last in the template: Comby extends it as far as it can
    depth: int = 0


Element = Literal | Space | Hole


@dataclass(frozen=True)
class Template:
    """A structural template parsed for one language's strings, comments and delimiters."""

    source: str
    syntax: Syntax
    elements: tuple[Element, ...]

    @cached_property
    def holes(self) -> tuple[str, ...]:
        """Names of the named holes, in order of first appearance (`_` excluded)."""
        names = (e.name for e in self.elements if isinstance(e, Hole) and e.name != ANONYMOUS)
        return tuple(dict.fromkeys(names))

    @cached_property
    def literals(self) -> tuple[str, ...]:
        """Literal fragments every match contains verbatim, in template order."""
        return tuple(e.text for e in self.elements if isinstance(e, Literal))

    @cached_property
    def group_stops(self) -> tuple[int, ...]:
        """For each element, the index just past the element closing its template group.

        Comby decides where a lazy hole ends by looking ahead only to the end of its group."""
        lows = [e.low if isinstance(e, Literal) else e.depth for e in self.elements]
        ends = range(1, len(lows) + 1)
        return tuple(
            next((j for j in ends[i + 1 :] if lows[j - 1] < e.depth), len(lows))
            for i, e in enumerate(self.elements)
        )

    @cached_property
    def repeated_later(self) -> frozenset[int]:
        """Indexes of named holes whose name occurs again later in the template."""
        seen: set[str] = set()
        repeated = set()
        for i in range(len(self.elements) - 1, -1, -1):
            element = self.elements[i]
            if isinstance(element, Hole) and element.name != ANONYMOUS:
                if element.name in seen:
                    repeated.add(i)
                seen.add(element.name)
        return frozenset(repeated)


@lru_cache(maxsize=256)
def parse_template(source: str, syntax: Syntax) -> Template:
    """Parse a template for `syntax`.

    Raises QuerySyntaxError for an empty template, unbalanced delimiters or a bad hole regex.
    """
    if not source.strip(WHITESPACE):
        raise QuerySyntaxError(
            "structural search template is empty: write the code to match, with holes like :[x]"
        )
    elements = _Parser(source, syntax).parse()
    last = elements[-1]
    if isinstance(last, Hole) and last.kind in (
        HoleKind.EVERYTHING,
        HoleKind.NON_SPACE,
        HoleKind.EXPRESSION,
    ):
        elements[-1] = replace(last, greedy=True)
    return Template(source, syntax, tuple(elements))


class _Parser:
    """One pass over a template: literal tokens, whitespace, holes, strings and delimiters."""

    def __init__(self, source: str, syntax: Syntax) -> None:
        self.source, self.syntax = source, syntax
        self.elements: list[Element] = []
        self.word: list[str] = []  # the literal token being read
        self.stack: list[tuple[str, int]] = []

    def add(self, *new: Element) -> None:
        if self.word:
            depth = len(self.stack)
            self.elements.append(Literal("".join(self.word), True, depth, depth))
            self.word.clear()
        for element in new:
            previous = self.elements[-1] if self.elements else None
            if not (isinstance(element, Space) and isinstance(previous, Space)):
                self.elements.append(element)

    def parse(self) -> list[Element]:
        source, syntax, n = self.source, self.syntax, len(self.source)
        i = 0
        while i < n:
            char, depth = source[i], len(self.stack)
            hole = _parse_hole(source, i, n, depth)
            comment = syntax.comment_re.match(source, i) if syntax.comment_re else None
            string = syntax.match_string(source, i, n)
            if hole:
                self.add(hole[0])
                i = hole[1]
            elif comment or char in WHITESPACE:
                self.add(Space(code=True, depth=depth))
                i = comment.end() if comment else i + 1
            elif string:
                left, right, escapable, end = string
                self.add(Literal(left, True, depth, depth))
                body = _string_body(
                    source, i + len(left), end - len(right), right, escapable, depth
                )
                self.add(*body)
                self.add(Literal(right, False, depth, depth))
                i = end
            elif char in syntax.openers:
                self.add()  # the word before belongs outside the group
                self.stack.append((char, i))
                self.add(Literal(char, False, depth, depth))
                i += 1
            elif char in syntax.closers:
                self.add()
                self._close(i)
                self.add(Literal(char, False, depth, depth - 1))
                i += 1
            else:
                self.word.append(char)
                i += 1
        self.add()
        if self.stack:
            opener, at = self.stack[-1]
            raise QuerySyntaxError(
                f"unbalanced {opener!r} at offset {at} in structural template {source!r}: "
                f"add the matching {syntax.openers[opener]!r}"
            )
        return _merge_literals(self.elements, syntax)

    def _close(self, at: int) -> None:
        source, syntax, closer = self.source, self.syntax, self.source[at]
        if not self.stack:
            raise QuerySyntaxError(
                f"unbalanced {closer!r} at offset {at} in structural template {source!r}: "
                f"it closes nothing; remove it or add a {syntax.closers[closer]!r} before it"
            )
        opener, opened_at = self.stack.pop()
        if syntax.openers[opener] != closer:
            raise QuerySyntaxError(
                f"mismatched {closer!r} at offset {at} in structural template {source!r}: "
                f"the {opener!r} at offset {opened_at} needs {syntax.openers[opener]!r}"
            )


def _string_body(
    source: str, start: int, stop: int, quote: str, escapable: bool, depth: int
) -> Iterator[Element]:
    """Elements of a string literal in the template: holes there stay inside the string."""
    i = start
    while i < stop:
        hole = _parse_hole(source, i, stop, depth, quote, escapable)
        if hole:
            yield hole[0]
            i = hole[1]
        elif source[i] in WHITESPACE:
            yield Space(code=False, depth=depth)
            i = WS_RUN.match(source, i, stop).end()  # type: ignore[union-attr]
        else:
            yield Literal(source[i], False, depth, depth)
            i += 1


def _parse_hole(
    source: str, i: int, stop: int, depth: int, quote: str | None = None, escapable: bool = True
) -> tuple[Hole, int] | None:
    """The hole starting at `i`, and where it ends; None if there is none."""
    in_string = {"closing_quote": quote, "escapable": escapable, "depth": depth}
    if source.startswith("...", i, stop):
        return Hole(HoleKind.EVERYTHING, ANONYMOUS, **in_string), i + 3  # type: ignore[arg-type]
    regex = _REGEX_HOLE.match(source, i, stop)
    if regex:
        end = _regex_end(source, i, regex.end(), stop)
        pattern = source[regex.end() : end]
        compiled = _compile_hole_regex(pattern, source[i : end + 1])
        name = regex["name"] or ANONYMOUS
        return Hole(HoleKind.REGEX, name, pattern, compiled, depth=depth), end + 1
    m = _HOLE.match(source, i, stop)
    if not m:
        return None
    if m["alphanum"] is not None:
        return Hole(HoleKind.ALPHANUM, m["alphanum"], depth=depth), m.end()
    if m["blank"] is not None:
        return Hole(HoleKind.BLANK, m["blank"] or ANONYMOUS, depth=depth), m.end()
    kind = _SUFFIX_KIND[m["suffix"]]
    return Hole(kind, m["name"], **in_string), m.end()  # type: ignore[arg-type]


def _compile_hole_regex(pattern: str, hole: str) -> Any:
    """The hole's RE2 regex over UTF-8 bytes; `^` and `$` match at line boundaries."""
    try:
        compile_re2(pattern, case_sensitive=True)
    except QuerySyntaxError as exc:
        detail = exc.message.split(": ", 1)[-1]
        raise QuerySyntaxError(
            f"invalid regular expression in hole {hole!r} of structural template: {detail}"
        ) from None
    return compile_re2(f"(?m:{pattern})".encode("utf-8", "surrogatepass"), case_sensitive=True)


def _regex_end(source: str, hole: int, start: int, stop: int) -> int:
    """Offset of the `]` closing the regex hole at `hole`, whose pattern starts at `start`."""
    depth, k = 0, start
    while k < stop:
        char = source[k]
        if char == "\\":
            k += 2
            continue
        if char == "]" and depth == 0:
            break
        depth += {"[": 1, "]": -1}.get(char, 0)
        k += 1
    else:
        raise QuerySyntaxError(
            f"unterminated regular expression hole at offset {hole} in structural template "
            f"{source!r}: close it with ']'"
        )
    if k == start:
        raise QuerySyntaxError(
            f"empty regular expression in hole {source[hole : k + 1]!r} of structural template: "
            "write a pattern after '~'"
        )
    return k


def _merge_literals(elements: list[Element], syntax: Syntax) -> list[Element]:
    """Join adjacent literals, except where a comment may come between them in the code."""
    merged: list[Element] = []
    for element in elements:
        previous = merged[-1] if merged else None
        if (
            isinstance(element, Literal)
            and isinstance(previous, Literal)
            and not (element.skip_comments and syntax.comments)
        ):
            text = previous.text + element.text
            low = min(previous.low, element.low)
            merged[-1] = Literal(text, previous.skip_comments, previous.depth, low)
        else:
            merged.append(element)
    return merged
