"""Structural search matches code the way Sourcegraph's Comby-backed `patterntype:structural` does."""

from __future__ import annotations

import re
import time

import pytest

from kit.errors import QuerySyntaxError
from kit.search.structural import (
    StructuralMatch,
    find_matches,
    parse_template,
    structural_language,
    structural_matches,
    structural_required_literals,
    validate_structural_pattern,
)

Found = list[tuple[str, dict[str, str]]]


def found(template: str, text: str, language: str | None = None) -> Found:
    """Each match as (matched text, bindings)."""
    return [(text[m.start : m.end], m.bindings) for m in find_matches(template, text, language)]


def spans(template: str, text: str, language: str | None = None) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in find_matches(template, text, language)]


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        ("foo(:[args])", "x = foo(a, b)", [("foo(a, b)", {"args": "a, b"})]),
        ("foo(:[args])", "foo()", [("foo()", {"args": ""})]),
        ("foo(:[args])", "foo(a, (b), c)", [("foo(a, (b), c)", {"args": "a, (b), c"})]),
        (
            "foo(:[a], :[b])",
            "foo(x, g(y, z), w)",
            [("foo(x, g(y, z), w)", {"a": "x", "b": "g(y, z), w"})],
        ),
        ("[:[x]]", "a[b[c]d]", [("[b[c]d]", {"x": "b[c]d"})]),
        ("f(:[x])", "f(a,\n  {b: [c]})", [("f(a,\n  {b: [c]})", {"x": "a,\n  {b: [c]}"})]),
        (
            "(:[x])",
            "(a)(b)((c))",
            [("(a)", {"x": "a"}), ("(b)", {"x": "b"}), ("((c))", {"x": "(c)"})],
        ),
    ],
)
def test_holes_take_whole_balanced_groups(template: str, text: str, expected: Found) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("a :[x] b", "a ) b"),  # the hole would have to swallow an unbalanced closer
        ("foo(:[x])", "foo(a]"),  # the text never closes the parenthesis
        ("foo(:[x]) + 1", "foo(a) - foo(b + 1)"),  # nor may it leave its group to find the rest
    ],
)
def test_holes_never_cross_an_unbalanced_delimiter(template: str, text: str) -> None:
    assert found(template, text) == []


@pytest.mark.parametrize(
    ("template", "text", "language", "expected"),
    [
        ("foo(:[x])", 'foo(")")', None, [('foo(")")', {"x": '")"'})]),
        ("foo(:[x])", "foo('(', b)", None, [("foo('(', b)", {"x": "'(', b"})]),
        ("foo(:[x])", r'foo("\")", b)', None, [(r'foo("\")", b)', {"x": r'"\")", b'})]),
        ("foo(:[x])", "foo(`)`)", "Go", [("foo(`)`)", {"x": "`)`"})]),
        ("foo(:[x])", "foo(`)`)", None, [("foo(`)", {"x": "`"})]),  # backticks are Go/JS/TS only
        (
            "console.log(:[args])",
            "console.log(`total: ${f(a)})`, b)",
            "JavaScript",
            [("console.log(`total: ${f(a)})`, b)", {"args": "`total: ${f(a)})`, b"})],
        ),
        ("f(:[x])", "f('(')", None, [("f('(')", {"x": "'('"})]),
        ("f(:[x])", "f('(')", "Rust", []),  # in Rust ' starts a lifetime, not a string
        (
            "foo(:[x])",
            '"foo(a)" foo(b)',
            None,
            [("foo(b)", {"x": "b"})],
        ),  # no match starts in a string
    ],
)
def test_delimiters_inside_strings_are_not_structure(
    template: str, text: str, language: str | None, expected: Found
) -> None:
    assert found(template, text, language) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        ('print(":[x]")', 'print("hello world")', [('print("hello world")', {"x": "hello world"})]),
        ('f(":[x]")', 'f("a", "b")', []),  # the hole stays inside the first string
        ('f(":[x]")', r'f("a\"b")', [(r'f("a\"b")', {"x": r"a\"b"})]),
    ],
)
def test_a_hole_inside_quotes_stays_within_that_string(
    template: str, text: str, expected: Found
) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "language", "expected"),
    [
        ("foo(:[x])", "foo(a /* ) */, b)", "Go", [("foo(a /* ) */, b)", {"x": "a /* ) */, b"})]),
        (
            "foo(:[x])",
            "foo(a // )\n, b)",
            "TypeScript",
            [("foo(a // )\n, b)", {"x": "a // )\n, b"})],
        ),
        ("foo(:[x])", "foo(a # )\n, b)", "Python", [("foo(a # )\n, b)", {"x": "a # )\n, b"})]),
        ("run(:[x])", "run(a # )\n)", "Shell", [("run(a # )\n)", {"x": "a # )\n"})]),
        ("f(:[x])", "f(a # )\n)", "YAML", [("f(a # )\n)", {"x": "a # )\n"})]),
        # Without a language there are no comments: the parenthesis in one closes the call.
        ("foo(:[x])", "foo(a /* ) */, b)", None, [("foo(a /* )", {"x": "a /* "})]),
        ("foo(:[x])", "foo(a # )\n, b)", None, [("foo(a # )", {"x": "a # "})]),
    ],
)
def test_comments_are_not_structure_when_the_language_has_them(
    template: str, text: str, language: str | None, expected: Found
) -> None:
    assert found(template, text, language) == expected


