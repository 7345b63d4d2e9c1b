"""Split a raw query into tokens: words, quoted strings, `field:value` pairs and parentheses."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kit.errors import QuerySyntaxError
from kit.search.commit_query import COMMIT_FIELDS
from kit.search.expression import OPERATORS
from kit.search.revision_query import split_repo_revision

FIELD_ALIASES = {
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
LEGACY_FIELDS = {"repohasfile", "repohascommitafter"}
"""Fields Sourcegraph still reads: `repohasfile:x` is `repo:has.file(path:x)`,
`repohascommitafter:d` is `repo:has.commit.after(d)`."""
UNSUPPORTED_FIELDS = {"rule"}
"""Fields Sourcegraph has that the practice instance reads only to say it does not support them."""
SUPPORTED_FIELDS = {
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
    "index",
    *UNSUPPORTED_FIELDS,
    *LEGACY_FIELDS,
    *COMMIT_FIELDS,
}


@dataclass(frozen=True)
class Token:
    """One word, quoted string, `field:value` pair or parenthesis of a query."""

    text: str
    quoted: bool = False
    field: str | None = None
    negated: bool = False
    paren: str | None = None
    revisions: tuple[str, ...] = ()
    """For `repo:x@a:b`: the revisions after the `@` (the text keeps only `x`)."""
    operator: str | None = None
    """`and`, `or` or `not` when the word is an operator, not pattern text."""
    slashed: bool = False
    """A regexp search pattern written between slashes (`/a b/`): the text is the regexp."""


def tokenize(raw: str) -> list[Token]:
    """The tokens of `raw`, in order; raise QuerySyntaxError for unknown fields or bad quoting."""
    tokens: list[Token] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        if raw[i] in "\"'" and (quoted := _quoted_pattern(raw, i)) is not None:
            text, i = quoted
            tokens.append(Token(text, quoted=True))
            i = _closing_parens(raw, i, tokens)
            continue
        if raw[i] == "(" and raw[i + 1 : i + 2] in ("'", '"'):
            tokens.append(Token("(", paren="("))  # a group opening on a quoted string
            i += 1
            continue
        start = i
        slashed = _slash_regex_end(raw, i)
        if slashed is not None:
            i = slashed  # a /regex/ runs to its closing slash, spaces included
        else:
            while i < n and not raw[i].isspace():
                i += 1
            i = _balanced_end(raw, start, i)
        word = raw[start:i]
        opens, closes = _grouping_parens(word)
        tokens.extend(Token("(", paren="(") for _ in range(opens))
        start += opens
        word = word[opens : len(word) - closes]
        if word:
            field_token = _as_field(word, raw, start, start + len(word))
            if field_token is None:
                tokens.append(Token(word))
            else:
                token, end = field_token
                tokens.append(token)
                if end > start + len(word):  # a quoted value ran past the word
                    i = _closing_parens(raw, end, tokens)
                    continue
        tokens.extend(Token(")", paren=")") for _ in range(closes))
    return [_as_operator(t) for t in tokens]


def _as_operator(token: Token) -> Token:
    """A bare `and`/`or`/`not` word is an operator in keyword and standard search."""
    word = token.text.lower()
    if token.quoted or token.field is not None or token.paren is not None or word not in OPERATORS:
        return token
    return replace(token, operator=word)


def _quoted_pattern(raw: str, start: int) -> tuple[str, int] | None:
    """A quoted pattern and where it ends, or None when the quote does not delimit one (it is
    unterminated, or text follows the closing quote): then, as in Sourcegraph, the quote is a
    character of the pattern (`"`, `""foo"`)."""
    try:
        text, end = _read_quoted(raw, start)
    except QuerySyntaxError:
        return None
    if end < len(raw) and not raw[end].isspace() and raw[end] != ")":
        return None
    return text, end


def _slash_regex_end(raw: str, start: int) -> int | None:
    """The end of a `/regex/` pattern starting at `start` that holds whitespace (Sourcegraph
    reads a slash-delimited regex to its closing slash); None for anything else."""
    if raw[start] != "/":
        return None
    i = start + 1
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == "/":
            after = raw[i + 1 : i + 2]
            closed = after == "" or after.isspace() or after == ")"
            body = raw[start + 1 : i]
            return i + 1 if closed and i > start + 1 and any(c.isspace() for c in body) else None
        i += 1
    return None


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


def _closing_parens(raw: str, i: int, tokens: list[Token]) -> int:
    """Closing parentheses glued to the end of a quoted string: `("a b")`."""
    while i < len(raw) and raw[i] == ")":
        tokens.append(Token(")", paren=")"))
        i += 1
    return i


def _as_field(word: str, raw: str, start: int, end: int) -> tuple[Token, int] | None:
    head, sep, _ = word.partition(":")
    if not sep:
        return None
    negated = head.startswith("-")
    name = head[1:] if negated else head
    if not (name.isascii() and name.isalpha()) or word[len(head) + 1 :].startswith("//"):
        return None  # not a field name (Sourcegraph's are letters only), or a URL
    canonical = FIELD_ALIASES.get(name.lower(), name.lower())
    if canonical not in SUPPORTED_FIELDS:
        return None  # Sourcegraph reads an unknown field (`foo:bar`, `std::vector`) as a pattern
    value_start = start + len(head) + 1
    close = predicate_end(canonical, raw, value_start)
    if close is not None:
        return Token(raw[value_start:close], field=canonical, negated=negated), close
    if value_start < len(raw) and raw[value_start] in "\"'":
        value, next_index = _read_quoted(raw, value_start)
        return Token(value, quoted=True, field=canonical, negated=negated), next_index
    return Token(raw[value_start:end], field=canonical, negated=negated), end


def is_predicate(token: Token) -> bool:
    """Whether `token` is a `repo:` or `file:` predicate such as `repo:has.file(...)`."""
    name, paren, _ = token.text.partition("(")
    return (
        not token.quoted
        and bool(paren)
        and name.lower() in PREDICATES.get(str(token.field), set())
        and token.text.endswith(")")
    )


PREDICATES = {
    "repo": {
        *(f"{verb}.{what}" for verb in ("has", "contains") for what in ("file", "path", "content")),
        "has.commit.after",
        "contains.commit.after",
        "has.description",
        "has",
        "has.key",
        "has.meta",
        "has.tag",
        "has.topic",
    },
    "file": {"has.content", "contains.content", "has.owner", "has.contributor"},
}
"""The predicate names Sourcegraph knows per field; `repo:other(...)` is a plain value."""


def predicate_end(field: str, raw: str, start: int) -> int | None:
    """Where a `field:` predicate whose name starts at `start` ends (after its closing
    parenthesis), or None when no known predicate with balanced parentheses is there."""
    name_end = start
    while name_end < len(raw) and (raw[name_end].isalpha() or raw[name_end] == "."):
        name_end += 1
    if raw[start:name_end].lower() not in PREDICATES.get(field, set()):
        return None
    if raw[name_end : name_end + 1] != "(":
        return None
    depth, i = 0, name_end
    while i < len(raw):
        ch = raw[i]
        if ch == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1
        if depth == 0:
            return i
    return None


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
    raise QuerySyntaxError(f"unterminated literal: expected {quote}")


def is_field_word(word: str) -> bool:
    """Whether a whitespace-separated word of the query is a filter (`lang:go`, `-file:x`)."""
    head, sep, _ = word.partition(":")
    name = head.removeprefix("-").lower()
    return bool(sep) and FIELD_ALIASES.get(name, name) in SUPPORTED_FIELDS


def legacy_predicates(tokens: list[Token]) -> list[Token]:
    """`repohasfile:x` and `repohascommitafter:d` as the `repo:` predicates they stand for."""
    names = {"repohasfile": "has.file(path:{})", "repohascommitafter": "has.commit.after({})"}
    return [
        replace(t, text=names[t.field].format(t.text), field="repo", quoted=False)
        if t.field in names
        else t
        for t in tokens
    ]


def split_revisions(tokens: list[Token]) -> list[Token]:
    """`repo:x@rev` tokens become `repo:x` tokens that carry the revisions."""
    out: list[Token] = []
    for token in tokens:
        if token.field == "repo" and not is_predicate(token) and "@" in token.text:
            regex, revs = split_repo_revision(token.text)
            token = replace(token, text=regex, revisions=revs)
        out.append(token)
    return out
