"""Parse Sourcegraph queries into a typed Query, with the errors Sourcegraph gives.

The engine knows the pattern types keyword (the default), standard, literal, regexp and
structural, quoted phrases and `/regex/` terms, AND/OR/NOT with parentheses
(`kit.search.expression`), and Sourcegraph's filters (`kit.search.query_tokens.SUPPORTED_FIELDS`).
As in Sourcegraph, a `word:` that names no field is part of the pattern (`std::vector`); the few
fields the practice instance does not simulate (`UNSUPPORTED_FIELDS`, custom contexts, code
ownership, `rev:at.time()`) are refused with a message saying what to use instead, so no query
silently means something else. `tests/search/conformance/sourcegraph/` holds the cases from
Sourcegraph's own query tests this parser is checked against.

The parts: `query_tokens` and `query_scan` split the raw query, `query_values` reads parameter fields,
`query_predicates` reads `repo:has.*(...)` predicates, `query_model` holds the parsed types (all
re-exported here).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import cast

from kit.errors import QuerySyntaxError
from kit.search import expression
from kit.search.commit_query import COMMIT_FIELDS, check_commit_fields, commit_filters
from kit.search.languages import Language, language_for_alias
from kit.search.query_model import (
    COUNT_ALL,
    DEFAULT_MATCH_LIMIT,
    AllOf,
    AnyOf,
    Condition,
    FilterSet,
    FilterTest,
    NoneOf,
    PatternTest,
    PatternType,
    Query,
    ResultType,
    Select,
    Term,
)
from kit.search.query_predicates import predicate_test
from kit.search.query_scan import scan
from kit.search.query_tokens import (
    Token,
    is_field_word,
    is_predicate,
    legacy_predicates,
    split_revisions,
    tokenize,
)
from kit.search.query_values import (
    check_index,
    check_search_context,
    compile_checked,
    implied_result_type,
    parse_case,
    parse_count,
    parse_pattern_type,
    parse_repo_states,
    parse_result_type,
    parse_select,
    parse_timeout,
)
from kit.search.revision_query import revision_scope
from kit.search.structural import validate_structural_pattern

__all__ = [
    "COUNT_ALL",
    "DEFAULT_MATCH_LIMIT",
    "AllOf",
    "AnyOf",
    "Condition",
    "FilterSet",
    "FilterTest",
    "NoneOf",
    "PatternTest",
    "PatternType",
    "Query",
    "ResultType",
    "Select",
    "Term",
    "parse_query",
]

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
    "index",
    "rule",
    *_REPO_STATES,
}
_NOT_NEGATABLE = _ONCE
_GLOBAL = {*_ONCE, *COMMIT_FIELDS}
"""Fields that set the query's parameters wherever they stand, never part of AND/OR/NOT."""


def parse_query(raw: str, default_pattern_type: PatternType = PatternType.KEYWORD) -> Query:
    """Parse `raw`; raise QuerySyntaxError with Sourcegraph's message when it is invalid."""
    declared = _declared_pattern_type(raw, default_pattern_type)
    written, reread = _read(raw, declared)
    tokens = legacy_predicates(split_revisions(written))
    fields: dict[str, list[Token]] = {}
    patterns: list[Token] = []
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

    check_index(fields.get("index"))
    if "rule" in fields:
        raise QuerySyntaxError(
            "the rule: filter (Comby rewrite rules) is not supported on the practice instance; "
            "use patterntype:structural with a hole such as :[x~regexp] instead"
        )
    select, symbol_kind = parse_select(fields.get("select"))
    result_type = implied_result_type(parse_result_type(fields.get("type")), select)
    if result_type is ResultType.SYMBOL and any(t.field == "repohasfile" for t in written):
        raise QuerySyntaxError(
            "repohasfile is not compatible for type:symbol. Subscribe to "
            "https://github.com/sourcegraph/sourcegraph/issues/4610 for updates"
        )
    check_commit_fields(
        [t.field for t in tokens if t.field],
        commit_search=result_type is not None and result_type.searches_history,
    )
    pattern_type = parse_pattern_type(fields.get("patterntype"), default_pattern_type)
    case_sensitive = parse_case(fields.get("case"))
    count = parse_count(fields.get("count"))
    fork, archived, visibility = parse_repo_states(fields)
    commit = commit_filters(
        {name: [(t.text, t.negated) for t in fields.get(name, [])] for name in COMMIT_FIELDS}
    )
    revisions = revision_scope(
        [(t.text, t.revisions, t.negated) for t in fields.get("repo", []) if not is_predicate(t)],
        [t.text for t in fields.get("rev", [])],
    )
    timeout_seconds = parse_timeout(fields.get("timeout"))
    check_search_context(fields.get("context"))
    condition: Condition | None = None
    terms: tuple[Term, ...] = ()
    filters = FilterSet()
    if pattern_type is PatternType.STRUCTURAL:
        terms, filters = _structural_terms(raw, fields, result_type), _filters(fields)
    elif (
        expression.has_structure(tokens)
        or any(is_predicate(t) for t in tokens)
        or any(t.negated for t in fields.get("content", []))
    ):
        tree = expression.parse_expression([t for t in tokens if t.field not in _GLOBAL])
        if not any(t.paren for t in tokens):  # parentheses say the scope: no hoisting
            tree = expression.hoist(tree)
        if pattern_type is PatternType.LITERAL and not reread:
            _check_pure_literal(tree)
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


