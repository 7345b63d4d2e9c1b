"""Comby-style structural matching, as Sourcegraph's `patterntype:structural` runs it.

template = parse_template("fmt.Sprintf(:[format], :[args])", "Go")
matches = find_matches(template, source)       # non-overlapping, left to right

Holes (Comby's default metasyntax):
    :[x] ...  :[_]   lazy, any text; never crosses an unbalanced ( ) [ ] { } and keeps strings and
                     comments whole. Last in the template, it extends as far as it can (Comby).
    :[[x]]           one or more [A-Za-z0-9_], possessive
    :[x.]            lazy, one or more non-space chars that are not delimiters, quotes or comment starts
    :[x:e]           lazy, an expression: non-space chars and balanced groups
    :[ x]            spaces and tabs, possessive
    :[x\\n]           everything up to and including the next newline
    :[x~re] :[~re]   a Python regular expression, possessive (Comby: PCRE)
A name used twice must bind equal text. Whitespace in the template matches one or more whitespace
characters (or comments) in the code; where the template has none, the code must have none.
Holes span newlines everywhere: Sourcegraph runs Comby with -match-newline-at-toplevel.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property, lru_cache

from kit.errors import QuerySyntaxError
from kit.search.languages import language_for_alias

_WS = " \t\n\r\f\v"
_WS_RUN = re.compile(r"[ \t\n\r\f\v]+")
_ALPHANUM = re.compile(r"[A-Za-z0-9_]+")
_BLANK = re.compile(r"[ \t]+")
_LINE = re.compile(r"[^\n]*\n")
_HOLE = re.compile(
    r":\[(?:\[(?P<alphanum>\w+)\]\]| (?P<blank>\w*)\]|(?P<name>\w+)(?P<suffix>\\n|\.|:e)?\])",
    re.ASCII,
)
_REGEX_HOLE = re.compile(r":\[(?P<name>\w*)~", re.ASCII)
_ANONYMOUS = "_"
_BLOCK_DELIMITERS = (("(", ")"), ("[", "]"), ("{", "}"))


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


@dataclass(frozen=True)
class _Syntax:
    """What a language's matcher treats as structure: delimiters, strings and comments (Comby's table)."""

    name: str
    delimiters: tuple[tuple[str, str], ...] = _BLOCK_DELIMITERS
    quotes: tuple[str, ...] = ('"', "'")  # backslash-escapable, one line
    raw_strings: tuple[tuple[str, str], ...] = ()  # no escapes, may span lines
    comments: tuple[tuple[str, str | None], ...] = ()  # (start, end); end None = to end of line

    @cached_property
    def openers(self) -> dict[str, str]:
        return dict(self.delimiters)

    @cached_property
    def closers(self) -> dict[str, str]:
        return {close: open_ for open_, close in self.delimiters}

    @cached_property
    def comment_pattern(self) -> str:
        return "|".join(
            re.escape(start) + (r"[^\n]*" if end is None else r"[\s\S]*?" + re.escape(end))
            for start, end in self.comments
        )

    @cached_property
    def comment_re(self) -> re.Pattern[str] | None:
        return re.compile(self.comment_pattern) if self.comments else None

    @cached_property
    def skip_comments_re(self) -> re.Pattern[str] | None:
        """Comments Comby lets stand before a literal token."""
        return re.compile(f"(?:{self.comment_pattern})*") if self.comments else None

    @cached_property
    def space_pattern(self) -> str:
        """What whitespace in the template matches outside strings: whitespace and comments."""
        comments = f"|{self.comment_pattern}" if self.comments else ""
        return rf"(?:[{_WS}]++{comments})++"

    @cached_property
    def space_re(self) -> re.Pattern[str]:
        return re.compile(self.space_pattern)

    @cached_property
    def strings(self) -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
        """(pattern, left, right, escapable) for each string literal form, raw forms first."""
        raw = [
            (re.compile(re.escape(left) + r"[\s\S]*?" + re.escape(right)), left, right, False)
            for left, right in self.raw_strings
        ]
        # Comby: a backslash escapes any character but a newline; the literal ends at its line.
        escapable = [
            (re.compile(rf"{q}(?:\\[^\n]|[^\\\n{q}])*{q}"), quote, quote, True)
            for quote in self.quotes
            if (q := re.escape(quote))
        ]
        return (*raw, *escapable)

    @cached_property
    def lexer(self) -> re.Pattern[str]:
        """Finds comments, strings and delimiters in code, in Comby's order of preference."""
        parts = []
        if self.comments:
            parts.append(f"(?P<comment>{self.comment_pattern})")
        if self.strings:
            parts.append(f"(?P<string>{'|'.join(p.pattern for p, *_ in self.strings)})")
        if self.delimiters:
            parts.append(f"(?P<open>{'|'.join(map(re.escape, self.openers))})")
            parts.append(f"(?P<close>{'|'.join(map(re.escape, self.closers))})")
        if not parts:
            return re.compile("(?!)")
        firsts = {
            *(start[0] for start, _ in self.comments),
            *(left[0] for _, left, _, _ in self.strings),
            *self.openers,
            *self.closers,
        }
        first = re.escape("".join(sorted(firsts)))
        return re.compile(f"(?=[{first}])(?:{'|'.join(parts)})")

    @cached_property
    def non_space_re(self) -> re.Pattern[str]:
        """A run of what `:[x.]` may match: no whitespace, delimiters, quotes or comment marks."""
        chars = {
            *_WS,
            *self.openers,
            *self.closers,
            *self.quotes,
            *(left[0] for left, _ in self.raw_strings),
        }
        marks = [start for start, _ in self.comments] + [end for _, end in self.comments if end]
        guard = f"(?!{'|'.join(map(re.escape, marks))})" if marks else ""
        return re.compile(f"(?:{guard}[^{re.escape(''.join(sorted(chars)))}])+")

    def match_string(self, text: str, pos: int, end: int) -> tuple[str, str, bool, int] | None:
        """The string literal starting at `pos`, as (left, right, escapable, end), or None."""
        for pattern, left, right, escapable in self.strings:
            m = pattern.match(text, pos, end)
            if m:
                return left, right, escapable, m.end()
        return None


