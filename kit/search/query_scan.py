"""Split a literal or regexp query as Sourcegraph's parser does, parentheses and all.

In literal and regexp search Sourcegraph first tries to read a parenthesis as pattern text:
`(a b)`, `foo(x, y)` and `((a|b)|c)` are patterns when they balance and hold no filter and no
`and`/`or`/`not` (then the parenthesis opens a group: `(a or b)`, `(repo:x y)`). A `)` that closes
nothing is an error. When the query's groups do not balance (`(x`, `foo(` in regexp search) or an
operator lacks an operand, the whole query is read again with every parenthesis as pattern text
(`dangling=True`). `and`/`or` are operators only with whitespace on both sides; `not` before a
pattern or filter negates it. Keyword and standard search keep `kit.search.query_tokens`'
tokenizer (there a parenthesis at the start of a word always groups, as Sourcegraph's tests show).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.errors import QuerySyntaxError
from kit.search import expression
from kit.search.query_tokens import FIELD_ALIASES, SUPPORTED_FIELDS, Token, predicate_end


@dataclass
class ScanResult:
    """The tokens of a query and whether its grouping parentheses balance."""

    tokens: list[Token] = field(default_factory=list)
    depth: int = 0


def scan(raw: str, *, regexp: bool, dangling: bool = False) -> ScanResult:
    """The tokens of `raw` read as a literal (`regexp` False) or regexp query; with `dangling`,
    every parenthesis is pattern text. Raise QuerySyntaxError for a `)` that closes nothing, NOT
    before a group or a negated filter, and an unterminated quoted filter value."""
    return _Scanner(raw, regexp=regexp, dangling=dangling).run()


class _Scanner:
    def __init__(self, raw: str, *, regexp: bool, dangling: bool) -> None:
        self.raw = raw
        self.regexp = regexp
        self.dangling = dangling
        self.at = 0
        self.result = ScanResult()

    def run(self) -> ScanResult:
        raw, out = self.raw, self.result.tokens
        while True:
            while self.at < len(raw) and raw[self.at].isspace():
                self.at += 1
            if self.at >= len(raw):
                return self.result
            ch = raw[self.at]
            if ch == "(" and not self.dangling:
                pattern = balanced_pattern(raw, self.at)
                if pattern is not None:
                    out.append(Token(pattern[0]))
                    self.at = pattern[1]
                else:
                    out.append(Token("(", paren="("))
                    self.result.depth += 1
                    self.at += 1
            elif ch == ")" and not self.dangling:
                if self.result.depth <= 0:
                    raise QuerySyntaxError(expression.UNCLEAR_PARENTHESES)
                self.result.depth -= 1
                self.at += 1
                if out[-1].paren == "(":  # an empty group, `( )`, is the pattern `()`
                    out[-1] = Token("()")
                else:
                    out.append(Token(")", paren=")"))
            elif (word := self._keyword()) is not None:
                out.append(Token(word, operator=word))
                self.at += len(word)
            elif self._unary_not():
                self._negated()
            else:
                out.append(self._parameter() or self._pattern())

    def _keyword(self) -> str | None:
        """`and`/`or` with whitespace before and after."""
        raw, at = self.raw, self.at
        if at == 0 or not raw[at - 1].isspace():
            return None
        for word in ("and", "or"):
            after = at + len(word)
            if raw[at:after].lower() == word and after < len(raw) and raw[after].isspace():
                return word
        return None

    def _unary_not(self) -> bool:
        raw, at = self.raw, self.at
        if at > 0 and not (raw[at - 1].isspace() or raw[at - 1] == "("):
            return False
        return raw[at : at + 3].lower() == "not" and raw[at + 3 : at + 4].isspace()

    def _negated(self) -> None:
        self.at += 3
        while self.at < len(self.raw) and self.raw[self.at].isspace():
            self.at += 1
        if self.raw[self.at : self.at + 1] == "(":
            raise QuerySyntaxError(expression.NOT_EXPRESSION)
        parameter = self._parameter()
        if parameter is not None:
            if parameter.negated:
                raise QuerySyntaxError(
                    f'unexpected NOT before "-{parameter.field}:{parameter.text}". '
                    "Remove NOT and try again"
                )
            self.result.tokens.append(_with(parameter, negated=True))
            return
        self.result.tokens.append(_with(self._pattern(), negated=True))

    def _parameter(self) -> Token | None:
        """`field:value` (with `-` for negation) when the field is one Sourcegraph knows."""
        found = field_at(self.raw, self.at)
        if found is None:
            return None
        name, negated, value_at = found
        raw = self.raw
        if raw[value_at : value_at + 1] in ("'", '"'):
            text, self.at = delimited(raw, value_at, strict=True)
            return Token(text, quoted=True, field=name, negated=negated)
        predicate = predicate_end(name, raw, value_at)
        pattern = balanced_pattern(raw, value_at)
        if predicate is not None:
            self.at = predicate
        elif pattern is not None:
            self.at = pattern[1]
        else:
            self.at = value_end(raw, value_at, dangling=False)
        return Token(raw[value_at : self.at], field=name, negated=negated)

    def _pattern(self) -> Token:
        raw, at = self.raw, self.at
        if self.regexp:
            for quote in ("'", '"', "/"):
                if raw[at] == quote:
                    try:
                        text, end = delimited(raw, at, strict=False)
                    except QuerySyntaxError:
                        break
                    closed = end == len(raw) or raw[end].isspace()
                    if closed and (text or quote != "/"):
                        self.at = end
                        return Token(text, quoted=quote != "/", slashed=quote == "/")
                    break
        pattern = None if self.dangling else balanced_pattern(raw, at)
        if pattern is not None and pattern[1] > at:
            self.at = pattern[1]
            return Token(pattern[0])
        if self.regexp:
            self.at = value_end(raw, at, dangling=self.dangling)
        else:
            self.at = at
            while self.at < len(raw) and not raw[self.at].isspace():
                self.at += 1
        return Token(raw[at : self.at])


def _with(token: Token, *, negated: bool) -> Token:
    return Token(
        token.text,
        quoted=token.quoted,
        field=token.field,
        negated=negated,
        slashed=token.slashed,
    )


def field_at(raw: str, at: int) -> tuple[str, bool, int] | None:
    """(canonical field, negated, where its value starts) for a known `field:` at `at`."""
    start = at + 1 if raw[at : at + 1] == "-" else at
    end = start
    while end < len(raw) and raw[end].isascii() and raw[end].isalpha():
        end += 1
    if end == start or raw[end : end + 1] != ":":
        return None
    name = raw[start:end].lower()
    canonical = FIELD_ALIASES.get(name, name)
    if canonical not in SUPPORTED_FIELDS:
        return None
    return canonical, start > at, end + 1


def _stops_pattern(raw: str, at: int) -> bool:
    """Whether a filter or an `and`/`or`/`not` word starts at `at` (then a parenthesis before
    it groups rather than being pattern text)."""
    if at < len(raw) and field_at(raw, at) is not None:
        return True
    return any(raw[at : at + len(w)].lower() == w for w in ("and ", "or ", "not "))


def balanced_pattern(raw: str, start: int) -> tuple[str, int] | None:
    """A pattern from `start` whose parentheses balance, possibly holding spaces inside them
    (`(a b)`, `foo(x, y)`), and where it ends; it stops before a `)` that closes an enclosing
    group. None when the parentheses do not balance or hold a filter or operator word."""
    if _stops_pattern(raw, start):
        return None
    depth = 0
    out: list[str] = []
    i = start
    while i < len(raw):
        ch = raw[i]
        if ch.isspace() and depth == 0:
            break
        if ch == "(":
            if _stops_pattern(raw, i + 1):
                return None
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch.isspace():
            if _stops_pattern(raw, i + 1):
                return None
        elif ch == "\\" and i + 1 < len(raw):
            out.append(raw[i : i + 2])
            i += 2
            continue
        out.append(ch)
        i += 1
    return ("".join(out), i) if depth == 0 else None


def value_end(raw: str, start: int, *, dangling: bool) -> int:
    """Where a plain value starting at `start` ends: at whitespace, or at a parenthesis unless
    parentheses are pattern text (`dangling`); a backslash escapes the next character."""
    i = start
    while i < len(raw) and not raw[i].isspace():
        if raw[i] in "()" and not dangling:
            break
        i += 2 if raw[i] == "\\" and i + 1 < len(raw) else 1
    return min(i, len(raw))


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def delimited(raw: str, start: int, *, strict: bool) -> tuple[str, int]:
    """The text between the delimiter at `start` and its closing twin, and the index after it.
    `\\n`, `\\t`, `\\r`, an escaped backslash or delimiter are read; other escapes are kept
    (or, `strict`, refused)."""
    quote = raw[start]
    out: list[str] = []
    i = start + 1
    while i < len(raw):
        ch = raw[i]
        if ch == quote:
            return "".join(out), i + 1
        if ch == "\\":
            if i + 1 >= len(raw):
                raise QuerySyntaxError("unterminated escape sequence")
            escaped = raw[i + 1]
            if escaped in _ESCAPES:
                out.append(_ESCAPES[escaped])
            elif escaped in ("\\", quote):
                out.append(escaped)
            elif escaped in "abfv" or not strict:
                out.append("\\" + escaped)
            else:
                raise QuerySyntaxError("unrecognized escape sequence")
            i += 2
            continue
        out.append(ch)
        i += 1
    raise QuerySyntaxError(f"unterminated literal: expected {quote}")
