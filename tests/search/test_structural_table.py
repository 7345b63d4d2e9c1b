"""A table of structural searches: template, code, language, and the texts Comby would match."""

from __future__ import annotations

import pytest

from kit.search.structural import structural_matches

GO_ERRORS = """\
func load(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	if err != nil { return err }
	return nil
}
"""

JAVA_TRY = """\
class Loader {
    void load() {
        try {
            read();
        } catch (IOException e) {
        }
        try { parse(); } catch (ParseException e) { log(e); }
    }
}
"""

TS_LOG = "console.log(`total: ${f(a)})`,\n  b);\nconsole.log('(');\n"

PY_DEFS = '''\
def load(path, *, strict=False):
    """Load (path)."""
    return read(path)

def save(path):  # (unused)
    pass
'''

ROWS = [
    # Every hole kind ---------------------------------------------------------------------------
    ("foo(:[args])", "x = foo(a, b)", None, ["foo(a, b)"]),
    ("foo(...)", "foo(1) foo()", None, ["foo(1)", "foo()"]),
    ("foo(:[_])", "foo(bar(1), 2)", None, ["foo(bar(1), 2)"]),
    ("if :[[v]] != nil", "if err != nil\nif e.Err != nil", "Go", ["if err != nil"]),
    ("return :[v.];", "return a.b-c; return f(x);", None, ["return a.b-c;"]),
    ("x = :[v.] + 1", "x = a b + 1", None, []),
    ("TODO: :[rest\\n]", "// TODO: fix this\nx\n", None, ["TODO: fix this\n"]),
    ("TODO: :[rest\\n]", "// TODO: fix this\nx\n", "Go", []),  # not inside a comment
    ("a:[ s]=", "a \t= a=", None, ["a \t="]),
    (":[n~\\d+]px", "12px 3em 40px", "CSS", ["12px", "40px"]),
    ("x = :[v~\\d+];", "x = 12; x = ab;", None, ["x = 12;"]),
    ("f(:[~\\.\\.\\.])", "f(...) f(a)", None, ["f(...)"]),
    ("return :[e:e]", "return f(a, b) + 1", None, ["return f(a, b)"]),
    # Nesting -----------------------------------------------------------------------------------
    ("[:[x]]", "a[b[c]d]", None, ["[b[c]d]"]),
    ("(:[x])", "(a)(b)((c))", None, ["(a)", "(b)", "((c))"]),
    ("foo(:[a], :[b])", "foo(x, g(y, z), w)", None, ["foo(x, g(y, z), w)"]),
    ("foo(:[x]) + 1", "foo(a) - foo(b + 1)", None, []),
    ("f(:[x])", "f(f(a)) f(b)", None, ["f(f(a))", "f(b)"]),  # no overlapping inner match
    ("a :[x] b", "a ) b", None, []),  # a hole never swallows an unbalanced closer
    # Strings and comments ----------------------------------------------------------------------
    ("foo(:[x])", 'foo(")")', None, ['foo(")")']),
    ("foo(:[x])", "foo(`)`)", "Go", ["foo(`)`)"]),
    ("foo(:[x])", "foo(`)`)", None, ["foo(`)"]),  # backticks quote only in Go/JS/TS
    ("foo(:[x])", "foo(a /* ) */, b)", "Go", ["foo(a /* ) */, b)"]),
    ("foo(:[x])", "foo(a /* ) */, b)", None, ["foo(a /* )"]),  # generic: no comments
    ("foo(:[x])", "foo(a # )\n, b)", "Python", ["foo(a # )\n, b)"]),
    ("fmt.Println(:[x])", "// fmt.Println(a)\nfmt.Println(b)", "Go", ["fmt.Println(b)"]),
    ('print(":[x]")', 'print("hello world")', "Python", ['print("hello world")']),
    ('f(":[x]")', 'f("a", "b")', None, []),  # a hole in quotes stays in that string
    ("foo(:[x])", '"foo(a)" foo(b)', None, ["foo(b)"]),  # no match starts in a string
    ("f(:[x])", 'f("""a)\nb""")', "Python", ['f("""a)\nb""")']),
    ("f(:[x])", "f('(')", "Rust", []),  # ' is a lifetime in Rust: the template can't parse
    (
        "console.log(:[args])",
        TS_LOG,
        "TypeScript",
        ["console.log(`total: ${f(a)})`,\n  b)", "console.log('(')"],
    ),
    # Whitespace --------------------------------------------------------------------------------
    ("a + b", "a   +\tb", None, ["a   +\tb"]),
    ("a + b", "a\n+\n  b", None, ["a\n+\n  b"]),
    ("a + b", "a+b", None, []),  # template whitespace needs some whitespace
    ("a+b", "a + b", None, []),  # and where the template has none, the code has none
    ("foo(a, b)", "foo(a,\n    b)", None, ["foo(a,\n    b)"]),
    ("a := b", "a /* c */ := b", "Go", ["a /* c */ := b"]),  # comments count as whitespace
    ("a :[x] b", "a 1\n2 b", None, ["a 1\n2 b"]),  # -match-newline-at-toplevel
    ("x = :[v]", "x = f(a)\ny = 2\n", None, ["x = f(a)\ny = 2\n"]),  # last hole: to the end
    # Repeated names ----------------------------------------------------------------------------
    (":[[a]] == :[[a]]", "x == y; x == x", None, ["x == x"]),
    ("foo(:[a], :[a])", "foo(1, 2) foo(3, 3)", None, ["foo(3, 3)"]),
    ("return :[v.], :[v.]", "return x, y\nreturn e.a, e.a\n", "Go", ["return e.a, e.a"]),
    ("foo(:[x], :[x])", "foo(a, b, a, b)", None, []),  # x is kept at "a": Comby doesn't retry
    ("f(:[_], :[_])", "f(1, 2)", None, ["f(1, 2)"]),  # _ never has to agree
    # Multi-line code in several languages -------------------------------------------------------
    (
        "if err != nil { :[body] }",
        GO_ERRORS,
        "Go",
        [
            'if err != nil {\n\t\treturn fmt.Errorf("load %s: %w", path, err)\n\t}',
            "if err != nil { return err }",
        ],
    ),
    ("fmt.Errorf(:[format], :[args])", GO_ERRORS, "Go", ['fmt.Errorf("load %s: %w", path, err)']),
    (
        "try { :[_] } catch (:[e]) { :[_] }",
        JAVA_TRY,
        "Java",
        # The first catch block is empty: `{ :[_] }` needs whitespace before and after the hole.
        ["try { parse(); } catch (ParseException e) { log(e); }"],
    ),
    ("catch (:[[T]] :[[v]]) { }", JAVA_TRY, "Java", ["catch (IOException e) {\n        }"]),
    ("new :[[T]]<>()", "List<String> xs = new ArrayList<>();", "Java", ["new ArrayList<>()"]),
    (
        "def :[[fn]](:[args]):",
        PY_DEFS,
        "Python",
        ["def load(path, *, strict=False):", "def save(path):"],
    ),
    (
        "image: :[ref\\n]",
        "steps:\n  - image: alpine:3\n    run: ls\n",
        "YAML",
        ["image: alpine:3\n"],
    ),
    # Scanning ----------------------------------------------------------------------------------
    (":[_]", ")))", None, ["", "", ""]),  # an empty match advances one character
    ("Foo(:[x])", "foo(a) Foo(b)", None, ["Foo(b)"]),  # always case-sensitive
    ("aa", "aaaaa", None, ["aa", "aa"]),
]


@pytest.mark.parametrize(("template", "code", "language", "expected"), ROWS)
def test_structural_search_matches_what_comby_matches(
    template: str, code: str, language: str | None, expected: list[str]
) -> None:
    assert [code[s:e] for s, e in structural_matches(template, code, language=language)] == expected


def test_the_table_covers_every_hole_kind_and_the_main_languages() -> None:
    templates = " ".join(row[0] for row in ROWS)
    for hole in (":[x]", "...", ":[_]", ":[[", ".]", "\\n]", ":[ ", "~"):
        assert hole in templates or hole.replace("x", "args") in templates
    assert {"Go", "Python", "TypeScript", "Java", None} <= {row[2] for row in ROWS}
    assert len(ROWS) >= 40
