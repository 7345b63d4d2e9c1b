"""The query parser accepts Sourcegraph's syntax and rejects what Sourcegraph rejects, alike."""

from __future__ import annotations

import re

import pytest

from kit.errors import QuerySyntaxError
from kit.search import PatternType, parse_query
from kit.search.query import COUNT_ALL, DEFAULT_MATCH_LIMIT


def test_keyword_is_the_default_and_terms_are_separate() -> None:
    query = parse_query("connection refused")
    assert query.pattern_type is PatternType.KEYWORD
    assert [t.text for t in query.terms] == ["connection", "refused"]


def test_quotes_make_one_exact_term() -> None:
    query = parse_query('"connection refused" lang:go')
    assert [t.text for t in query.terms] == ["connection refused"]
    assert [lang.name for lang in query.filters.lang_include] == ["Go"]


def test_slashes_make_a_regular_expression_term_in_keyword_search() -> None:
    (term,) = parse_query("/TODO:?/").terms
    assert term.is_regex and term.text == "TODO:?"


def test_a_slash_delimited_regex_runs_to_its_closing_slash_spaces_included() -> None:
    query = parse_query("lang:python /^import requests/ TODO")
    assert [(t.text, t.is_regex) for t in query.terms] == [
        ("^import requests", True),
        ("TODO", False),
    ]
    assert [t.text for t in parse_query("/a b/ /c/").terms] == ["a b", "c"]
    assert [t.text for t in parse_query("/usr/bin stays").terms] == ["/usr/bin", "stays"]


@pytest.mark.parametrize("word", ["this.:[[f]]", "pd.DataFrame:", "snake_case:value"])
def test_a_word_whose_head_is_not_letters_is_a_pattern_not_a_field(word: str) -> None:
    assert [t.text for t in parse_query(word).terms] == [word]


def test_literal_pattern_type_keeps_the_whole_pattern_including_quotes() -> None:
    (term,) = parse_query('patterntype:literal say "hi" now').terms
    assert term.text == 'say "hi" now' and not term.is_regex


@pytest.mark.parametrize(
    ("query", "attribute", "expected"),
    [
        ("r:billing x", "repo_include", ("billing",)),
        ("-repo:billing x", "repo_exclude", ("billing",)),
        ("f:\\.go$ x", "file_include", ("\\.go$",)),
        ("path:k8s x", "file_include", ("k8s",)),
        ("-file:_test x", "file_exclude", ("_test",)),
        ('file:"my dir/" x', "file_include", ("my dir/",)),
    ],
)
def test_filters_and_their_aliases(query: str, attribute: str, expected: tuple[str, ...]) -> None:
    assert getattr(parse_query(query).filters, attribute) == expected