def test_no_match_starts_inside_a_comment() -> None:
    text = "// fmt.Println(a)\nfmt.Println(b)"
    assert found("fmt.Println(:[x])", text, "Go") == [("fmt.Println(b)", {"x": "b"})]
    assert len(found("fmt.Println(:[x])", text)) == 2  # generic: // is not a comment


def test_template_whitespace_also_matches_comments() -> None:
    assert found("a := b", "a /* c */ := b", "Go") == [("a /* c */ := b", {})]


@pytest.mark.parametrize(
    ("template", "text", "matches"),
    [
        ("a + b", "a + b", True),
        ("a + b", "a   +\tb", True),  # one space in the template, many in the code
        ("a + b", "a\n+\n  b", True),  # newlines count as whitespace
        ("a + b", "a+b", False),  # the template's whitespace needs some in the code
        ("a+b", "a+b", True),
        ("a+b", "a + b", False),  # no whitespace in the template: none in the code
        ("foo(a, b)", "foo(a,\n    b)", True),
        ("foo(a,b)", "foo(a, b)", False),
        ("foo(:[x],:[y])", "foo(a, b)", True),  # a hole may take the whitespace itself
    ],
)
def test_whitespace_in_the_template_matches_any_whitespace_in_the_code(
    template: str, text: str, matches: bool
) -> None:
    assert bool(found(template, text)) is matches


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        ("if :[[v]] != nil", "if err != nil", [("if err != nil", {"v": "err"})]),
        ("if :[[v]] != nil", "if e.Err != nil", []),  # one identifier-like token, no dots
        ("x = :[[v]];", "x = héllo; x = hello_2;", [("x = hello_2;", {"v": "hello_2"})]),  # ASCII
        (":[[a]]:[[b]]", "ab", []),  # possessive: the first takes the whole word
    ],
)
def test_double_bracket_holes_match_one_identifier(
    template: str, text: str, expected: Found
) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        (":[[a]] == :[[a]]", "x == y; x == x", [("x == x", {"a": "x"})]),
        ("foo(:[a], :[a])", "foo(1, 2) foo(3, 3)", [("foo(3, 3)", {"a": "3"})]),
        (
            "return :[v.], :[v.]",
            "return x, y\nreturn e.a, e.a\n",
            [("return e.a, e.a", {"v": "e.a"})],
        ),
        # As Comby: the first x stops at the first comma and is kept, so the second disagrees.
        ("foo(:[x], :[x])", "foo(a, b, a, b)", []),
        ("f(:[_], :[_])", "f(1, 2)", [("f(1, 2)", {})]),  # _ is anonymous: no equality, no binding
    ],
)
def test_a_name_used_twice_must_bind_equal_text(template: str, text: str, expected: Found) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        ("return :[v.];", "return a.b-c;", [("return a.b-c;", {"v": "a.b-c"})]),
        ("x = :[v.] + 1", "x = a b + 1", []),  # no whitespace inside
        ("f(:[v.])", "f(a.b)", [("f(a.b)", {"v": "a.b"})]),
        ("f(:[v.])", "f(g(a))", []),  # no delimiters inside
        ("f(:[v.])", "f()", []),  # one or more characters
        ("let :[v.]", "let x.y=z; w", [("let x.y=z;", {"v": "x.y=z;"})]),  # last: as far as it can
    ],
)
def test_dot_holes_match_non_space_without_delimiters(
    template: str, text: str, expected: Found
) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        ("a:[ s]b", "a \t b", [("a \t b", {"s": " \t "})]),
        ("a:[ s]b", "a\nb", []),  # spaces and tabs only
        ("a:[ s]b", "ab", []),  # one or more
        ("a:[ ]b", "a b", [("a b", {})]),
    ],
)
def test_space_holes_match_blanks_only(template: str, text: str, expected: Found) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        (
            "key: :[v\\n]",
            "key: a b\nkey: c\n",
            [("key: a b\n", {"v": "a b\n"}), ("key: c\n", {"v": "c\n"})],
        ),
        ("key: :[v\\n]", "key: a", []),  # the newline is part of the match, so it must be there
        ("f :[v\\n]", "f a, (b\nc)", [("f a, (b\n", {"v": "a, (b\n"})]),  # ignores delimiters
    ],
)
def test_newline_holes_match_to_the_end_of_the_line(
    template: str, text: str, expected: Found
) -> None:
    assert found(template, text) == expected


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        (":[n~\\d+]px", "12px 3em 40px", [("12px", {"n": "12"}), ("40px", {"n": "40"})]),
        ("f(:[~\\.\\.\\.])", "f(...) f(a)", [("f(...)", {})]),  # literal ... needs a regex hole
        ("f(...)", "f(1, 2)", [("f(1, 2)", {})]),  # ... is :[_]
        ("return :[e:e]", "return f(a, b) + 1", [("return f(a, b)", {"e": "f(a, b)"})]),
    ],
)
def test_regex_ellipsis_and_expression_holes(template: str, text: str, expected: Found) -> None:
    assert found(template, text) == expected


