"""Parse Sourcegraph queries into a typed Query, with the errors Sourcegraph gives.

This slice knows the pattern types keyword (the default), literal and regexp, quoted phrases and
`/regex/` terms, and the filters `repo:`, `file:`, `lang:`, `case:`, `count:`, `type:`,
`patterntype:` and `context:`. Other Sourcegraph fields are recognised and rejected with a message
saying the practice engine does not support them yet, so no query silently means something else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kit.errors import QuerySyntaxError
from kit.search.languages import Language, language_for_alias
from kit.search.regex import compile_re2, literal_pattern

DEFAULT_MATCH_LIMIT = 10_000
"""Streaming search's default limit since Sourcegraph 5.3."""

COUNT_ALL = 99_999_999


class PatternType(StrEnum):
    """How the pattern part of a query is read."""

    KEYWORD = "keyword"
    LITERAL = "literal"
    REGEXP = "regexp"


class ResultType(StrEnum):
    """What a query returns, from `type:` (or, without it, file contents and paths)."""

    FILE = "file"
    PATH = "path"


_ALIASES = {
    "r": "repo",
    "f": "file",
    "path": "file",
    "l": "lang",
    "language": "lang",
    "patterntype": "patterntype",
}
_SUPPORTED = {"repo", "file", "lang", "case", "count", "type", "patterntype", "context", "content"}
_KNOWN_ELSEWHERE = {
    "fork",
    "archived",
    "visibility",
    "timeout",
    "select",
    "author",
    "committer",
    "message",
    "m",
    "msg",
    "before",
    "after",
    "until",
    "since",
    "rev",
    "revision",
    "index",
    "rule",
    "repohasfile",
    "repohascommitafter",
}
_ONCE = {"case", "count", "patterntype", "type", "context"}
_NOT_NEGATABLE = {"case", "count", "patterntype", "type", "context"}
_BOOLEAN_OPERATORS = {"and", "or", "not"}


@dataclass(frozen=True)
class Term:
    """One pattern term: literal text or an RE2 regular expression."""

    text: str
    is_regex: bool = False

    @property
    def pattern(self) -> str:
        """This term as an RE2 pattern."""
        return self.text if self.is_regex else literal_pattern(self.text)


@dataclass(frozen=True)
class FilterSet:
    """Repository, file and language filters; every include must match, no exclude may."""

    repo_include: tuple[str, ...] = ()
    repo_exclude: tuple[str, ...] = ()
    file_include: tuple[str, ...] = ()
    file_exclude: tuple[str, ...] = ()
    lang_include: tuple[Language, ...] = ()
    lang_exclude: tuple[Language, ...] = ()


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms (ANDed for keyword search), filters and options."""

    raw: str
    pattern_type: PatternType
    terms: tuple[Term, ...]
    filters: FilterSet = field(default_factory=FilterSet)
    case_sensitive: bool = False
    count: int = DEFAULT_MATCH_LIMIT
    result_type: ResultType | None = None

    @property
    def repo_only(self) -> bool:
        """True when the query has no pattern and only repository filters: a repository list."""
        f = self.filters
        has_file_scope = f.file_include or f.file_exclude or f.lang_include or f.lang_exclude
        return not self.terms and not has_file_scope and self.result_type is None


@dataclass(frozen=True)
class _Token:
    text: str
    quoted: bool = False
    field: str | None = None
    negated: bool = False


def parse_query(raw: str, default_pattern_type: PatternType = PatternType.KEYWORD) -> Query:
    """Parse `raw`; raise QuerySyntaxError with Sourcegraph's message when it is invalid."""
    tokens = _tokenize(raw)
    fields: dict[str, list[_Token]] = {}
    patterns: list[_Token] = []
    for token in tokens:
        if token.field is None:
            if not token.quoted and token.text.lower() in _BOOLEAN_OPERATORS:
                raise QuerySyntaxError(
                    f"the practice engine does not support the {token.text.upper()} operator yet"
                )
            patterns.append(token)
        else:
            fields.setdefault(token.field, []).append(token)

    for name, values in fields.items():
        if name in _ONCE and len(values) > 1:
            raise QuerySyntaxError(f'field "{name}" may only be used once')
        if name in _NOT_NEGATABLE and any(v.negated for v in values):
            raise QuerySyntaxError(f'field "{name}" does not support negation')

    pattern_type = _pattern_type(fields.get("patterntype"), default_pattern_type)
    case_sensitive = _case(fields.get("case"))
    count = _count(fields.get("count"))
    result_type = _result_type(fields.get("type"))
    if "content" in fields:
        patterns.extend(_Token(t.text, quoted=True) for t in fields["content"])
    terms = _terms(patterns, pattern_type)
    filters = _filters(fields)
    return Query(
        raw=raw,
        pattern_type=pattern_type,
        terms=terms,
        filters=filters,
        case_sensitive=case_sensitive,
        count=count,
        result_type=result_type,
    )


