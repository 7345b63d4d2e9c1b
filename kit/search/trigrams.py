"""Trigrams of case-folded text, and the trigrams a regular expression's matches must contain.

A trigram is three consecutive bytes of the UTF-8 encoding of `fold(text)`, packed into an int
(`b0 << 16 | b1 << 8 | b2`). Only folded trigrams exist: the index cannot tell `Foo` from `foo`,
and the regex run on each candidate makes the case-sensitive decision.

Safety: `required_trigrams(p)` never requires a trigram that a document matching `p` (in either
case mode) lacks. Two facts carry this:

- `fold` maps characters one to one, and every pair of characters RE2 matches case-insensitively
  to the same character, so a match `s` of a literal `l` has `fold(s) == fold(l)`, and `fold(s)`
  is a substring of `fold(document)`. Pairs are derived from Python's case mappings plus the
  Unicode 15.1 folds Python 3.11 lacks; a test checks them against RE2 over every code point.
- The regex analysis (Russ Cox's, from Google Code Search) only keeps facts true of every match:
  the exact set of strings it can be, or strings it starts and ends with, plus a trigram query.
  Anything it does not understand becomes ALL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from typing import Literal

import numpy as np
import numpy.typing as npt

TrigramArray = npt.NDArray[np.uint32]

_CASED_LIMIT = 0x20000
"""No script past the Supplementary Multilingual Plane has case (checked against RE2 in tests)."""

RE2_EXTRA_FOLDS = (("\u1fd3", "\u0390"), ("\u1fe3", "\u03b0"), ("\ufb05", "\ufb06"))
"""Simple case folds added in Unicode 15.1 (RE2 has them, Python 3.11's Unicode 14 does not)."""

MAX_EXACT = 7
"""Most alternative strings tracked exactly before they become trigrams plus prefixes/suffixes."""
MAX_SET = 20
"""Most prefix or suffix strings kept before they are shortened."""
MAX_CLASS = 8
"""Largest character class (after folding) expanded into alternatives; larger ones match anything."""


# --- case folding ------------------------------------------------------------------------------


@cache
def fold_table() -> dict[int, str]:
    """Map each character that has case partners to its class representative (str.translate)."""
    group: dict[str, set[str]] = {}

    def join(a: str, b: str) -> None:
        ga, gb = group.setdefault(a, {a}), group.setdefault(b, {b})
        if ga is not gb:
            if len(ga) < len(gb):
                ga, gb = gb, ga
            ga |= gb
            for c in gb:
                group[c] = ga

    for cp in range(_CASED_LIMIT):
        c = chr(cp)
        for mapped in {c.lower(), c.upper(), c.title(), c.casefold()}:
            if len(mapped) == 1 and mapped != c:
                join(c, mapped)
    for a, b in RE2_EXTRA_FOLDS:
        join(a, b)
    table: dict[int, str] = {}
    for members in {id(g): g for g in group.values()}.values():
        # Lowercase first, then lowest: ASCII letters fold to themselves lowercased.
        rep = min(members, key=lambda c: (not c.islower(), ord(c)))
        table.update((ord(c), rep) for c in members if c != rep)
    return table


@cache
def _fold_lut() -> npt.NDArray[np.uint32]:
    """`fold_table()` as an array indexed by code point."""
    table = fold_table()
    lut = np.arange(max(_CASED_LIMIT, max(table) + 1), dtype=np.uint32)
    lut[list(table)] = [ord(rep) for rep in table.values()]
    return lut


def fold(text: str) -> str:
    """Replace every character by its case class's representative (same length as `text`)."""
    if text.isascii():
        return text.lower()
    lut = _fold_lut()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    cased = points < len(lut)
    folded = np.where(cased, lut[np.where(cased, points, 0)], points).astype("<u4")
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


def fold_bytes(text: str) -> bytes:
    """UTF-8 encoding of `fold(text)`, the bytes trigrams are taken from."""
    return fold(text).encode("utf-8", "surrogatepass")


@cache
def fold_resizes() -> frozenset[str]:
    """Characters whose fold has a UTF-8 encoding of another length (the Kelvin sign, long s...)."""
    return frozenset(
        chr(cp)
        for cp, rep in fold_table().items()
        if len(chr(cp).encode("utf-8", "surrogatepass")) != len(rep.encode("utf-8"))
    )


def trigram_array(data: bytes) -> TrigramArray:
    """Sorted distinct packed trigrams of `data` (already folded bytes)."""
    if len(data) < 3:
        return np.empty(0, dtype=np.uint32)
    b = np.frombuffer(data, dtype=np.uint8).astype(np.uint32)
    grams = np.sort((b[:-2] << 16) | (b[1:-1] << 8) | b[2:])
    distinct: TrigramArray = grams[np.concatenate(([True], grams[1:] != grams[:-1]))]
    return distinct  # np.unique does the same, several times slower on small arrays


def trigrams(text: str) -> set[int]:
    """Packed trigrams of the case-folded UTF-8 encoding of `text`."""
    return set(trigram_array(fold_bytes(text)).tolist())


def trigram_text(trigram: int) -> str:
    """A trigram as readable text (for messages and tests)."""
    return trigram.to_bytes(3, "big").decode("utf-8", "backslashreplace")


# --- trigram queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrigramQuery:
    """An AND/OR tree over trigrams; `op == "all"` means every document may match.

    AND holds when every trigram is present and every child holds; OR when any trigram is
    present or any child holds.
    """

    op: Literal["all", "and", "or"]
    trigrams: frozenset[int] = frozenset()
    children: tuple[TrigramQuery, ...] = ()

    def __str__(self) -> str:
        if self.op == "all":
            return "ALL"
        parts = sorted(repr(trigram_text(t)) for t in self.trigrams)
        parts += sorted(f"({child})" for child in self.children)
        return f" {self.op.upper()} ".join(parts)


ALL = TrigramQuery("all")


def and_(*queries: TrigramQuery) -> TrigramQuery:
    """The conjunction of `queries`, flattened; ALL when there is nothing to require."""
    grams: set[int] = set()
    children: dict[TrigramQuery, None] = {}  # an ordered set
    for q in queries:
        if q.op == "and":
            grams |= q.trigrams
            children.update(dict.fromkeys(q.children))
        elif q.op == "or":
            children[q] = None
    if not grams and len(children) == 1:
        return next(iter(children))
    if not grams and not children:
        return ALL
    return TrigramQuery("and", frozenset(grams), tuple(children))


def or_(*queries: TrigramQuery) -> TrigramQuery:
    """The disjunction of `queries`, flattened; ALL when any of them is ALL."""
    grams: set[int] = set()
    children: dict[TrigramQuery, None] = {}  # an ordered set
    for q in queries:
        if q.op == "all":
            return ALL
        if q.op == "or":
            grams |= q.trigrams
            children.update(dict.fromkeys(q.children))
        elif len(q.trigrams) == 1 and not q.children:
            grams |= q.trigrams
        else:
            children[q] = None
    if len(grams) + len(children) == 1:
        return next(iter(children)) if children else TrigramQuery("and", frozenset(grams))
    if not grams and not children:
        return ALL  # nothing can match; ALL is still a correct over-approximation
    return TrigramQuery("or", frozenset(grams), tuple(children))


def _any_contained(strings: Iterable[bytes]) -> TrigramQuery:
    """True of any text containing one of `strings`; ALL if one is shorter than a trigram."""
    strings = list(strings)
    if not strings or min(map(len, strings)) < 3:
        return ALL
    return or_(*(and_(_grams(s)) for s in strings))


def _grams(s: bytes) -> TrigramQuery:
    return TrigramQuery("and", frozenset(trigram_array(s).tolist()))


# --- regex analysis ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Info:
    """What every string a sub-pattern matches (folded, UTF-8) satisfies.

    Each match satisfies `match`; it is one of `exact` when that is known, otherwise it starts
    with one of `prefix` and ends with one of `suffix` (both contain b"" when it can be empty).
    """

    can_empty: bool
    exact: frozenset[bytes] | None
    prefix: frozenset[bytes] = frozenset()
    suffix: frozenset[bytes] = frozenset()
    match: TrigramQuery = field(default=ALL)


_EMPTY = _Info(can_empty=True, exact=frozenset({b""}))
_ANY_CHAR = _Info(False, None, frozenset({b""}), frozenset({b""}))
_ANY_MATCH = _Info(True, None, frozenset({b""}), frozenset({b""}))


def _cross(xs: Iterable[bytes], ys: Iterable[bytes]) -> frozenset[bytes]:
    return frozenset(x + y for x, y in product(xs, ys))


def _literals(chars: Iterable[str]) -> _Info:
    return _Info(False, frozenset(fold(c).encode("utf-8", "surrogatepass") for c in chars))


def _concat(x: _Info, y: _Info) -> _Info:
    match = and_(x.match, y.match)
    if x.exact is not None and y.exact is not None:
        return _simplify(_Info(x.can_empty and y.can_empty, _cross(x.exact, y.exact), match=match))
    prefix = _cross(x.exact, y.prefix) if x.exact is not None else x.prefix
    if x.can_empty:
        prefix |= y.prefix
    suffix = _cross(x.suffix, y.exact) if y.exact is not None else y.suffix
    if y.can_empty:
        suffix |= x.suffix
    if x.exact is None and y.exact is None and len(x.suffix) * len(y.prefix) <= MAX_SET:
        # Every match contains some x-suffix followed by some y-prefix.
        match = and_(match, _any_contained(_cross(x.suffix, y.prefix)))
    return _simplify(_Info(x.can_empty and y.can_empty, None, prefix, suffix, match))


def _alternate(x: _Info, y: _Info) -> _Info:
    can_empty = x.can_empty or y.can_empty
    if x.exact is not None and y.exact is not None:
        return _simplify(_Info(can_empty, x.exact | y.exact, match=or_(x.match, y.match)))
    prefix = _starts(x) | _starts(y)
    suffix = _ends(x) | _ends(y)
    return _simplify(_Info(can_empty, None, prefix, suffix, or_(_query(x), _query(y))))


def _alternate_all(branches: list[_Info]) -> _Info:
    """Alternate many branches pairwise as a balanced tree (a left fold is quadratic)."""
    if len(branches) == 1:
        return branches[0]
    mid = len(branches) // 2
    return _alternate(_alternate_all(branches[:mid]), _alternate_all(branches[mid:]))


def _starts(x: _Info) -> frozenset[bytes]:
    return x.exact if x.exact is not None else x.prefix


def _ends(x: _Info) -> frozenset[bytes]:
    return x.exact if x.exact is not None else x.suffix


def _query(x: _Info) -> TrigramQuery:
    """Everything `x` says about a document as a trigram query (its exact strings included)."""
    return x.match if x.exact is None else and_(x.match, _any_contained(x.exact))


def _plus(x: _Info) -> _Info:
    """x+: the first copy gives the prefix (and x's query), the last the suffix."""
    if x.exact is None:
        return x
    return _simplify(_Info(x.can_empty, None, x.exact, x.exact, x.match))


def _repeat(x: _Info, low: int, high: int | None) -> _Info:
    if low == 0:
        if high == 0:
            return _EMPTY
        return _alternate(x, _EMPTY) if high == 1 else _ANY_MATCH
    if high == low and low <= 4:
        out = x
        for _ in range(low - 1):
            out = _concat(out, x)
        return out
    # x{n,m} = x^(c-1) x+ with c = min(n, 3): the tail has at least one copy.
    out = _plus(x)
    for _ in range(min(low, 3) - 1):
        out = _concat(x, out)
    return out


def _simplify(info: _Info, *, force: bool = False) -> _Info:
    """Move large or long exact sets into the query; shorten long prefix/suffix sets."""
    exact, prefix, suffix, match = info.exact, info.prefix, info.suffix, info.match
    if exact is not None and (len(exact) > MAX_EXACT or (force and min(map(len, exact)) >= 3)):
        match = and_(match, _any_contained(exact))
        prefix = frozenset(s[:2] for s in exact)
        suffix = frozenset(s[-2:] for s in exact)
        exact = None
    if exact is None:
        match, prefix = _shorten(match, prefix, at_start=True)
        match, suffix = _shorten(match, suffix, at_start=False)
    return _Info(info.can_empty, exact, prefix, suffix, match)


def _shorten(
    match: TrigramQuery, strings: frozenset[bytes], *, at_start: bool
) -> tuple[TrigramQuery, frozenset[bytes]]:
    """Record `strings`' trigrams in `match`, then keep only their outer bytes."""
    # A string with a shorter one as its own prefix (suffix) adds nothing: drop it.
    kept = [
        s
        for s in strings
        if not any(t != s and (s.startswith(t) if at_start else s.endswith(t)) for t in strings)
    ]
    match = and_(match, _any_contained(kept))
    n = 2
    out = frozenset(s[:n] if at_start else s[len(s) - n :] for s in kept)
    while len(out) > MAX_SET:
        n -= 1
        out = frozenset(s[:n] if at_start else s[len(s) - n :] for s in out)
    return match, out


def _is_number(s: str) -> bool:
    return s.isascii() and s.isdigit()


class _UnsupportedError(Exception):
    """Syntax the analysis does not model; the pattern then narrows nothing."""


_SIMPLE_ESCAPES = {"a": "\a", "f": "\f", "t": "\t", "n": "\n", "r": "\r", "v": "\v"}
_ASSERTIONS = set("AzbB")
_CLASS_ESCAPES = set("dDsSwW")
_OPERATORS: dict[str, tuple[int, int | None]] = {"*": (0, None), "+": (1, None), "?": (0, 1)}


class _Parser:
    """A recursive-descent reader of RE2 syntax that computes an `_Info` per sub-pattern."""

    def __init__(self, pattern: str) -> None:
        self.s = pattern
        self.i = 0

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def take(self) -> str:
        c = self.peek()
        if not c:
            raise _UnsupportedError("unexpected end")
        self.i += 1
        return c

    def alternation(self) -> _Info:
        branches = [self.concatenation()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.concatenation())
        return _alternate_all(branches)

    def concatenation(self) -> _Info:
        info = _EMPTY
        while self.peek() not in ("", "|", ")"):
            info = _concat(info, self.repetition())
        return info

    def repetition(self) -> _Info:
        info = self.atom()
        while True:
            c = self.peek()
            if c in _OPERATORS:
                self.i += 1
                info = _repeat(info, *_OPERATORS[c])
            elif c == "{" and (bounds := self.bounds()) is not None:
                info = _repeat(info, *bounds)
            else:
                return info
            if self.peek() == "?":  # non-greedy: same strings
                self.i += 1

    def bounds(self) -> tuple[int, int | None] | None:
        """Parse `{n}`, `{n,}` or `{n,m}` at the cursor; None (cursor unmoved) if it is a literal."""
        end = self.s.find("}", self.i)
        body = self.s[self.i + 1 : end] if end >= 0 else ""
        low, comma, high = body.partition(",")
        if not _is_number(low) or (high and not _is_number(high)):
            return None
        self.i = end + 1
        if not comma:
            return int(low), int(low)
        return int(low), int(high) if high else None

    def atom(self) -> _Info:
        c = self.take()
        if c == "(":
            info = self.group()
            if self.take() != ")":
                raise _UnsupportedError("unbalanced parenthesis")
            return info
        if c == "[":
            return self.char_class()
        if c == ".":
            return _ANY_CHAR
        if c in "^$":
            return _EMPTY
        if c in "*+?)":
            raise _UnsupportedError(f"unexpected {c}")
        if c == "\\":
            return self.escape()
        return _literals(c)

    def group(self) -> _Info:
        if self.peek() != "?":
            return self.alternation()
        self.i += 1
        if self.s.startswith(("P<", "<"), self.i) and not self.s.startswith(("<=", "<!"), self.i):
            end = self.s.find(">", self.i)
            if end < 0:
                raise _UnsupportedError("unterminated group name")
            self.i = end + 1
            return self.alternation()
        while self.peek() and self.peek() in "imsU-":
            self.i += 1
        if self.peek() == ":":
            self.i += 1
            return self.alternation()
        if self.peek() == ")":  # a bare flag group such as `(?i)`; atom() consumes the ")"
            return _EMPTY
        raise _UnsupportedError("unknown group")

    def escape(self) -> _Info:
        c = self.take()
        if c in _ASSERTIONS:
            return _EMPTY
        if c in _CLASS_ESCAPES or c in "pP":
            self.skip_property(c)
            return _ANY_CHAR
        if c == "Q":
            end = self.s.find("\\E", self.i)
            end = len(self.s) if end < 0 else end
            text, self.i = self.s[self.i : end], min(end + 2, len(self.s))
            info = _EMPTY
            for ch in text:
                info = _concat(info, _literals(ch))
            return info
        return _literals(self.escaped_char(c))

    def skip_property(self, c: str) -> None:
        if c in "pP" and self.take() == "{":
            end = self.s.find("}", self.i)
            if end < 0:
                raise _UnsupportedError("unterminated \\p{")
            self.i = end + 1

    def escaped_char(self, c: str) -> str:
        """The character an escape `\\c...` (after the backslash) stands for."""
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c]
        if c == "x":
            if self.peek() == "{":
                end = self.s.find("}", self.i)
                if end < 0:
                    raise _UnsupportedError("unterminated \\x{")
                digits, self.i = self.s[self.i + 1 : end], end + 1
            else:
                digits = self.s[self.i : self.i + 2]
                self.i += 2
            try:
                return chr(int(digits, 16))
            except ValueError:
                raise _UnsupportedError("bad hex escape") from None
        if c.isascii() and not c.isalnum():
            return c
        raise _UnsupportedError(f"escape \\{c}")

    def char_class(self) -> _Info:
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        chars: set[str] = set()
        large = False
        first = True
        while first or self.peek() != "]":
            first = False
            if self.peek() == "[" and self.peek(1) == ":":
                end = self.s.find(":]", self.i + 2)
                if end < 0:
                    raise _UnsupportedError("bad POSIX class")
                self.i, large = end + 2, True
                continue
            low = self.class_char()
            if low is None:
                large = True
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                high = self.class_char()
                if high is None or ord(high) < ord(low):
                    raise _UnsupportedError("bad class range")
                if ord(high) - ord(low) >= 4 * MAX_CLASS:
                    large = True
                    continue
                chars.update(map(chr, range(ord(low), ord(high) + 1)))
            else:
                chars.add(low)
        self.i += 1
        folded = {fold(c) for c in chars}
        if negated or large or not folded or len(folded) > MAX_CLASS:
            return _ANY_CHAR
        return _literals(folded)

    def class_char(self) -> str | None:
        """One class member; None for a multi-character escape such as `\\d` or `\\pL`."""
        c = self.take()
        if c != "\\":
            return c
        c = self.take()
        if c in _CLASS_ESCAPES or c in "pP":
            self.skip_property(c)
            return None
        return self.escaped_char(c)


def required_trigrams(pattern: str) -> TrigramQuery:
    """A trigram query every document with a match of RE2 `pattern` satisfies, in either case mode.

    Folded trigrams serve both modes, so the result does not depend on case sensitivity.
    Returns ALL when the pattern cannot narrow the search (or uses syntax not modelled here).
    """
    parser = _Parser(pattern)
    try:
        info = parser.alternation()
        if parser.i != len(pattern):
            raise _UnsupportedError("unbalanced parenthesis")
    except (_UnsupportedError, ValueError, RecursionError):
        return ALL
    return _query(_simplify(info, force=True))