def test_a_hole_at_the_end_of_the_template_extends_as_far_as_it_can() -> None:
    assert found("x = :[rest]", "x = f(a)\ny = 2\n") == [
        ("x = f(a)\ny = 2\n", {"rest": "f(a)\ny = 2\n"})
    ]
    assert found("x = :[rest]", "{x = f(a)} y") == [("x = f(a)", {"rest": "f(a)"})]  # up to the }


def test_a_leading_hole_starts_where_its_group_starts() -> None:
    text = "func f() {\n\tif err == nil {\n\t\treturn\n\t}\n}\n"
    assert found(":[x] == nil", text, "Go") == [("\n\tif err == nil", {"x": "\n\tif err"})]


def test_empty_matches_advance_one_character() -> None:
    assert spans(":[_]", ")))") == [(0, 0), (1, 1), (2, 2)]
    assert found(":[x]", "a(b)c)d") == [
        ("a(b)c", {"x": "a(b)c"}),
        ("", {"x": ""}),
        ("d", {"x": "d"}),
    ]


def test_matches_do_not_overlap_and_come_left_to_right() -> None:
    assert spans("aa", "aaaaa") == [(0, 2), (2, 4)]
    assert spans("f(:[x])", "f(f(a)) f(b)") == [
        (0, 7),
        (8, 12),
    ]  # the inner f(a) is inside the first


def test_literal_text_is_case_sensitive() -> None:
    assert found("Foo(:[x])", "foo(a) Foo(b)") == [("Foo(b)", {"x": "b"})]