_C_COMMENTS = (("/*", "*/"), ("//", None))
_HASH_COMMENTS: tuple[tuple[str, str | None], ...] = (("#", None),)
_BACKTICK = (("`", "`"),)
_GENERIC = _Syntax("Generic")
_SYNTAXES = {
    syntax.name: syntax
    for syntax in (
        _Syntax("Go", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        _Syntax("Go Module", comments=_C_COMMENTS),
        _Syntax("JavaScript", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        _Syntax("TypeScript", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        _Syntax("Python", comments=_HASH_COMMENTS, raw_strings=(('"""', '"""'), ("'''", "'''"))),
        *(
            _Syntax(name, comments=_C_COMMENTS)
            for name in ("C", "C++", "C#", "Java", "Kotlin", "CSS")
        ),
        _Syntax("Rust", quotes=('"',), comments=_C_COMMENTS),  # ' starts a lifetime, not a string
        _Syntax("PHP", comments=(*_C_COMMENTS, *_HASH_COMMENTS)),
        _Syntax("HCL", comments=(*_C_COMMENTS, *_HASH_COMMENTS)),
        _Syntax("SQL", comments=(("/*", "*/"), ("--", None))),
        _Syntax("HTML", delimiters=(*_BLOCK_DELIMITERS, ("<", ">")), comments=(("<!--", "-->"),)),
        *(
            _Syntax(name, comments=_HASH_COMMENTS)
            for name in ("Shell", "YAML", "TOML", "Ruby", "Dockerfile", "Makefile")
        ),
        *(_Syntax(name, delimiters=(), quotes=()) for name in ("Text", "Markdown")),
    )
}


def _syntax_for(language: str | None) -> _Syntax:
    """The matcher syntax for a `lang:` name or alias; generic (strings only) when None or unknown."""
    found = language_for_alias(language.strip()) if language else None
    return _SYNTAXES.get(found.name, _GENERIC) if found else _GENERIC


class _Kind(Enum):
    EVERYTHING = ":[x]"
    EXPRESSION = ":[x:e]"
    ALPHANUM = ":[[x]]"
    NON_SPACE = ":[x.]"
    LINE = ":[x\\n]"
    BLANK = ":[ x]"
    REGEX = ":[x~re]"


_POSSESSIVE = {_Kind.ALPHANUM: _ALPHANUM, _Kind.BLANK: _BLANK, _Kind.LINE: _LINE}
_POSSESSIVE_PREFIX = {
    _Kind.ALPHANUM: r"[A-Za-z0-9_]++",
    _Kind.BLANK: r"[ \t]++",
    _Kind.LINE: r"[^\n]*+\n",
}
_HOLE_SUFFIX = {
    None: _Kind.EVERYTHING,
    ":e": _Kind.EXPRESSION,
    ".": _Kind.NON_SPACE,
    "\\n": _Kind.LINE,
}


@dataclass(frozen=True)
class _Literal:
    text: str
    skip_comments: bool  # Comby lets comments precede a literal token, but not a delimiter


@dataclass(frozen=True)
class _Space:
    code: bool  # outside strings, comments count as whitespace


@dataclass(frozen=True)
class _Hole:
    kind: _Kind
    name: str
    pattern: re.Pattern[str] | None = None  # for :[x~re]
    closing_quote: str | None = None  # an :[x] inside a string literal of the template
    escapable: bool = True  # ... and whether that string has backslash escapes
    greedy: bool = False  # last in the template: Comby extends it as far as it can


_Element = _Literal | _Space | _Hole


@dataclass(frozen=True)
class Template:
    """A structural template parsed and compiled for one language's strings and comments."""

    source: str
    language: str
    _syntax: _Syntax = field(repr=False)
    _elements: tuple[_Element, ...] = field(repr=False)
    _prefix: re.Pattern[str] | None = field(repr=False)

    @property
    def holes(self) -> tuple[str, ...]:
        """Names of the named holes, in order of first appearance (`_` excluded)."""
        names = (e.name for e in self._elements if isinstance(e, _Hole) and e.name != _ANONYMOUS)
        return tuple(dict.fromkeys(names))


def parse_template(template: str, language: str | None = None) -> Template:
    """Parse a Comby template for `language` (a `lang:` name; generic when None or unknown).

    Raises QuerySyntaxError for an empty template, unbalanced delimiters or a bad hole regex.
    """
    return _compile(template, _syntax_for(language))


def find_matches(
    template: str | Template, text: str, language: str | None = None
) -> list[StructuralMatch]:
    """Return the template's non-overlapping matches in `text`, left to right.

    `language` picks the string and comment syntax; with a parsed Template it defaults to the
    template's own. After a match scanning resumes at its end (one further if it was empty).
    """
    if isinstance(template, Template):
        if language is not None and _syntax_for(language) != template._syntax:
            template = _compile(template.source, _syntax_for(language))
    else:
        template = parse_template(template, language)
    literals = (e.text for e in template._elements if isinstance(e, _Literal))
    if not all(literal in text for literal in literals):
        return []
    return _Search(template, text).run()


@lru_cache(maxsize=256)
def _compile(source: str, syntax: _Syntax) -> Template:
    if not source.strip(_WS):
        raise QuerySyntaxError(
            "structural search template is empty: write the code to match, with holes like :[x]"
        )
    elements = _parse(source, syntax)
    last = elements[-1]
    if isinstance(last, _Hole) and last.kind in (
        _Kind.EVERYTHING,
        _Kind.NON_SPACE,
        _Kind.EXPRESSION,
    ):
        elements[-1] = replace(last, greedy=True)
    return Template(source, syntax.name, syntax, tuple(elements), _prefix(elements, syntax))


def _parse(source: str, syntax: _Syntax) -> list[_Element]:
    """Split a template into literals, whitespace and holes; check its delimiters balance."""
    elements: list[_Element] = []
    word: list[str] = []  # the literal token being read
    stack: list[tuple[str, int]] = []

    def add(*new: _Element) -> None:
        if word:
            elements.append(_Literal("".join(word), skip_comments=True))
            word.clear()
        for element in new:
            if not (isinstance(element, _Space) and elements and isinstance(elements[-1], _Space)):
                elements.append(element)

    i, n = 0, len(source)
    while i < n:
        char = source[i]
        hole = _parse_hole(source, i, n)
        comment = syntax.comment_re.match(source, i) if syntax.comment_re else None
        string = syntax.match_string(source, i, n)
        if hole:
            add(hole[0])
            i = hole[1]
        elif comment or char in _WS:
            add(_Space(code=True))
            i = comment.end() if comment else i + 1
        elif string:
            left, right, escapable, end = string
            add(_Literal(left, skip_comments=True))
            add(*_parse_string_body(source, i + len(left), end - len(right), right, escapable))
            add(_Literal(right, skip_comments=False))
            i = end
        elif char in syntax.openers or char in syntax.closers:
            if char in syntax.openers:
                stack.append((char, i))
            else:
                _check_closer(source, i, stack, syntax)
            add(_Literal(char, skip_comments=False))
            i += 1
        else:
            word.append(char)
            i += 1
    add()
    if stack:
        opener, at = stack[-1]
        raise QuerySyntaxError(
            f"unbalanced {opener!r} at offset {at} in structural template {source!r}: "
            f"add the matching {syntax.openers[opener]!r}"
        )
    return _merge_literals(elements, syntax)


def _check_closer(source: str, at: int, stack: list[tuple[str, int]], syntax: _Syntax) -> None:
    closer = source[at]
    if not stack:
        raise QuerySyntaxError(
            f"unbalanced {closer!r} at offset {at} in structural template {source!r}: "
            f"it closes nothing; remove it or add a {syntax.closers[closer]!r} before it"
        )
    opener, opened_at = stack.pop()
    if syntax.openers[opener] != closer:
        raise QuerySyntaxError(
            f"mismatched {closer!r} at offset {at} in structural template {source!r}: "
            f"the {opener!r} at offset {opened_at} needs {syntax.openers[opener]!r}"
        )


def _parse_string_body(
    source: str, start: int, stop: int, quote: str, escapable: bool
) -> Iterator[_Element]:
    """Elements of a string literal in the template: holes there stay inside the string."""
    i = start
    while i < stop:
        hole = _parse_hole(source, i, stop, quote, escapable)
        if hole:
            yield hole[0]
            i = hole[1]
        elif source[i] in _WS:
            yield _Space(code=False)
            i = _WS_RUN.match(source, i, stop).end()  # type: ignore[union-attr]
        else:
            yield _Literal(source[i], skip_comments=False)
            i += 1


def _parse_hole(
    source: str, i: int, stop: int, quote: str | None = None, escapable: bool = True
) -> tuple[_Hole, int] | None:
    """The hole starting at `i`, and where it ends; None if there is none."""
    if source.startswith("...", i, stop):
        return _Hole(_Kind.EVERYTHING, _ANONYMOUS, closing_quote=quote, escapable=escapable), i + 3
    regex = _REGEX_HOLE.match(source, i, stop)
    if regex:
        end = _regex_end(source, i, regex.end(), stop)
        hole_text = source[i : end + 1]
        try:
            pattern = re.compile(source[regex.end() : end], re.MULTILINE)
        except re.error as exc:
            raise QuerySyntaxError(
                f"invalid regular expression in hole {hole_text!r} of structural template: {exc}"
            ) from None
        return _Hole(_Kind.REGEX, regex["name"] or _ANONYMOUS, pattern), end + 1
    m = _HOLE.match(source, i, stop)
    if not m:
        return None
    if m["alphanum"] is not None:
        return _Hole(_Kind.ALPHANUM, m["alphanum"]), m.end()
    if m["blank"] is not None:
        return _Hole(_Kind.BLANK, m["blank"] or _ANONYMOUS), m.end()
    kind = _HOLE_SUFFIX[m["suffix"]]
    return _Hole(kind, m["name"], closing_quote=quote, escapable=escapable), m.end()


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


def _merge_literals(elements: list[_Element], syntax: _Syntax) -> list[_Element]:
    merged: list[_Element] = []
    for element in elements:
        previous = merged[-1] if merged else None
        if (
            isinstance(element, _Literal)
            and isinstance(previous, _Literal)
            and not (element.skip_comments and syntax.comments)
        ):
            merged[-1] = _Literal(previous.text + element.text, previous.skip_comments)
        else:
            merged.append(element)
    return merged


def _prefix(elements: Sequence[_Element], syntax: _Syntax) -> re.Pattern[str] | None:
    """A regex every match must match where it starts (after any comments Comby skips there):
    the template up to its first lazy hole."""
    parts: list[str] = []
    for element in elements:
        if isinstance(element, _Literal):
            skip = (
                f"(?:{syntax.comment_pattern})*+"
                if element.skip_comments and syntax.comments and parts
                else ""
            )
            parts.append(skip + re.escape(element.text))
        elif isinstance(element, _Space):
            parts.append(syntax.space_pattern if element.code else f"[{_WS}]++")
        elif element.kind in _POSSESSIVE:
            parts.append(_POSSESSIVE_PREFIX[element.kind])
        elif element.kind is _Kind.REGEX and element.pattern and not element.pattern.groups:
            parts.append(f"(?>{element.pattern.pattern})")
        else:
            break
    while parts:
        try:
            return re.compile("".join(parts), re.MULTILINE)
        except re.error:  # a hole's regex that cannot be embedded (e.g. global flags): use less
            parts.pop()
    return None


_Result = tuple[int, tuple[tuple[str, str], ...]]


class _Search:
    """One template over one text: the text's strings, comments and delimiter pairs, then matches."""

    def __init__(self, template: Template, text: str) -> None:
        self.template = template
        self.elements = template._elements
        self.syntax = syntax = template._syntax
        self.text = text
        self.n = n = len(text)
        names = [e.name for e in self.elements if isinstance(e, _Hole) and e.name != _ANONYMOUS]
        self.check_equality = len(names) != len(set(names))
        self.memo: dict[int, _Result | None] = {}
        self.failed_regions: set[int] = set()

        self.inside = inside = bytearray(n + 1)  # strictly inside a string or comment
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
        return {end: start for start, end in self.comment_end.items()}

    def run(self) -> list[StructuralMatch]:
        """All non-overlapping matches, left to right."""
        matches: list[StructuralMatch] = []
        scout = self._without_equality() if self.check_equality else self
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
            matches.append(StructuralMatch(start, end, tuple(dict(bindings).items())))
            pos = end if end > start else start + 1
        return matches

    def _without_equality(self) -> _Search:
        """This search with repeated names unconstrained: fast, and where it fails, so does this."""
        scout = copy.copy(self)
        scout.check_equality, scout.memo, scout.failed_regions = False, {}, set()
        return scout

    def _next_start(self, pos: int) -> int | None:
        """The first offset from `pos` where a match may start: outside strings and comments."""
        prefix, floor = self.template._prefix, pos
        while pos < self.n:
            if prefix:
                m = prefix.search(self.text, pos)
                if m is None:
                    return None
                pos = m.start()
            if self.inside[pos]:
                pos = self._token_end(pos)
            elif self._region(pos) in self.failed_regions:
                pos = self._next_region(pos)
            else:
                return self._comments_before(pos, floor) if prefix else pos
        return None

    def _comments_before(self, pos: int, floor: int) -> int:
        """Where a match whose first literal is at `pos` starts: before comments right ahead of it."""
        first = self.elements[0]
        if isinstance(first, _Literal) and first.skip_comments and self.comment_end:
            while self.comment_start_by_end.get(pos, -1) >= floor:
                pos = self.comment_start_by_end[pos]
        return pos

    def _after_failure(self, start: int) -> int:
        """Where to look next after no match starts at `start`, skipping starts that can't do better."""
        first = self.elements[0]
        if not isinstance(first, _Hole) or self.check_equality:
            return start + 1
        following = self.elements[1] if len(self.elements) > 1 else None
        if first.kind is _Kind.EVERYTHING and isinstance(following, _Literal | _Space):
            # A later start in the same region sees a subset of the same ends, and what follows
            # can't begin inside a space run where an earlier end could not: it fails too.
            self.failed_regions.add(self._region(start))
            return self._next_region(start)
        if first.kind is _Kind.NON_SPACE:
            m = self.syntax.non_space_re.match(self.text, start)
            return max(m.end() if m else 0, start + 1)
        return start + 1

    def _level(self, pos: int) -> int:
        """The innermost matched group around `pos` (1-based, by opener), or 0 outside all groups."""
        k = bisect_left(self.opens, pos) - 1
        while k >= 0 and self.closes[k] < pos:
            k = self.parents[k]
        return k + 1

    def _bound(self, start: int, level: int | None = None) -> int:
        """How far an :[x] at `start` may reach: its group's closer or an unbalanced delimiter."""
        level = self._level(start) if level is None else level
        if level:
            return self.closes[level - 1]
        k = bisect_left(self.blockers, start)
        return self.blockers[k] if k < len(self.blockers) else self.n

    def _region(self, pos: int) -> int:
        """Identifies the stretch an :[x] at `pos` can cover: its group, or its bound outside groups."""
        return self._level(pos) or -1 - self._bound(pos, 0)

    def _next_region(self, pos: int) -> int:
        """The first offset after `pos` in another region: past a closer, opener or unbalanced delimiter."""
        level = self._level(pos)
        nexts = [self.closes[level - 1] + 1] if level else []
        for offsets in (self.opens, self.blockers):
            k = bisect_left(offsets, pos)
            if k < len(offsets):
                nexts.append(offsets[k] + 1)
        return min(nexts, default=self.n)

    def _token_end(self, pos: int) -> int:
        """`pos`, or the end of the string or comment strictly containing it."""
        k = bisect_right(self.token_starts, pos) - 1
        return self.tokens[k][1] if k >= 0 and self.tokens[k][1] > pos else pos

    def _match(self, i: int, pos: int, env: dict[str, str]) -> _Result | None:
        """Match elements[i:] at `pos`: the end offset and the bindings made, or None."""
        text, elements = self.text, self.elements
        bound: list[tuple[str, str]] = []
        while i < len(elements):
            element = elements[i]
            if isinstance(element, _Literal):
                if element.skip_comments and self.syntax.skip_comments_re:
                    pos = self.syntax.skip_comments_re.match(text, pos).end()  # type: ignore[union-attr]
                if not text.startswith(element.text, pos):
                    return None
                pos += len(element.text)
            elif isinstance(element, _Space):
                m = (self.syntax.space_re if element.code else _WS_RUN).match(text, pos)
                if m is None:
                    return None
                pos = m.end()
            else:
                ends = self._ends(i, element, pos)
                if not isinstance(ends, tuple):  # lazy: try each end, shortest first
                    rest = self._branch(i, element, pos, ends, env)
                    return None if rest is None else (rest[0], (*bound, *rest[1]))
                if not ends:
                    return None
                value = text[pos : ends[0]]
                if element.name != _ANONYMOUS:
                    if self.check_equality:
                        if env.get(element.name, value) != value:
                            return None
                        env = {**env, element.name: value}
                    bound.append((element.name, value))
                pos = ends[0]
            i += 1
        return pos, tuple(bound)

    def _branch(
        self, i: int, hole: _Hole, pos: int, ends: Iterable[int], env: dict[str, str]
    ) -> _Result | None:
        """Match a lazy hole and the rest: the first end after which the rest matches wins."""
        key = i * (self.n + 1) + pos
        if not self.check_equality and key in self.memo:
            return self.memo[key]
        named = hole.name != _ANONYMOUS
        result = None
        for end in ends:
            value = self.text[pos:end]
            if named and self.check_equality:
                if env.get(hole.name, value) != value:
                    continue
                rest = self._match(i + 1, end, {**env, hole.name: value})
            else:
                rest = self._match(i + 1, end, env)
            if rest is not None:
                result = (rest[0], ((hole.name, value), *rest[1]) if named else rest[1])
                break
        if not self.check_equality:
            self.memo[key] = result
        return result

    def _ends(self, i: int, hole: _Hole, start: int) -> tuple[int, ...] | Iterator[int]:
        """Where the hole at elements[i] may end: a tuple if it has one choice, else lazily, in order."""
        text = self.text
        possessive = hole.pattern if hole.kind is _Kind.REGEX else _POSSESSIVE.get(hole.kind)
        if possessive is not None:
            m = possessive.match(text, start)
            return (m.end(),) if m else ()
        if hole.kind is _Kind.NON_SPACE:
            m = self.syntax.non_space_re.match(text, start)
            if m is None:
                return ()
            return (m.end(),) if hole.greedy else iter(range(start + 1, m.end() + 1))
        if hole.kind is _Kind.EXPRESSION:
            ends = self._expression_ends(start)
            return tuple(ends[-1:]) if hole.greedy else iter(ends)
        if hole.closing_quote is not None:
            return self._string_ends(start, hole.closing_quote, hole.escapable)
        if hole.greedy:
            return (self._bound(start),)
        return self._everything_ends(start, self.elements[i + 1 : i + 3])

    def _everything_ends(self, start: int, following: Sequence[_Element]) -> Iterator[int]:
        """Ends of a lazy :[x] at its own nesting level, found from what follows it in the template."""
        level = self._level(start)
        bound = self._bound(start, level)
        yield start
        after, then = following[0], following[1] if len(following) > 1 else None
        if isinstance(after, _Literal):
            candidates = self._literal_starts(start, bound, after.text, after.skip_comments)
        elif isinstance(after, _Space) and isinstance(then, _Literal):
            candidates = self._space_before_literal(start, bound, then.text)
        elif isinstance(after, _Space):
            candidates = self._space_starts(start, bound)
        else:
            candidates = self._unit_ends(start, bound)
        inside = self.inside
        for end in candidates:
            if start < end <= bound and not inside[end] and self._level(end) == level:
                yield end

    def _literal_starts(
        self, start: int, bound: int, word: str, skip_comments: bool
    ) -> Iterator[int]:
        """Offsets in (start, bound] where `word` matches, with any comments Comby skips before it."""
        text = self.text
        if word[0] in self.syntax.closers:  # a closer at this level can only be the bound
            if text.startswith(word, bound):
                yield bound
            return
        at = text.find(word, start + 1, bound + len(word))
        while at != -1:
            if skip_comments and self.comment_end:
                chain, before = [], at
                while self.comment_start_by_end.get(before, start) > start:
                    before = self.comment_start_by_end[before]
                    chain.append(before)
                yield from reversed(chain)
            yield at
            at = text.find(word, at + 1, bound + len(word))

    def _space_before_literal(self, start: int, bound: int, word: str) -> Iterator[int]:
        """Starts of the whitespace (and comments) running up to each place `literal` matches.

        Template whitespace takes all of a run, so only the start of the run before the literal
        can be where the hole ends.
        """
        text, inside = self.text, self.inside
        for at in self._literal_starts(start, bound, word, skip_comments=False):
            run = at
            while True:
                if run > start and text[run - 1] in _WS and not inside[run - 1]:
                    run -= 1
                elif self.comment_end and self.comment_start_by_end.get(run, start) > start:
                    run = self.comment_start_by_end[run]
                else:
                    break
            if run < at:
                yield run

    def _space_starts(self, start: int, bound: int) -> Iterator[int]:
        """Where each run of whitespace and comments in (start, bound] begins.

        Template whitespace takes all of a run, so a later offset in the same run can't do better.
        """
        pos = start + 1
        while m := self.syntax.space_re.search(self.text, pos, bound + 1):
            if self.inside[m.start()]:  # e.g. blanks in a string, or trailing a line comment
                pos = self._token_end(m.start())
            else:
                yield m.start()
                pos = m.end()

    def _unit_ends(self, start: int, bound: int) -> Iterator[int]:
        """Every end between units (chars, space runs, strings, comments, groups) up to `bound`."""
        pos = start
        while pos < bound:
            jump = self.jump.get(pos)
            if jump is not None:
                pos = jump
            elif self.text[pos] in _WS:
                pos = _WS_RUN.match(self.text, pos).end()  # type: ignore[union-attr]
            else:
                pos += 1
            yield min(pos, bound)

    def _expression_ends(self, start: int) -> list[int]:
        """Ends of an :[x:e]: non-space characters, strings and balanced groups, no gaps."""
        text, syntax = self.text, self.syntax
        ends, pos = [], start
        while pos < self.n:
            jump = self.string_end.get(pos) or self.group_end.get(pos)
            if jump:
                pos = jump
            elif (
                text[pos] in _WS
                or text[pos] in syntax.openers
                or text[pos] in syntax.closers
                or text[pos] in syntax.quotes
                or pos in self.comment_end
            ):
                break
            else:
                pos += 1
            ends.append(pos)
        return ends

    def _string_ends(self, start: int, quote: str, escapable: bool) -> Iterator[int]:
        """Ends of an :[x] inside a string literal: it never passes the closing quote."""
        text, pos = self.text, start
        yield pos
        while pos < self.n and not text.startswith(quote, pos):
            if escapable and text[pos] == "\n":
                return
            escaped = escapable and text[pos] == "\\" and text[pos + 1 : pos + 2] not in ("", "\n")
            pos += 2 if escaped else 1
            yield pos
