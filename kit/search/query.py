"""Parse Sourcegraph queries into a typed Query, with the errors Sourcegraph gives.

The engine knows the pattern types keyword (the default), literal and regexp, quoted phrases and
`/regex/` terms, AND/OR/NOT with parentheses (`kit.search.expression`), and the filters `repo:`,
`file:`, `lang:`, `content:`, `case:`, `count:`, `type:`, `patterntype:` and `context:`. Other
Sourcegraph fields are recognised and rejected with a message saying the practice engine does not
support them yet, so no query silently means something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import cast

from kit.errors import QuerySyntaxError
from kit.search import expression
from kit.search.commit_query import (
    COMMIT_FIELDS,
    CommitFilters,
    check_commit_fields,
    commit_filters,
)
from kit.search.git_dates import parse_git_date
from kit.search.languages import Language, language_for_alias
from kit.search.regex import compile_re2, literal_pattern
from kit.search.revision_query import RevisionScope, revision_scope, split_repo_revision
from kit.search.structural import validate_structural_pattern
from kit.search.symbol_kinds import SYMBOL_KINDS

DEFAULT_MATCH_LIMIT = 10_000
"""Streaming search's default limit since Sourcegraph 5.3."""

COUNT_ALL = 99_999_999


class PatternType(StrEnum):
    """How the pattern part of a query is read."""

    KEYWORD = "keyword"
    STANDARD = "standard"
    LITERAL = "literal"
    REGEXP = "regexp"
    STRUCTURAL = "structural"


class ResultType(StrEnum):
    """What a query returns, from `type:` (or, without it, file contents and paths)."""

    FILE = "file"
    PATH = "path"
    REPO = "repo"
    SYMBOL = "symbol"
    COMMIT = "commit"
    DIFF = "diff"

    @property
    def searches_history(self) -> bool:
        """True for commit and diff search (results come from git history, not files)."""
        return self in (ResultType.COMMIT, ResultType.DIFF)


class Select(StrEnum):
    """What `select:` keeps of each result (de-duplicated)."""

    REPO = "repo"
    FILE = "file"
    FILE_DIRECTORY = "file.directory"
    CONTENT = "content"
    SYMBOL = "symbol"
    COMMIT = "commit"
    COMMIT_DIFF_ADDED = "commit.diff.added"
    COMMIT_DIFF_REMOVED = "commit.diff.removed"


_SELECT_ALIASES = {"file.path": Select.FILE}
_SELECT_LATER = {"file.owners"}
_SELECT_FIELDS = {
    "": {"repo", "file", "content", "symbol", "commit"},
    "file": {"path", "directory", "owners"},
    "commit": {"diff"},
    "commit.diff": {"added", "removed"},
}


_ALIASES = {
    "r": "repo",
    "f": "file",
    "path": "file",
    "l": "lang",
    "language": "lang",
    "patterntype": "patterntype",
    "m": "message",
    "msg": "message",
    "until": "before",
    "since": "after",
    "revision": "rev",
}
_SUPPORTED = {
    "repo",
    "file",
    "lang",
    "case",
    "count",
    "type",
    "patterntype",
    "context",
    "content",
    "select",
    "timeout",
    "fork",
    "archived",
    "visibility",
    "rev",
    *COMMIT_FIELDS,
}
_KNOWN_ELSEWHERE = {
    "index",
    "rule",
    "repohasfile",
    "repohascommitafter",
}
_REPO_STATES = {"fork", "archived", "visibility"}
_ONCE = {
    "case",
    "count",
    "patterntype",
    "type",
    "context",
    "select",
    "timeout",
    "rev",
    "before",
    "after",
    *_REPO_STATES,
}
_NOT_NEGATABLE = _ONCE
_GLOBAL = {*_ONCE, *COMMIT_FIELDS}
"""Fields that set the query's parameters wherever they stand, never part of AND/OR/NOT."""


@dataclass(frozen=True)
class Term:
    """One pattern term: literal text or an RE2 regular expression."""

    text: str
    is_regex: bool = False
    content_only: bool = False
    """For `content:`: the term is looked for in file contents only, never in paths."""
    structural: bool = False
    """A Comby template (`patterntype:structural`), matched in contents by `kit.search.structural`."""

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
class PatternTest:
    """A pattern leaf of a boolean query: the file's content (or path) matches `term`."""

    term: Term