@pytest.mark.parametrize(
    ("query", "case_sensitive", "count"),
    [
        ("x", False, DEFAULT_MATCH_LIMIT),
        ("case:yes x", True, DEFAULT_MATCH_LIMIT),
        ("CASE:Y x count:5", True, 5),
        ("case:no x count:all", False, COUNT_ALL),
    ],
)
def test_case_and_count(query: str, case_sensitive: bool, count: int) -> None:
    parsed = parse_query(query)
    assert (parsed.case_sensitive, parsed.count) == (case_sensitive, count)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lang:klingon x", 'unknown language: "klingon"'),
        ("/(unclosed/", "invalid regular expression /(unclosed/"),
        ("repo:( x", "invalid regular expression /(/"),
        ("case:yes case:no x", 'field "case" may not be used more than once'),
        ("-case:yes x", 'field "case" does not support negation'),
        ("case:maybe x", 'invalid boolean "maybe" for field "case"'),
        ("count:0 x", "field count requires a positive number"),
        ("count:many x", "field count has value many, many is not a number"),
        ("count:2147483648 x", "field count has a value that is out of range"),
        ("context:nope x", "search context not found"),
        ("patterntype:regexp /a(b/", "missing closing ): `a(b`"),
        ("/foo(?!bar)/", "invalid or unsupported Perl syntax: `(?!`"),
        ("patterntype:fuzzy x", 'invalid patterntype "fuzzy"'),
        ('repo:"unterminated', 'unterminated literal: expected "'),
        ("author:ada x", "the field 'author', which requires type:commit or type:diff"),
        ("m:fix x", "the field 'message', which requires type:commit or type:diff"),
        ("since:2025-01-01 x", "the field 'after', which requires type:commit or type:diff"),
        ("type:commit after:someday x", "invalid date format 'someday'"),
        ("type:commit -before:2025-01-01 x", 'field "before" does not support negation'),
        ("type:commit select:commit.diff.added x", "select:commit.diff.added requires type:diff"),
        ("rev:main x", "The query contains `rev:` without `repo:`"),
        ("repo:a@main rev:main x", "You specified both @ and rev:"),
        ("-repo:a@main x", "cannot be given on an excluded -repo: filter"),
        ("-repo:has.description(shop)", "repo:has.description() predicate cannot be negated"),
        ("repo:has.commit.after(whenever)", "invalid date format 'whenever'"),
        ("repo:has.path()", "repo:has.path() needs a regular expression"),
        ("file:has.owner(ada)", "file:has.owner() is not supported on the practice instance"),
        ("a or or b", "expected operand"),
        ("a and or b", "expected operand"),
        ("not (a or b)", "it looks like you tried to use an expression after NOT"),
        ("a or b)", "unsupported expression. The combination of parentheses in the query"),
        ("x ( )", "empty parentheses"),
        ("a or lang:klingon", 'unknown language: "klingon"'),
        ("a or /(unclosed/", "invalid regular expression /(unclosed/"),
        ("select:file.foo x", 'invalid field "foo" on select path "file.foo"'),
        ("select:nope x", 'invalid field "nope" on select path "nope"'),
        ("select:repo select:file x", 'field "select" may not be used more than once'),
        ("timeout:soon x", "invalid value for field 'timeout'"),
        ("-timeout:5s x", 'field "timeout" does not support negation'),
    ],
)
def test_invalid_queries_are_rejected_with_sourcegraphs_message(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        parse_query(query)


def test_an_unknown_predicate_name_is_a_repo_regex_as_in_sourcegraph() -> None:
    query = parse_query("repo:has.nope(x) y")
    assert query.filters.repo_include == ("has.nope(x)",)


def test_an_unclosed_group_is_read_again_with_its_parenthesis_as_text() -> None:
    query = parse_query("(a or b", PatternType.LITERAL)
    assert query.condition is not None
    assert {t.term.text for t in query.condition.parts} == {"(a", "b"}  # type: ignore[attr-defined]


def test_a_url_is_a_pattern_not_a_field() -> None:
    (term,) = parse_query("https://storefront.acme.example").terms
    assert term.text == "https://storefront.acme.example"


@pytest.mark.parametrize(
    ("value", "name"),
    [("julia", "Julia"), ("R", "R"), ("objc", "Objective-C"), ("fsharp", "F#"),
     ("protobuf", "Protocol Buffer"), ("bazel", "Starlark")],
)  # fmt: skip
def test_lang_knows_the_linguist_names_sourcegraph_accepts(value: str, name: str) -> None:
    from kit.search.languages import language_for_alias

    parse_query(f"lang:{value} TODO")
    found = language_for_alias(value)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    "query", ["repo:billing rev:at.time(2026-01-01) TODO", "repo:billing@at.time(2026-01-01) TODO"]
)
def test_a_revision_at_a_point_in_time_is_not_supported_and_says_what_to_use(query: str) -> None:
    with pytest.raises(
        QuerySyntaxError, match=r"not supported on the practice instance.*rev:<commit>"
    ):
        parse_query(query)