GO_SOURCE = """\
package main

func describe(n int, items []string) string {
	// fmt.Sprintf("unused %d", n) stays a comment
	s := fmt.Sprintf("%d items (%s)", n,
		strings.Join(items, ", "))
	return fmt.Sprintf("summary: %s", s)
}
"""

JAVA_SOURCE = """\
class Loader {
    void load() {
        try {
            read();
        } catch (IOException e) {
        }
        try {
            parse();
        } catch (ParseException e) {
            log(e);
        }
    }
}
"""


def test_sourcegraph_docs_example_sprintf_calls_in_go() -> None:
    assert found("fmt.Sprintf(:[format], :[args])", GO_SOURCE, "Go") == [
        (
            'fmt.Sprintf("%d items (%s)", n,\n\t\tstrings.Join(items, ", "))',
            {"format": '"%d items (%s)"', "args": 'n,\n\t\tstrings.Join(items, ", ")'},
        ),
        ('fmt.Sprintf("summary: %s", s)', {"format": '"summary: %s"', "args": "s"}),
    ]


def test_sourcegraph_docs_example_empty_catch_blocks_in_java() -> None:
    matches = found("try { :[body] } catch (:[e]) { }", JAVA_SOURCE, "Java")
    assert [bindings for _, bindings in matches] == [{"body": "read();", "e": "IOException e"}]


@pytest.mark.parametrize(
    ("language", "syntax"),
    [("Go", "Go"), ("golang", "Go"), ("python", "Python"), ("ts", "TypeScript"), ("Shell", "Shell"),
     ("yml", "YAML"), ("Klingon", "Generic"), (None, "Generic")],
)  # fmt: skip
def test_languages_are_named_as_lang_filters_name_them(language: str | None, syntax: str) -> None:
    assert parse_template("f(:[x])", language).syntax.name == syntax