def _tokenize(raw: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        if raw[i] in "\"'":
            text, i = _read_quoted(raw, i)
            tokens.append(_Token(text, quoted=True))
            continue
        start = i
        while i < n and not raw[i].isspace():
            i += 1
        word = raw[start:i]
        field_token = _as_field(word, raw, start, i)
        if field_token is None:
            tokens.append(_Token(word))
            continue
        token, i = field_token
        tokens.append(token)
    return tokens


def _as_field(word: str, raw: str, start: int, end: int) -> tuple[_Token, int] | None:
    head, sep, _ = word.partition(":")
    if not sep:
        return None
    negated = head.startswith("-")
    name = head[1:] if negated else head
    if not name.replace(".", "").replace("_", "").isalpha() or word[len(head) + 1 :].startswith(
        "//"
    ):
        return None  # not a field name, or a URL such as `https://example.com`
    canonical = _ALIASES.get(name.lower(), name.lower())
    if canonical not in _SUPPORTED:
        if canonical in _KNOWN_ELSEWHERE:
            raise QuerySyntaxError(
                f'the practice engine does not support the "{canonical}" filter yet'
            )
        raise QuerySyntaxError(f'unrecognized field "{name}"')
    value_start = start + len(head) + 1
    if value_start < len(raw) and raw[value_start] in "\"'":
        value, next_index = _read_quoted(raw, value_start)
        return _Token(value, quoted=True, field=canonical, negated=negated), next_index
    return _Token(raw[value_start:end], field=canonical, negated=negated), end


def _read_quoted(raw: str, start: int) -> tuple[str, int]:
    quote = raw[start]
    out: list[str] = []
    i = start + 1
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
            continue
        if ch == quote:
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise QuerySyntaxError(f"unterminated quoted string starting at character {start + 1}")


def _pattern_type(values: list[_Token] | None, default: PatternType) -> PatternType:
    if not values:
        return default
    value = values[0].text.lower()
    if value == "standard":
        raise QuerySyntaxError("the practice engine does not support patterntype:standard yet")
    try:
        return PatternType(value)
    except ValueError:
        allowed = ", ".join(p.value for p in PatternType)
        raise QuerySyntaxError(f'invalid patterntype "{value}" (use {allowed})') from None


def _case(values: list[_Token] | None) -> bool:
    if not values:
        return False
    value = values[0].text.lower()
    if value in {"yes", "y", "true"}:
        return True
    if value in {"no", "n", "false"}:
        return False
    raise QuerySyntaxError(f'invalid value "{values[0].text}" for field "case" (use yes or no)')


def _count(values: list[_Token] | None) -> int:
    if not values:
        return DEFAULT_MATCH_LIMIT
    value = values[0].text
    if value.lower() == "all":
        return COUNT_ALL
    if value.isdigit() and 0 < int(value) <= 2**31 - 1:
        return int(value)
    raise QuerySyntaxError(f'field "count" must be a positive number or "all", not "{value}"')


def _result_type(values: list[_Token] | None) -> ResultType | None:
    if not values:
        return None
    value = values[0].text.lower()
    try:
        return ResultType(value)
    except ValueError:
        if value in {"symbol", "repo", "commit", "diff"}:
            raise QuerySyntaxError(
                f"the practice engine does not support type:{value} yet"
            ) from None
        raise QuerySyntaxError(f'invalid value "{value}" for field "type"') from None


def _terms(patterns: list[_Token], pattern_type: PatternType) -> tuple[Term, ...]:
    if not patterns:
        return ()
    if pattern_type is PatternType.LITERAL:
        return (Term(" ".join(_literal_text(t) for t in patterns)),)
    if pattern_type is PatternType.REGEXP:
        regex = "(.*?)".join(t.text for t in patterns)
        _compile_checked(regex)
        return (Term(regex, is_regex=True),)
    terms: list[Term] = []
    for token in patterns:
        if not token.quoted and len(token.text) > 2 and token.text[0] == token.text[-1] == "/":
            body = token.text[1:-1]
            _compile_checked(body)
            terms.append(Term(body, is_regex=True))
        else:
            terms.append(Term(token.text))
    return tuple(terms)


def _literal_text(token: _Token) -> str:
    quote = '"' if token.quoted else ""
    return f"{quote}{token.text}{quote}"


def _compile_checked(regex: str) -> None:
    compile_re2(regex, case_sensitive=True)


def _filters(fields: dict[str, list[_Token]]) -> FilterSet:
    def regexes(name: str, negated: bool) -> tuple[str, ...]:
        found = tuple(t.text for t in fields.get(name, []) if t.negated == negated)
        for value in found:
            _compile_checked(value)
        return found

    def languages(negated: bool) -> tuple[Language, ...]:
        out: list[Language] = []
        for token in fields.get("lang", []):
            if token.negated != negated:
                continue
            lang = language_for_alias(token.text)
            if lang is None:
                raise QuerySyntaxError(f'unknown language: "{token.text}"')
            out.append(lang)
        return tuple(out)

    return FilterSet(
        repo_include=regexes("repo", False),
        repo_exclude=regexes("repo", True),
        file_include=regexes("file", False),
        file_exclude=regexes("file", True),
        lang_include=languages(False),
        lang_exclude=languages(True),
    )