_PATTERN_TYPE_FIELD = re.compile(r"(?:^|[\s(])patterntype:[\"']?([A-Za-z]+)", re.IGNORECASE)


def _declared_pattern_type(raw: str, default: PatternType) -> PatternType:
    """The pattern type the query asks for, read before the query is split (the split depends
    on it); `parse_query` checks the field again with the others."""
    found = _PATTERN_TYPE_FIELD.search(raw)
    if found is None:
        return default
    return parse_pattern_type([Token(found.group(1), field="patterntype")], default)


def _read(raw: str, pattern_type: PatternType) -> tuple[list[Token], bool]:
    """The query's tokens, and whether they were read again with every parenthesis as pattern
    text (Sourcegraph's reading of `(x`, `foo(` or `x or (` in literal and regexp search)."""
    if pattern_type not in (PatternType.LITERAL, PatternType.REGEXP):
        tokens = tokenize(raw)
        return (tokens, False) if _parses(tokens) else (_reread(raw, regexp=False), True)
    regexp = pattern_type is PatternType.REGEXP
    first = scan(raw, regexp=regexp)
    if first.depth == 0 and _parses(first.tokens):
        return first.tokens, False
    try:
        return _reread(raw, regexp=regexp), True
    except QuerySyntaxError:
        if first.depth != 0:
            raise QuerySyntaxError("unbalanced expression: unmatched opening parenthesis") from None
        raise


def _parses(tokens: list[Token]) -> bool:
    """False when the boolean structure lacks an operand or a closing parenthesis (then
    Sourcegraph reads the query again with parentheses as text); other errors are raised."""
    operands = [t for t in tokens if t.field not in _GLOBAL]
    if not operands:
        return True
    try:
        expression.parse_expression(operands)
    except QuerySyntaxError as error:
        if str(error).startswith(("expected operand", "unbalanced expression")):
            return False
        raise
    return True


def _reread(raw: str, *, regexp: bool) -> list[Token]:
    """The tokens with every parenthesis as pattern text; raise when that does not parse."""
    tokens = scan(raw, regexp=regexp, dangling=True).tokens
    operands = [t for t in tokens if t.field not in _GLOBAL]
    if operands:
        expression.parse_expression(operands)
    return tokens


_IMPURE_LITERAL = (
    "i'm having trouble understanding that query. The combination of parentheses is the "
    "problem. Try using the content: filter to quote patterns that contain parentheses"
)


def _check_pure_literal(node: expression.Node) -> None:
    """Sourcegraph refuses a literal query whose adjacent patterns hold an AND/OR group
    (`a (b or c) d`): it cannot tell a phrase with parentheses from a group."""
    if isinstance(node, expression.Leaf):
        return
    if isinstance(node, expression.Not):
        _check_pure_literal(node.child)
        return
    if isinstance(node, expression.Concat):
        patterns = [child for child in node.children if _holds_pattern(child)]
        if len(patterns) > 1 and any(
            isinstance(child, expression.And | expression.Or) for child in patterns
        ):
            raise QuerySyntaxError(_IMPURE_LITERAL)
    for child in node.children:
        _check_pure_literal(child)


def _holds_pattern(node: expression.Node) -> bool:
    return any(leaf.token.field in (None, "content") for leaf in expression.leaves(node))


def _structural_terms(
    raw: str, fields: dict[str, list[Token]], result_type: ResultType | None
) -> tuple[Term, ...]:
    """The whole pattern part of a structural query is one Comby template (whitespace and
    quotes kept as written; `and`/`or`/`not` are template text)."""
    if result_type is not None:
        raise QuerySyntaxError(
            "this structural search query specifies `type:` and is not supported. Structural "
            "search syntax only applies to searching file contents"
        )
    words = raw.split()
    if any(word.lower() == "not" and not is_field_word(after) for word, after in pairwise(words)):
        raise QuerySyntaxError(
            "the query contains a negated search pattern. Structural search does not support "
            "negated search patterns at the moment"
        )
    template = " ".join(word for word in words if not is_field_word(word))
    if not template:
        raise QuerySyntaxError("a structural search needs a template, such as fmt.Errorf(:[args])")
    languages = fields.get("lang", [])
    validate_structural_pattern(template, language=languages[0].text if languages else None)
    return (Term(template, structural=True),)