def test_a_parsed_template_keeps_its_language_unless_told_otherwise() -> None:
    template = parse_template("foo(:[x])", "Go")
    text = "foo(a /* ) */)"
    assert spans(template, text) == [(0, len(text))]  # Go comments, from the template
    assert spans(template, text, "Text") == [(0, 10)]  # plain text has no comments (nor strings)
    assert template.holes == ("x",)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "structural search template is empty"),
        ("  \n", "structural search template is empty"),
        ("foo(:[x]", "unbalanced '(' at offset 3 in structural template 'foo(:[x]': add the matching ')'"),
        ("foo:[x])", "unbalanced ')' at offset 7 in structural template 'foo:[x])': it closes nothing"),
        ("foo(:[x]]", "mismatched ']' at offset 8 in structural template 'foo(:[x]]': the '(' at offset 3 needs ')'"),
        ("f(:[x~(])", "invalid regular expression in hole ':[x~(]' of structural template"),
        ("f :[x~abc", "unterminated regular expression hole at offset 2"),
        ("f :[x~]", "empty regular expression in hole ':[x~]'"),
    ],
)  # fmt: skip
def test_bad_templates_raise_a_one_line_query_syntax_error(template: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_template(template)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_delimiters_in_a_template_string_need_not_balance() -> None:
    assert found('f(")")', 'f(")")') == [('f(")")', {})]


def test_plain_text_has_no_delimiters_to_balance() -> None:
    assert parse_template("foo(:[x]", "Markdown").holes == ("x",)


def test_matches_are_hashable_values() -> None:
    match = StructuralMatch(0, 3, (("x", "a"),))
    assert {match, StructuralMatch(0, 3, (("x", "a"),))} == {match}
    assert match.bindings == {"x": "a"}


def test_a_100_kb_file_is_searched_without_blowing_up() -> None:
    function = (
        "func handle{i}(items []string) error {{\n"
        '\ts := fmt.Sprintf("%d (%s)", len(items), items[{i}])\n'
        '\tif err := check(map[string]int{{"a": {i}}}); err != nil {{\n'
        '\t\treturn fmt.Errorf("handle{i}: %w", err) /* ) */\n'
        "\t}}\n\treturn nil\n}}\n\n"
    )
    text = "".join(function.format(i=i) for i in range(560))
    assert len(text) >= 100_000
    began = time.perf_counter()
    calls = find_matches("fmt.Sprintf(:[format], :[args])", text, "Go")
    checks = find_matches("if :[cond] != nil { :[body] }", text, "Go")
    assert time.perf_counter() - began < 2  # typically ~60 ms; quadratic behaviour takes seconds
    assert len(calls) == len(checks) == 560


# The engine's API --------------------------------------------------------------------------------


def test_structural_matches_gives_character_spans_of_whole_matches() -> None:
    text = 'naïve := héllo("é", 42)\nx := héllo(7)'
    spans = structural_matches("héllo(:[_], :[n~\\d+])", text, language="Go")
    assert [text[start:end] for start, end in spans] == ['héllo("é", 42)']
    assert spans == [(9, 23)]  # characters, not UTF-8 bytes


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "structural search template is empty"),
        ("foo(:[x]", "unbalanced '(' at offset 3"),
        ("f(:[x~a(?=b)])", "invalid regular expression in hole ':[x~a(?=b)]'"),  # RE2: no lookahead
        ("f(:[x~(a)\\1])", "invalid regular expression in hole"),  # RE2: no backreferences
    ],
)
def test_validate_structural_pattern_rejects_bad_templates(template: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        validate_structural_pattern(template)


def test_validate_structural_pattern_accepts_good_templates() -> None:
    for template in ("fmt.Sprintf(:[args])", "if err != nil { :[body] }", 'f(")")', ":[x~\\w+]"):
        validate_structural_pattern(template)
    validate_structural_pattern("foo(:[x]", language="Markdown")  # plain text has no delimiters


def test_a_template_that_does_not_parse_for_a_language_matches_nothing_there() -> None:
    assert structural_matches("f(:[x])", "f('(')", language="Rust") == []  # ' is a lifetime
    assert structural_matches("f(:[x])", "f('(')", language=None) == [(0, 6)]


def test_regex_holes_are_re2_ascii_classes_anchored_where_they_start() -> None:
    assert structural_matches("v=:[n~\\d+]", "v=٣ v=3", language=None) == [(4, 7)]
    assert structural_matches(":[x~^a]b", "ab\nab cab", language=None) == [(0, 2), (3, 5)]


@pytest.mark.parametrize(
    ("template", "language", "literals"),
    [
        ("fmt.Sprintf(:[args])", None, ["fmt.Sprintf(", ")"]),
        ("if err != nil { :[body] }", "Go", ["if", "err", "!=", "nil", "{", "}"]),
        ("foo(bar, :[x])", "Go", ["foo(", "bar,", ")"]),  # Go: a comment may follow the (
        ("foo(bar, :[x])", "Text", ["foo(bar,", ")"]),
        ("foo(bar) /* hi */", None, ["foo(", "bar)"]),  # /* hi */ is whitespace in Go
        (":[a] :[[b]]", None, []),
        ("f(:[x]", None, ["f("]),  # only plain text (no delimiters) parses it, and needs f(
    ],
)
def test_required_literals_are_in_every_match(
    template: str, language: str | None, literals: list[str]
) -> None:
    assert structural_required_literals(template, language=language) == literals


@pytest.mark.parametrize(
    ("path", "lang_filter", "language"),
    [
        ("cmd/main.go", None, "Go"),
        ("web/app.ts", None, "TypeScript"),
        ("src/Loader.java", None, "Java"),
        ("Dockerfile", None, "Dockerfile"),
        ("notes.unknown", None, None),
        ("scripts/build.py", "go", "go"),  # lang: wins over the extension
    ],
)
def test_the_language_comes_from_lang_then_the_file_extension(
    path: str, lang_filter: str | None, language: str | None
) -> None:
    assert structural_language(path, lang_filter) == language
