"""The trigram index narrows documents before the regex runs, and never drops a matching one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import re2
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kit.errors import QuerySyntaxError, SearchError
from kit.search.regex import compile_re2, literal_pattern
from kit.search.trigram_index import TrigramIndex
from kit.search.trigrams import (
    ALL,
    TrigramQuery,
    and_,
    fold,
    or_,
    required_trigrams,
    trigrams,
)

# --- regex → trigram query ---------------------------------------------------------------------

_EIGHT = ["a1x", "b2x", "c3x", "d4x", "e5x", "f6x", "g7x", "h8x"]  # more than MAX_EXACT strings


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("foo", "'foo'"),
        ("foobar", "'bar' AND 'foo' AND 'oba' AND 'oob'"),
        ("FooBar", "'bar' AND 'foo' AND 'oba' AND 'oob'"),
        ("(?i)foo", "'foo'"),
        ("foo|bar", "'bar' OR 'foo'"),
        ("a1x|b2x|c3x|d4x|e5x|f6x|g7x|h8x", " OR ".join(f"'{w}'" for w in _EIGHT)),
        ("foo.*bar", "'bar' AND 'foo'"),
        (r"foo\d+bar", "'bar' AND 'foo'"),
        ("[ab]cd", "'acd' OR 'bcd'"),
        ("[^a]bcd", "'bcd'"),
        ("[a-z]+_id", "'_id'"),
        ("[[:alpha:]]xyz", "'xyz'"),
        (r"\pLxyz", "'xyz'"),
        ("colou?r", "('col' AND 'lor' AND 'olo') OR ('col' AND 'lou' AND 'olo' AND 'our')"),
        ("(foo)+", "'foo'"),
        ("a{3}", "'aaa'"),
        ("(?P<name>abc)", "'abc'"),
        (r"\bfoo\b", "'foo'"),
        ("^foo$", "'foo'"),
        (r"\.py", "'.py'"),
        (r"f\(x\)", "'(x)' AND 'f(x'"),
        (r"\Qa.b\E", "'a.b'"),
        (r"\x41bc", "'abc'"),
        ("(?s:.)abc", "'abc'"),
        ("\u212aelvin", "'elv' AND 'kel' AND 'lvi' AND 'vin'"),  # Kelvin sign folds to k
        ("fo", "ALL"),  # shorter than a trigram
        ("a*", "ALL"),
        ("foo?", "ALL"),  # may be just "fo"
        ("x{0,2}yz", "ALL"),
        ("^$", "ALL"),
        ("[a-z]{3}", "ALL"),  # too large a class to expand
        ("foo|.", "ALL"),  # one branch narrows nothing
        (r"(a)\1bcd", "ALL"),  # backreferences are not RE2: give up, do not guess
        ("foo(bar", "ALL"),  # invalid: RE2 rejects it anyway
    ],
)
def test_required_trigrams_of_pattern(pattern: str, expected: str) -> None:
    assert str(required_trigrams(pattern)) == expected


def test_literal_patterns_require_every_trigram_of_the_text() -> None:
    text = "def parse_args(argv):"
    assert required_trigrams(literal_pattern(text)) == and_(
        TrigramQuery("and", frozenset(trigrams(text)))
    )


def test_long_alternations_still_narrow() -> None:
    words = [f"word{i:04d}" for i in range(2000)]
    query = required_trigrams("|".join(words))
    assert query.op == "or"
    assert len(query.children) == len(words)


def test_query_constructors_flatten_and_absorb_all() -> None:
    a, b, c = (TrigramQuery("and", frozenset({t})) for t in (1, 2, 3))
    assert and_(a, and_(b, c)) == TrigramQuery("and", frozenset({1, 2, 3}))
    assert or_(a, or_(b, c)) == TrigramQuery("or", frozenset({1, 2, 3}))
    assert and_(a, ALL) == a
    assert or_(a, ALL) == ALL
    assert and_() == ALL


# --- case folding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("A", "a"),
        ("\u212a", "k"),  # Kelvin sign
        ("\u017f", "S"),  # long s
        ("ß", "ẞ"),
        ("ς", "Σ"),
        ("\u1fd3", "\u0390"),  # folded together since Unicode 15.1: RE2 knows, Python 3.11 not
        ("\ufb05", "\ufb06"),
    ],
)
def test_fold_merges_characters_re2_matches_case_insensitively(a: str, b: str) -> None:
    assert compile_re2(literal_pattern(a), case_sensitive=False).search(b)
    assert fold(a) == fold(b)


def test_fold_keeps_length_and_lowercases_ascii() -> None:
    text = "İstanbul STRASSE Straße \u212aelvin"
    assert len(fold(text)) == len(text)
    assert fold("Hello, World_42!") == "hello, world_42!"


@pytest.mark.slow
def test_fold_merges_every_pair_re2_folds_over_all_code_points() -> None:
    """Exhaustive: no two code points RE2 matches case-insensitively fold apart (about 10 s).

    Give every fold class a number; for each bit, a class of all code points whose number has
    the bit clear must match no code point whose number has it set.
    """
    points = np.arange(0x110000, dtype=np.uint32)
    points = points[(points < 0xD800) | (points >= 0xE000)]
    folded = np.frombuffer(fold(_text(points)).encode("utf-32-le"), dtype="<u4")
    _, number = np.unique(folded, return_inverse=True)
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 1 << 28
    leaks: set[str] = set()
    for bit in range(int(number.max()).bit_length()):
        side = (number >> bit) & 1
        inside, outside = points[side == 0], _text(points[side == 1])
        breaks = np.flatnonzero(np.diff(inside) != 1) + 1
        lows = inside[np.concatenate(([0], breaks))].tolist()
        highs = inside[np.concatenate((breaks - 1, [len(inside) - 1]))].tolist()
        for k in range(0, len(lows), 4000):
            ranges = zip(lows[k : k + 4000], highs[k : k + 4000], strict=True)
            pattern = "[" + "".join(f"\\x{{{lo:x}}}-\\x{{{hi:x}}}" for lo, hi in ranges) + "]"
            leaks.update(re2.compile(pattern, options=options).findall(outside))
    assert not leaks, f"RE2 folds these to characters in another fold class: {sorted(leaks)}"


def _text(points: npt.NDArray[np.uint32]) -> str:
    return points.astype("<u4").tobytes().decode("utf-32-le")


# --- the index ---------------------------------------------------------------------------------

DOCS = [
    "def parse_args(argv):\n    return argv\n",
    "class Parser:\n    def parse(self): ...\n",
    "PARSE_ARGS = True\n",
    "import os\n",
    "é",
]


@pytest.fixture
def index() -> TrigramIndex:
    return TrigramIndex.build(enumerate(DOCS))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("parse_args", {0, 2}),
        ("parse", {0, 1, 2}),
        ("parse_args|import", {0, 2, 3}),
        ("class.*parse", {1}),
        ("nothing here", set()),
        ("p.", None),
    ],
)
def test_candidates_narrow_to_documents_with_the_trigrams(
    index: TrigramIndex, pattern: str, expected: set[int] | None
) -> None:
    assert index.candidates(required_trigrams(pattern)) == expected


def test_save_and_load_round_trip(index: TrigramIndex, tmp_path: Path) -> None:
    path = tmp_path / "corpus.trigrams"
    index.save(path)
    loaded = TrigramIndex.load(path)
    assert loaded.doc_count == index.doc_count == len(DOCS)
    assert loaded.size_bytes == index.size_bytes
    assert path.stat().st_size < index.size_bytes + 1024
    for pattern in ("parse_args", "parse", "parse_args|import", "class.*parse", "zzz"):
        query = required_trigrams(pattern)
        assert loaded.candidates(query) == index.candidates(query)


def test_empty_index_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "empty.trigrams"
    TrigramIndex.build([]).save(path)
    assert TrigramIndex.load(path).candidates(required_trigrams("foo")) == set()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file too short"),
        (b"x" * 200, "bad header"),
    ],
)
def test_load_rejects_files_that_are_not_indexes(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.trigrams"
    path.write_bytes(content)
    with pytest.raises(SearchError, match=message):
        TrigramIndex.load(path)


def test_load_rejects_a_truncated_index(index: TrigramIndex, tmp_path: Path) -> None:
    path = tmp_path / "corpus.trigrams"
    index.save(path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(SearchError, match="truncated"):
        TrigramIndex.load(path)


@pytest.mark.parametrize(
    ("pattern", "document"),
    [
        ("z(?:a|b)+c", "zabc"),
        ("(?:abc)?def", "def"),
        ("(?:abc)*def", "xdef"),
        ("x{2,}yz", "xxxxyz"),
        ("(?:ab){2}c", "ababc"),
        ("a{0}bcd", "bcd"),
        ("ab(?:cd|e)f", "abef"),
        ("a[bc]d", "acd"),
        ("colou?r", "color"),
        ("^abc$", "abc"),
        (r"\babc\b", "abc"),
        ("(?s:.)abc", "\nabc"),
        (r"\Qa.b\E", "a.b"),
        ("strasse", "STRASSE"),
        ("\u212aelvin", "KELVIN"),
        ("kelvin", "\u212aELVIN"),
        ("\u017foup", "SOUP"),
        ("\u1fd3ab", "\u0390AB"),
        ("\u00e9t\u00e9", "\u00c9T\u00c9"),
    ],
)
def test_candidates_include_a_matching_document(pattern: str, document: str) -> None:
    assert compile_re2(pattern, case_sensitive=False).search(document)
    index = TrigramIndex.build(enumerate([document, "unrelated text"]))
    candidates = index.candidates(required_trigrams(pattern))
    assert candidates is None or 0 in candidates


# --- the safety property -----------------------------------------------------------------------

ALPHABET = "abcABC .\néÉßẞİi\u0131IKk\u212a\u017fsS\u0390\u1fd3"
"""Small, with the characters case folding gets wrong most easily."""

_chars = st.sampled_from(ALPHABET)
_Sample = tuple[str, str]
"""A pattern and a string it (usually) matches, to plant in a document so that matches happen."""


def _case_variant(text: str) -> st.SearchStrategy[str]:
    swapped = "".join(c.swapcase() if len(c.swapcase()) == 1 else c for c in text)
    return st.sampled_from([text, swapped])


def _one_of_class(negated: bool, members: list[str]) -> st.SearchStrategy[_Sample]:
    pattern = f"[{'^' if negated else ''}{''.join(map(literal_pattern, members))}]"
    pool = [c for c in ALPHABET if (c not in members) == negated] or [" "]
    return st.sampled_from(pool).map(lambda c: (pattern, c))


_literal_runs = st.text(alphabet=ALPHABET, min_size=1, max_size=4).flatmap(
    lambda t: _case_variant(t).map(lambda v: (literal_pattern(t), v))
)
_atoms: st.SearchStrategy[_Sample] = st.one_of(
    _literal_runs,
    _literal_runs,
    _literal_runs,
    st.sampled_from(
        [(".", "a"), (".", "ß"), (r"\w", "b"), (r"\s", " "), (r"\d", "7"), (r"\pL", "é")]
    ),
    st.sampled_from([(r"\b", ""), ("^", ""), ("$", ""), ("(?i)", "")]),
    st.tuples(st.booleans(), st.lists(_chars, min_size=1, max_size=4)).flatmap(
        lambda t: _one_of_class(*t)
    ),
    st.sampled_from([("[a-c]", "b"), ("[A-Z]", "K"), ("[i-k]", "j"), ("[ß-ẞ]", "ẞ")]),
)
_QUANTIFIERS = {"*": (0, 2), "+": (1, 3), "?": (0, 1), "{2}": (2, 2), "{1,3}": (1, 3)}
_QUANTIFIERS |= {"{0,2}": (0, 2), "{2,}": (2, 3), "*?": (0, 2), "+?": (1, 2)}


def _alternatives(samples: list[_Sample]) -> st.SearchStrategy[_Sample]:
    pattern = "|".join(p for p, _ in samples)
    return st.sampled_from([e for _, e in samples]).map(lambda e: (pattern, e))


def _repeated(sample: _Sample, quantifier: str) -> st.SearchStrategy[_Sample]:
    low, high = _QUANTIFIERS[quantifier]
    return st.integers(low, high).map(lambda k: (f"(?:{sample[0]}){quantifier}", sample[1] * k))


_regexes: st.SearchStrategy[_Sample] = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(
            lambda ss: ("".join(p for p, _ in ss), "".join(e for _, e in ss))
        ),
        st.lists(inner, min_size=2, max_size=3).flatmap(_alternatives),
        inner.map(lambda s: (f"({s[0]})", s[1])),
        inner.map(lambda s: (f"(?i:{s[0]})", s[1])),
        st.tuples(inner, st.sampled_from(sorted(_QUANTIFIERS))).flatmap(lambda t: _repeated(*t)),
    ),
    max_leaves=10,
)
_documents = st.lists(st.text(alphabet=ALPHABET, max_size=24), min_size=1, max_size=6)


def _planted(documents: list[str], sample: str, data: st.DataObject) -> list[str]:
    """`documents` with `sample` inserted at a random place in one of them."""
    i = data.draw(st.integers(0, len(documents) - 1))
    at = data.draw(st.integers(0, len(documents[i])))
    return [*documents[:i], documents[i][:at] + sample + documents[i][at:], *documents[i + 1 :]]


def _assert_candidates_cover_matches(documents: list[str], pattern: str) -> None:
    index = TrigramIndex.build(enumerate(documents))
    query = required_trigrams(pattern)
    candidates = index.candidates(query)
    for case_sensitive in (True, False):
        try:
            regex = compile_re2(pattern, case_sensitive=case_sensitive)
        except QuerySyntaxError:
            assume(False)
        matching = {i for i, doc in enumerate(documents) if regex.search(doc) is not None}
        missed = matching - (candidates if candidates is not None else matching)
        assert not missed, (
            f"index missed documents {[documents[i] for i in sorted(missed)]!r} matching "
            f"/{pattern}/ (case_sensitive={case_sensitive}); trigram query: {query}"
        )


_PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(documents=_documents, data=st.data())
def test_candidates_cover_every_literal_match(documents: list[str], data: st.DataObject) -> None:
    # Search for a piece of a document, case-changed, or for random text.
    source = data.draw(st.sampled_from(documents))
    start = data.draw(st.integers(0, len(source)))
    piece = source[start : start + data.draw(st.integers(0, 8))]
    piece = data.draw(st.sampled_from([piece, piece.upper(), piece.lower(), piece.swapcase()]))
    text = data.draw(st.one_of(st.just(piece), st.text(alphabet=ALPHABET, max_size=6)))
    _assert_candidates_cover_matches(documents, literal_pattern(text))


@settings(_PROPERTY, max_examples=1000)
@given(documents=_documents, sample=_regexes, data=st.data())
def test_candidates_cover_every_regex_match(
    documents: list[str], sample: _Sample, data: st.DataObject
) -> None:
    pattern, example = sample
    _assert_candidates_cover_matches(_planted(documents, example, data), pattern)


_small_trigrams = st.sampled_from(sorted(trigrams("abcabdbca")))
_queries = st.recursive(
    st.frozensets(_small_trigrams, min_size=1, max_size=3).map(
        lambda grams: TrigramQuery("and", grams)
    ),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda qs: and_(*qs)),
        st.lists(inner, min_size=1, max_size=3).map(lambda qs: or_(*qs)),
    ),
    max_leaves=6,
)


def _holds(query: TrigramQuery, present: set[int]) -> bool:
    if query.op == "all":
        return True
    if query.op == "and":
        return query.trigrams <= present and all(_holds(c, present) for c in query.children)
    return bool(query.trigrams & present) or any(_holds(c, present) for c in query.children)


@_PROPERTY
@given(
    documents=st.lists(st.text(alphabet="abcd", max_size=12), min_size=1, max_size=8),
    query=_queries,
)
def test_candidates_are_exactly_the_documents_satisfying_the_query(
    documents: list[str], query: TrigramQuery
) -> None:
    index = TrigramIndex.build(enumerate(documents))
    expected = {i for i, doc in enumerate(documents) if _holds(query, trigrams(doc))}
    assert index.candidates(query) == expected
