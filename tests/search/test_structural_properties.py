"""Properties of structural matching that hold for any template and text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kit.errors import QuerySyntaxError
from kit.search.structural import (
    StructuralMatch,
    find_matches,
    parse_template,
    structural_matches,
    structural_required_literals,
)

WORDS = st.text("ab_-;.", min_size=1, max_size=3)
GAPS = st.text(" \t\n", min_size=1, max_size=3)


@given(
    st.lists(st.tuples(WORDS, GAPS), min_size=1, max_size=3),
    st.text("ab_-;. \t\n()[]{}", max_size=60),
)
def test_a_template_without_holes_matches_where_its_whitespace_normalized_text_occurs(
    pieces: list[tuple[str, str]], text: str
) -> None:
    words = [word for word, _ in pieces]
    template = "".join(word + gap for word, gap in pieces[:-1]) + words[-1]
    assume("..." not in template)  # `...` is a hole (it matches like :[_]), not literal text
    # Any run of template whitespace stands for any non-empty run of whitespace in the code.
    normalized = re.compile(r"\s+".join(map(re.escape, words)))
    expected = [m.span() for m in normalized.finditer(text)]
    assert structural_matches(template, text, language=None) == expected


@given(st.text("ab_-", min_size=1, max_size=4), st.text("ab_- ()[]{}\n", max_size=60))
def test_a_template_without_holes_or_spaces_finds_what_str_find_finds(
    template: str, text: str
) -> None:
    expected, at = [], text.find(template)
    while at != -1:
        expected.append((at, at + len(template)))
        at = text.find(template, at + len(template))
    assert structural_matches(template, text, language=None) == expected


balanced = st.recursive(
    st.text("ab ,\n", max_size=5),
    lambda inner: st.tuples(st.sampled_from(["()", "[]", "{}"]), inner, inner).map(
        lambda t: t[1] + t[0][0] + t[2] + t[0][1]
    ),
    max_leaves=8,
)


@given(balanced)
def test_a_hole_in_a_call_binds_any_balanced_argument_text(arguments: str) -> None:
    text = f"f({arguments})"
    assert find_matches("f(:[x])", text)[0] == StructuralMatch(0, len(text), (("x", arguments),))


PIECES = ["a", "b", " ", "(", ")", ",", ":[x]", ":[y]", ":[[z]]", ":[w.]", "...", ":[x]", "//", '"']
LANGUAGES = st.sampled_from([None, "Go", "Python", "TypeScript", "Java", "Rust", "Markdown"])


@settings(max_examples=150)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.text("ab (),/\n\"'#", max_size=40),
    LANGUAGES,
)
def test_matches_are_ordered_disjoint_and_bind_every_named_hole(
    pieces: list[str], text: str, language: str | None
) -> None:
    try:
        template = parse_template("".join(pieces), language)
    except QuerySyntaxError:
        assume(False)
        raise
    previous_start, previous_end = -1, 0
    for match in find_matches(template, text):
        assert 0 <= match.start <= match.end <= len(text)
        assert match.start >= previous_end and match.start > previous_start
        assert set(match.bindings) == set(template.holes)
        previous_start, previous_end = match.start, match.end


@settings(max_examples=150)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.text("ab (),/\n\"'#", max_size=40),
    LANGUAGES,
)
def test_every_match_contains_the_required_literals_of_any_language(
    pieces: list[str], text: str, language: str | None
) -> None:
    pattern = "".join(pieces)
    anywhere = structural_required_literals(pattern)
    here = structural_required_literals(pattern, language=language)
    for start, end in structural_matches(pattern, text, language=language):
        matched = text[start:end]
        assert all(fragment in matched for fragment in (*anywhere, *here))