@dataclass(frozen=True)
class FilterTest:
    """A filter leaf of a boolean query: `repo`, `file` or `content`-free `lang` on one file."""

    field: str
    regex: str = ""
    language: Language | None = None
    content: str = ""
    """For `repo:has.file(path:... content:...)`: the content regex (empty: any content); for
    `repo:has.meta(key:value)`: the value (`*`: any value, empty: no value, `/re/`: a regex)."""
    after: datetime | None = None
    """For `repo:has.commit.after(date)`: the date."""


@dataclass(frozen=True)
class AllOf:
    """Every part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class NoneOf:
    """The part does not hold."""

    part: Condition


Condition = PatternTest | FilterTest | AllOf | AnyOf | NoneOf


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
    fork: str = "no"
    """`fork:` yes (include forks), no (the default: leave them out) or only."""
    archived: str = "no"
    """`archived:` yes, no (the default) or only."""
    visibility: str = "any"
    """`visibility:` any (the default), public or private."""
    select: Select | None = None
    symbol_kind: str | None = None
    """For `select:symbol.<kind>`: keep only symbols of that kind (a name from SYMBOL_KINDS)."""
    timeout_seconds: float | None = None
    commit: CommitFilters = field(default_factory=CommitFilters)
    """`author:`, `committer:`, `message:`, `before:`, `after:` (read by commit and diff search)."""
    revisions: RevisionScope = field(default_factory=RevisionScope)
    """`repo:x@rev` and `rev:` (empty: every repository's default branch)."""
    condition: Condition | None = None
    """Set for queries with AND/OR/NOT or parentheses; flat queries use `terms` and `filters`."""

    @property
    def repo_only(self) -> bool:
        """True when the query has no pattern and only repository filters: a repository list."""
        if self.result_type is ResultType.REPO:
            return False
        if self.condition is not None:
            return self.result_type is None and all(
                isinstance(t, FilterTest) and t.field.startswith("repo")
                for t in _tests(self.condition)
            )
        f = self.filters
        has_file_scope = f.file_include or f.file_exclude or f.lang_include or f.lang_exclude
        return not self.terms and not has_file_scope and self.result_type is None


def _tests(condition: Condition) -> list[PatternTest | FilterTest]:
    if isinstance(condition, PatternTest | FilterTest):
        return [condition]
    if isinstance(condition, NoneOf):
        return _tests(condition.part)
    return [t for part in condition.parts for t in _tests(part)]


@dataclass(frozen=True)
class _Token:
    text: str
    quoted: bool = False
    field: str | None = None
    negated: bool = False
    paren: str | None = None
    revisions: tuple[str, ...] = ()
    """For `repo:x@a:b`: the revisions after the `@` (the text keeps only `x`)."""


def parse_query(raw: str, default_pattern_type: PatternType = PatternType.KEYWORD) -> Query:
    """Parse `raw`; raise QuerySyntaxError with Sourcegraph's message when it is invalid."""
    tokens = _split_revisions(_tokenize(raw))
    fields: dict[str, list[_Token]] = {}
    patterns: list[_Token] = []
    for token in tokens:
        if token.paren is not None or expression.is_operator(token):
            continue
        if token.field is None:
            patterns.append(token)
        else:
            fields.setdefault(token.field, []).append(token)

    for name, values in fields.items():
        if name in _ONCE and len(values) > 1:
            raise QuerySyntaxError(f'field "{name}" may not be used more than once')
        if name in _NOT_NEGATABLE and any(v.negated for v in values):
            raise QuerySyntaxError(f'field "{name}" does not support negation')

    select, symbol_kind = _select(fields.get("select"))
    result_type = _selected_type(_result_type(fields.get("type")), select)
    check_commit_fields(
        [t.field for t in tokens if t.field],
        commit_search=result_type is not None and result_type.searches_history,
    )
    pattern_type = _pattern_type(fields.get("patterntype"), default_pattern_type)
    case_sensitive = _case(fields.get("case"))
    count = _count(fields.get("count"))
    fork, archived, visibility = _repo_states(fields)
    commit = commit_filters(
        {name: [(t.text, t.negated) for t in fields.get(name, [])] for name in COMMIT_FIELDS}
    )
    revisions = revision_scope(
        [(t.text, t.revisions, t.negated) for t in fields.get("repo", []) if not _is_predicate(t)],
        [t.text for t in fields.get("rev", [])],
    )
    timeout_seconds = _timeout(fields.get("timeout"))
    _search_context(fields.get("context"))
    condition: Condition | None = None
    terms: tuple[Term, ...] = ()
    filters = FilterSet()
    if pattern_type is PatternType.STRUCTURAL:
        terms, filters = _structural_terms(raw, fields, result_type), _filters(fields)
    elif (
        expression.has_structure(tokens)
        or any(_is_predicate(t) for t in tokens)
        or any(t.negated for t in fields.get("content", []))
    ):
        tree = expression.parse_expression([t for t in tokens if t.field not in _GLOBAL])
        condition = _condition(tree, pattern_type)
    else:
        content = tuple(_content_term(t, pattern_type) for t in fields.get("content", []))
        terms, filters = _terms(patterns, pattern_type) + content, _filters(fields)
    return Query(
        raw=raw,
        pattern_type=pattern_type,
        terms=terms,
        filters=filters,
        case_sensitive=case_sensitive,
        count=count,
        result_type=result_type,
        fork=fork,
        archived=archived,
        visibility=visibility,
        select=select,
        symbol_kind=symbol_kind,
        timeout_seconds=timeout_seconds,
        commit=commit,
        revisions=revisions,
        condition=condition,
    )


def _structural_terms(
    raw: str, fields: dict[str, list[_Token]], result_type: ResultType | None
) -> tuple[Term, ...]:
    """The whole pattern part of a structural query is one Comby template (whitespace and
    quotes kept as written; `and`/`or`/`not` are template text)."""
    if result_type is not None:
        raise QuerySyntaxError(
            "this structural search query specifies `type:` and is not supported. Structural "
            "search syntax only applies to searching file contents"
        )
    template = " ".join(word for word in raw.split() if not _is_field_word(word))
    if not template:
        raise QuerySyntaxError("a structural search needs a template, such as fmt.Errorf(:[args])")
    languages = fields.get("lang", [])
    validate_structural_pattern(template, language=languages[0].text if languages else None)
    return (Term(template, structural=True),)


def _is_field_word(word: str) -> bool:
    """Whether a whitespace-separated word of the query is a filter (`lang:go`, `-file:x`)."""
    head, sep, _ = word.partition(":")
    name = head.removeprefix("-").lower()
    return bool(sep) and _ALIASES.get(name, name) in _SUPPORTED


def _selected_type(result_type: ResultType | None, select: Select | None) -> ResultType | None:
    """The result type `select:` implies when `type:` does not say (symbols, commits, diffs)."""
    implied = (
        {
            Select.SYMBOL: ResultType.SYMBOL,
            Select.COMMIT: ResultType.COMMIT,
            Select.COMMIT_DIFF_ADDED: ResultType.DIFF,
            Select.COMMIT_DIFF_REMOVED: ResultType.DIFF,
        }.get(select)
        if select is not None
        else None
    )
    if result_type is None:
        return implied
    if implied is ResultType.DIFF and result_type is not ResultType.DIFF:
        raise QuerySyntaxError(f"select:{select} requires type:diff")
    return result_type


def _split_revisions(tokens: list[_Token]) -> list[_Token]:
    """`repo:x@rev` tokens become `repo:x` tokens that carry the revisions."""
    out: list[_Token] = []
    for token in tokens:
        if token.field == "repo" and not _is_predicate(token) and "@" in token.text:
            regex, revs = split_repo_revision(token.text)
            token = replace(token, text=regex, revisions=revs)
        out.append(token)
    return out


def _condition(node: expression.Node, pattern_type: PatternType) -> Condition:
    """Compile a parsed boolean tree: patterns read by the pattern type, filters checked."""
    if isinstance(node, expression.Not):
        return NoneOf(_condition(node.child, pattern_type))
    if isinstance(node, expression.Leaf):
        return _leaf(cast(_Token, node.token), pattern_type)
    if isinstance(node, expression.Or):
        return AnyOf(tuple(_condition(child, pattern_type) for child in node.children))
    parts: list[Condition] = []
    run: list[_Token] = []  # adjacent plain patterns: one phrase for literal and regexp search

    def flush() -> None:
        parts.extend(PatternTest(term) for term in _terms(run, pattern_type))
        run.clear()

    for child in node.children:
        token = child.token if isinstance(child, expression.Leaf) else None
        if token is not None and token.field is None:
            run.append(cast(_Token, token))
            continue
        flush()
        parts.append(_condition(child, pattern_type))
    flush()
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _leaf(token: _Token, pattern_type: PatternType) -> Condition:
    """One pattern or filter (its negation, if any, is the NoneOf around it)."""
    if token.field is None:
        (term,) = _terms([token], pattern_type)
        return PatternTest(term)
    if token.field == "content":
        return PatternTest(_content_term(token, pattern_type))
    if _is_predicate(token):
        return _predicate(token)
    if token.field == "lang":
        language = language_for_alias(token.text)
        if language is None:
            raise QuerySyntaxError(f'unknown language: "{token.text}"')
        return FilterTest("lang", language=language)
    _compile_checked(token.text)
    return FilterTest(token.field, regex=token.text)


def _content_term(token: _Token, pattern_type: PatternType) -> Term:
    """`content:x`: x read literally (a regexp in regexp search), matched in contents only."""
    is_regex = pattern_type is PatternType.REGEXP
    if is_regex:
        _compile_checked(token.text)
    return Term(token.text, is_regex=is_regex, content_only=True)


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
            i = _closing_parens(raw, i, tokens)
            continue
        if raw[i] == "(" and raw[i + 1 : i + 2] in ("'", '"'):
            tokens.append(_Token("(", paren="("))  # a group opening on a quoted string
            i += 1
            continue
        start = i
        while i < n and not raw[i].isspace():
            i += 1
        i = _balanced_end(raw, start, i)
        word = raw[start:i]
        opens, closes = _grouping_parens(word)
        tokens.extend(_Token("(", paren="(") for _ in range(opens))
        start += opens
        word = word[opens : len(word) - closes]
        if word:
            field_token = _as_field(word, raw, start, start + len(word))
            if field_token is None:
                tokens.append(_Token(word))
            else:
                token, end = field_token
                tokens.append(token)
                if end > start + len(word):  # a quoted value ran past the word
                    i = _closing_parens(raw, end, tokens)
                    continue
        tokens.extend(_Token(")", paren=")") for _ in range(closes))
    return tokens


def _parens(text: str) -> list[tuple[int, int]]:
    """(index, +1 or -1) of every parenthesis in `text` not escaped by a backslash."""
    found: list[tuple[int, int]] = []
    escaped = False
    for index, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "()":
            found.append((index, 1 if ch == "(" else -1))
    return found


def _balanced_end(raw: str, start: int, end: int) -> int:
    """Where a pattern starting at `start` ends: a word whose own parenthesis opens (after the
    group-opening ones) runs on past spaces until it closes, as Sourcegraph reads
    `isinstance(value, str)` as one pattern. Unclosed by the end of the query: the word alone."""
    lead = len(raw[start:end]) - len(raw[start:end].lstrip("("))
    depth = sum(step for _, step in _parens(raw[start + lead : end]))
    if depth <= 0 or not any(step > 0 for _, step in _parens(raw[start + lead : end])):
        return end
    i = end
    while i < len(raw):
        ch = raw[i]
        if ch == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1
        if depth == 0:
            while i < len(raw) and not raw[i].isspace():
                i += 1
            return i
    return end


def _grouping_parens(word: str) -> tuple[int, int]:
    """How many leading '(' open a group and trailing ')' close one: only those the word itself
    leaves unbalanced, so `foo()`, `(a|b)c`, `repo:(x|y)` and `foo\\)` stay whole."""
    parens = _parens(word)
    balance = sum(step for _, step in parens)
    opens = min(max(balance, 0), len(word) - len(word.lstrip("(")))
    trailing = 0
    for index, step in reversed(parens):
        if step > 0 or index != len(word) - 1 - trailing:
            break
        trailing += 1
    closes = min(max(-balance, 0), trailing)
    core = word[opens : len(word) - closes]
    while len(core) > 2 and core[0] == "(" and _closing_index(core) == len(core) - 1:
        core, opens, closes = core[1:-1], opens + 1, closes + 1  # `(TODO)` is a group
    return opens, closes


def _closing_index(text: str) -> int:
    """Index of the parenthesis closing the one at `text[0]`, or -1."""
    depth = 0
    for index, step in _parens(text):
        depth += step
        if depth == 0:
            return index
    return -1


def _closing_parens(raw: str, i: int, tokens: list[_Token]) -> int:
    """Closing parentheses glued to the end of a quoted string: `("a b")`."""
    while i < len(raw) and raw[i] == ")":
        tokens.append(_Token(")", paren=")"))
        i += 1
    return i


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
    predicate = _PREDICATE_START.match(raw, value_start)
    if predicate is not None and canonical in {"repo", "file"}:
        close = _matching_paren(raw, predicate.end() - 1)
        text = raw[value_start : close + 1]
        return _Token(text, field=canonical, negated=negated), close + 1
    if value_start < len(raw) and raw[value_start] in "\"'":
        value, next_index = _read_quoted(raw, value_start)
        return _Token(value, quoted=True, field=canonical, negated=negated), next_index
    return _Token(raw[value_start:end], field=canonical, negated=negated), end


def _is_predicate(token: _Token) -> bool:
    return (
        token.field in {"repo", "file"}
        and not token.quoted
        and _PREDICATE_START.match(token.text) is not None
    )


_PREDICATES_LATER = {"file": {"has.owner", "has.contributor"}}


def _predicate(token: _Token) -> FilterTest:
    """`repo:has.file(...)`, `repo:has.path(...)`, `repo:has.content(...)`, `file:has.content(...)`."""
    field = str(token.field)
    name, _, rest = token.text.partition("(")
    name = name.lower()
    if name.startswith("contains."):
        name = "has." + name.removeprefix("contains.")
    argument = rest[:-1].strip()
    where = f"{field}:{name}"
    if name in _PREDICATES_LATER.get(field, set()):
        raise QuerySyntaxError(f"the practice engine does not support {where}() yet")
    if (field, name) == ("repo", "has.file"):
        path, content = argument, ""
        parts = dict(
            part.split(":", 1)
            for part in argument.split()
            if part.split(":", 1)[0] in ("path", "content")
        )
        if parts:
            path, content = parts.get("path", ""), parts.get("content", "")
        for regex in (path, content):
            _compile_checked(regex)
        return FilterTest("repo:has.file", regex=path, content=content)
    if field == "repo" and name in _REPO_METADATA_PREDICATES:
        return _repo_metadata_predicate(name, argument, token.negated)
    if (field, name) in {("repo", "has.path"), ("repo", "has.content"), ("file", "has.content")}:
        if not argument:
            raise QuerySyntaxError(f"{where}() needs a regular expression")
        _compile_checked(argument)
        return FilterTest(f"{field}:{name}", regex=argument)
    raise QuerySyntaxError(f'unknown predicate "{where}"')


_REPO_METADATA_PREDICATES = {
    "has",
    "has.description",
    "has.topic",
    "has.meta",
    "has.key",
    "has.tag",
    "has.commit.after",
}


def _repo_metadata_predicate(name: str, argument: str, negated: bool) -> FilterTest:
    """The predicates on what the code host and git say about a repository (see
    `kit.search.repo_predicates`)."""
    if not argument:
        raise QuerySyntaxError(f"repo:{name}() needs a value inside the parentheses")
    if name == "has.description":
        if negated:
            raise QuerySyntaxError("the repo:has.description() predicate cannot be negated")
        regex = ".*?".join(argument.split())
        _compile_checked(regex)
        return FilterTest("repo:has.description", regex=regex)
    if name == "has.topic":
        return FilterTest("repo:has.topic", regex=argument)
    if name == "has.commit.after":
        when = parse_git_date(argument, datetime.now(UTC))
        return FilterTest("repo:has.commit.after", regex=argument, after=when)
    key, colon, value = argument.partition(":")
    if name == "has.tag":
        key, value = argument, ""  # a tag is a key without a value
    elif not colon:
        value = "*"
    if value.startswith("/") and value.endswith("/") and len(value) > 1:
        _compile_checked(value[1:-1])
    return FilterTest("repo:has.meta", regex=key.strip(), content=value.strip())


_PREDICATE_START = re.compile(r"(?:has|contains)(?:\.[a-z]+)*\(", re.IGNORECASE)


def _matching_paren(raw: str, open_at: int) -> int:
    depth = 0
    for index in range(open_at, len(raw)):
        depth += {"(": 1, ")": -1}.get(raw[index], 0)
        if depth == 0:
            return index
    raise QuerySyntaxError(f"unbalanced parentheses in predicate starting at character {open_at}")


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
    value = {"regex": "regexp"}.get(value, value)
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
    raise QuerySyntaxError(f'invalid boolean "{values[0].text}" for field "case" (use yes or no)')


def _count(values: list[_Token] | None) -> int:
    if not values:
        return DEFAULT_MATCH_LIMIT
    value = values[0].text
    if value.lower() == "all":
        return COUNT_ALL
    if not value.isdigit():
        raise QuerySyntaxError(
            f'field count has value {value}, {value} is not a number (use a number or "all")'
        )
    if int(value) > 2**31 - 1:
        raise QuerySyntaxError(
            "field count has a value that is out of range, try making it smaller"
        )
    if int(value) == 0:
        raise QuerySyntaxError("field count requires a positive number")
    return int(value)


def _result_type(values: list[_Token] | None) -> ResultType | None:
    if not values:
        return None
    value = values[0].text.lower()
    try:
        return ResultType(value)
    except ValueError:
        raise QuerySyntaxError(f'invalid value "{value}" for field "type"') from None


def _search_context(values: list[_Token] | None) -> None:
    """`context:`: the practice Sourcegraph has one search context, `global` (every repository)."""
    if values and values[0].text.lower().lstrip("@") != "global":
        raise QuerySyntaxError(
            f'search context not found: "{values[0].text}" (the practice Sourcegraph has only '
            '"global")'
        )


def _select(values: list[_Token] | None) -> tuple[Select | None, str | None]:
    """`select:` as Sourcegraph validates it: `invalid field "x" on select path "a.x"`; the
    symbol kind of `select:symbol.<kind>`."""
    if not values:
        return None, None
    path = values[0].text.lower()
    parts = path.split(".")
    for depth, part in enumerate(parts):
        parent = ".".join(parts[:depth])
        allowed = _SELECT_FIELDS.get(parent)
        if parent == "symbol":
            allowed = set(SYMBOL_KINDS)
        elif parent.startswith("symbol."):
            allowed = set()
        if allowed is not None and part not in allowed:
            raise QuerySyntaxError(f'invalid field "{part}" on select path "{path}"')
    if path in _SELECT_ALIASES:
        return _SELECT_ALIASES[path], None
    if any(path == later or path.startswith(later + ".") for later in _SELECT_LATER):
        raise QuerySyntaxError(f"the practice engine does not support select:{path} yet")
    if parts[0] == "symbol":
        return Select.SYMBOL, parts[1] if len(parts) > 1 else None
    return Select(path), None


_STATE_VALUES = {"fork": ("yes", "no", "only"), "archived": ("yes", "no", "only")}
_VISIBILITY_VALUES = ("any", "public", "private")


def _repo_states(fields: dict[str, list[_Token]]) -> tuple[str, str, str]:
    """`fork:`, `archived:` and `visibility:`. Forks and archived repositories are left out
    unless asked for, or unless the query names one repository exactly (`repo:^name$`)."""
    exact = any(
        t.text.startswith("^") and t.text.endswith("$") and not t.negated
        for t in fields.get("repo", [])
    )
    states = []
    for name, allowed in _STATE_VALUES.items():
        value = fields[name][0].text.lower() if name in fields else ("yes" if exact else "no")
        value = {"y": "yes", "true": "yes", "n": "no", "false": "no"}.get(value, value)
        if value not in allowed:
            raise QuerySyntaxError(
                f'invalid value "{fields[name][0].text}" for field "{name}". Valid values are: '
                "yes, only, no"
            )
        states.append(value)
    visibility = fields["visibility"][0].text.lower() if "visibility" in fields else "any"
    if visibility not in _VISIBILITY_VALUES:
        raise QuerySyntaxError(
            f'invalid value "{visibility}" for field "visibility" (use any, public or private)'
        )
    return states[0], states[1], visibility


_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def _timeout(values: list[_Token] | None) -> float | None:
    """`timeout:` as a Go duration (`15s`, `1m30s`, `500ms`), in seconds."""
    if not values:
        return None
    text = values[0].text
    parts = re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise QuerySyntaxError(
            f'invalid value for field \'timeout\' (examples: "timeout:2s", "timeout:200ms"), '
            f'not "{text}"'
        )
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


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
    phrase: list[_Token] = []  # standard search: adjacent literal words form one phrase
    for token in patterns:
        if not token.quoted and len(token.text) > 2 and token.text[0] == token.text[-1] == "/":
            if phrase:
                terms.append(Term(" ".join(_literal_text(t) for t in phrase)))
                phrase.clear()
            body = token.text[1:-1]
            _compile_checked(body)
            terms.append(Term(body, is_regex=True))
        elif pattern_type is PatternType.STANDARD:
            phrase.append(token)
        else:
            terms.append(Term(token.text))
    if phrase:
        terms.append(Term(" ".join(_literal_text(t) for t in phrase)))
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