def _condition(node: expression.Node, pattern_type: PatternType) -> Condition:
    """Compile a parsed boolean tree: patterns read by the pattern type, filters checked."""
    if isinstance(node, expression.Not):
        return NoneOf(_condition(node.child, pattern_type))
    if isinstance(node, expression.Leaf):
        return _leaf(cast(Token, node.token), pattern_type)
    if isinstance(node, expression.Or):
        return AnyOf(tuple(_condition(child, pattern_type) for child in node.children))
    if isinstance(node, expression.And):
        return AllOf(tuple(_condition(child, pattern_type) for child in node.children))
    parts: list[Condition] = []
    run: list[Token] = []  # adjacent plain patterns: one phrase for literal and regexp search

    def flush() -> None:
        parts.extend(PatternTest(term) for term in _terms(run, pattern_type))
        run.clear()

    scope = [child for child in node.children if not _holds_pattern(child)]
    parts.extend(_condition(child, pattern_type) for child in scope)
    for child in node.children:  # the filters stand apart: `a repo:x b` is the phrase `a b`
        token = child.token if isinstance(child, expression.Leaf) else None
        if token is not None and token.field is None:
            run.append(cast(Token, token))
        elif child not in scope:
            flush()
            parts.append(_condition(child, pattern_type))
    flush()
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _leaf(token: Token, pattern_type: PatternType) -> Condition:
    """One pattern or filter (its negation, if any, is the NoneOf around it)."""
    if token.field is None:
        (term,) = _terms([token], pattern_type)
        return PatternTest(term)
    if token.field == "content":
        return PatternTest(_content_term(token, pattern_type))
    if is_predicate(token):
        return predicate_test(token)
    if token.field == "lang":
        language = language_for_alias(token.text)
        if language is None:
            raise QuerySyntaxError(f'unknown language: "{token.text}"')
        return FilterTest("lang", language=language)
    compile_checked(token.text)
    return FilterTest(token.field, regex=token.text)


def _content_term(token: Token, pattern_type: PatternType) -> Term:
    """`content:x`: x read literally (a regexp in regexp search), matched in contents only."""
    is_regex = pattern_type is PatternType.REGEXP
    if is_regex:
        compile_checked(token.text)
    return Term(token.text, is_regex=is_regex, content_only=True)


def _terms(patterns: list[Token], pattern_type: PatternType) -> tuple[Term, ...]:
    if not patterns:
        return ()
    if pattern_type is PatternType.LITERAL:
        return (Term(" ".join(_literal_text(t) for t in patterns)),)
    if pattern_type is PatternType.REGEXP:
        regex = "(.*?)".join(_regexp_text(t) for t in patterns)
        compile_checked(regex)
        return (Term(regex, is_regex=True),)
    terms: list[Term] = []
    phrase: list[Token] = []  # standard search: adjacent literal words form one phrase
    for token in patterns:
        if not token.quoted and len(token.text) > 2 and token.text[0] == token.text[-1] == "/":
            if phrase:
                terms.append(Term(" ".join(_literal_text(t) for t in phrase)))
                phrase.clear()
            body = token.text[1:-1]
            compile_checked(body)
            terms.append(Term(body, is_regex=True))
        elif pattern_type is PatternType.STANDARD:
            phrase.append(token)
        else:
            terms.append(Term(token.text))
    if phrase:
        terms.append(Term(" ".join(_literal_text(t) for t in phrase)))
    return tuple(terms)


def _regexp_text(token: Token) -> str:
    """A regexp-search pattern as Sourcegraph reads it: quoted text is literal, `/re/` is the
    regexp between the slashes, `()` and a trailing `(` are literal parentheses."""
    if token.quoted:
        return re.escape(token.text)
    if token.slashed:
        return token.text
    if _unbalanced(token.text):  # `(bar` in `(foo) (bar`: its parentheses are text
        return re.sub(r"(\\.)|([()])", lambda m: m[1] or "\\" + m[2], token.text)
    return escape_parens(token.text)


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\.", "", text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return True
    return depth != 0


def escape_parens(text: str) -> str:
    """Sourcegraph's reading of parentheses in a regexp pattern: `()` (an empty group) and a
    trailing `(` are literal parentheses; escaped characters stay as written."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            out.append(text[i : i + 2])
            i += 2
        elif text[i] == "(" and (i + 1 == len(text) or text[i + 1] == ")"):
            out.append(r"\(" if i + 1 == len(text) else r"\(\)")
            i += 1 if i + 1 == len(text) else 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _literal_text(token: Token) -> str:
    quote = '"' if token.quoted else ""
    return f"{quote}{token.text}{quote}"


def _filters(fields: dict[str, list[Token]]) -> FilterSet:
    def regexes(name: str, negated: bool) -> tuple[str, ...]:
        found = tuple(t.text for t in fields.get(name, []) if t.negated == negated)
        for value in found:
            compile_checked(value)
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
