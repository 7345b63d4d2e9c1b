"""Property tests: a literal or regexp search returns exactly what a brute-force scan finds.

For random literals (substrings of the corpus's own lines, case-flipped, and random strings) and
random regular expressions (from a small grammar of literals, classes, alternations, repetitions
and anchors), every `(repository, path, line, offset, length)` the engine highlights must be one
a line-by-line scan with Python's `re` finds, and the other way round: matches are non-overlapping,
left to right, never merged, ranges counted in characters, case-insensitive unless `case:yes`.
The scan reads the repositories with git, not through `kit.search`, so it also checks what the
trigram index lets through.

Two corpora: the practice corpus (ASCII code) and a small generated one with Unicode (accents,
Cyrillic, CJK, an emoji, the Kelvin sign), punctuation-heavy lines and runs of repeated
characters, where overlapping and adjacent matches differ.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from kit.search import FileMatch, PracticeBackend, RepositoryMatch, SearchResults, open_corpus

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Hit = tuple[str, str, int, int, int]
"""(repository, path, 0-based line, offset, length), offsets and lengths in characters."""


@dataclass(frozen=True)
class Doc:
    """One file at HEAD, as the brute-force scan sees it."""

    repository: str
    path: str
    text: str

    @property
    def lines(self) -> list[str]:
        """The file's lines, without their newlines."""
        return self.text.split("\n")


GENERATED: dict[str, dict[str, str]] = {
    "git.example.org/props/unicode": {
        "cafe.txt": (
            "Café au lait — CAFÉ AU LAIT — café\n"
            "naïve NAÏVE Naïve façade FAÇADE\n"
            "Жук жук ЖУК ёжик Ёжик\n"
            "日本語のテキスト 日本 本日\n"
            "smile 🙂 twice 🙂🙂 end🙂\n"
            "Ünïcödé ünïcödé ÜNÏCÖDÉ\n"
            "\u212aelvin kelvin KELVIN\n"
        ),
        "docs/naïve.md": "# Naïve notes\n\nnaïve café, NAÏVE CAFÉ\n",
    },
    "git.example.org/props/punct": {
        "symbols.txt": (
            "a.b*c+d?e (x|y) [z]{1} ^start end$\n"
            "$HOME/bin:\\path\\to\\file \"quoted\" 'single' `tick`\n"
            "tabs\tand\tspaces    trailing   \n"
            "C++ && || !== <=> -> => :: ;; ,, ..\n"
            "#!/usr/bin/env bash\n"
            "x=1;y=2;z=x+y # sum\n"
        ),
        "path.with.dots/a-b_c.d": "a-b_c.d\n-- dashes -- and __under__ scores__\n",
    },
    "git.example.org/props/repeats": {
        "runs.txt": (
            "aaaa\n"
            "aaaaaaa\n"
            "0000000002\n"
            "abababab\n"
            "AaAaAa\n"
            "xx\n"
            "x\n"
            "\n"
            "TODO todo ToDo tOdO\n"
            "the end"  # no newline at the end of the file
        ),
        "Dup.txt": "dup dup DUP\nduplicate\n  indented dup\n",
    },
}


def _git(repo: Path, *args: str) -> str:
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.quotepath=off"]
    done = subprocess.run(["git", "-C", str(repo), *env, *args], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def read_docs(root: Path) -> list[Doc]:
    """Every file of every repository under `root` at HEAD, read with git."""
    docs = []
    for git_dir in sorted(root.glob("*/*/*/.git")):
        repo = git_dir.parent
        name = repo.relative_to(root).as_posix()
        for path in filter(
            None, _git(repo, "ls-tree", "-r", "-z", "--name-only", "HEAD").split("\0")
        ):
            docs.append(Doc(name, path, _git(repo, "show", f"HEAD:{path}")))
    return docs


def build_generated(root: Path) -> None:
    """Write the generated corpus: one git repository per entry of GENERATED."""
    for name, files in GENERATED.items():
        repo = root / name
        for path, text in files.items():
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_text(text, encoding="utf-8")
        _git(repo, "init", "-q")
        _git(repo, "add", ".")
        _git(repo, "commit", "-qm", "props")


SKIPPED = r"-repo:^github\.com/acme/(mlutils|legacy-reports)$"
"""Sourcegraph skips forks and archived repositories unless asked (corpus.yaml: mlutils is a fork,
legacy-reports archived); the practice queries leave them out explicitly, so the properties hold
whether or not the engine applies that default."""


@pytest.fixture(scope="module")
def practice_docs(corpus_dir: Path) -> list[Doc]:
    """The practice corpus without the fork and the archived repository, read with git."""
    return [d for d in read_docs(corpus_dir) if not re.search(SKIPPED[7:], d.repository)]


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, index_folder: Path
) -> tuple[PracticeBackend, list[Doc]]:
    """The generated corpus: its backend and its files."""
    root = tmp_path_factory.mktemp("props-corpus")
    build_generated(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SGKIT_INDEX_DIR", str(index_folder))
        backend = open_corpus(root)
    docs = read_docs(root)
    assert {(d.repository, d.path) for d in docs} == {
        (repo, path) for repo, files in GENERATED.items() for path in files
    }
    return backend, docs


# --- the brute-force scan and what the engine returned ------------------------------------------


def scan(docs: Iterable[Doc], pattern: re.Pattern[str]) -> set[Hit]:
    """Every non-empty match of `pattern`, line by line, left to right, non-overlapping."""
    return {
        (doc.repository, doc.path, number, m.start(), m.end() - m.start())
        for doc in docs
        for number, line in enumerate(doc.lines)
        for m in pattern.finditer(line)
        if m.end() > m.start()
    }


def hits(results: SearchResults) -> set[Hit]:
    """The highlighted ranges of every content result."""
    return {
        (m.repository, m.path, line.line_number, offset, length)
        for m in results.matches
        if isinstance(m, FileMatch)
        for line in m.line_matches
        for offset, length in line.offset_and_lengths
    }


def check(results: SearchResults, docs: list[Doc], pattern: re.Pattern[str]) -> None:
    """The engine's ranges are the scan's (adjacent matches kept apart); other results are path
    matches; counts add up."""
    expected = scan(docs, pattern)
    found = hits(results)
    assert found == expected, (
        f"missing {sorted(expected - found)[:5]}, unexpected {sorted(found - expected)[:5]}"
    )
    for match in results.matches:
        if isinstance(match, FileMatch) and not match.line_matches:
            assert pattern.search(match.path), f"{match.path} matched neither content nor path"
    for line in (lm for m in results.matches if isinstance(m, FileMatch) for lm in m.line_matches):
        assert "\n" not in line.line
        for offset, length in line.offset_and_lengths:
            assert pattern.fullmatch(line.line, offset, offset + length), line
    counted = sum(
        (sum(len(lm.offset_and_lengths) for lm in m.line_matches) or 1)
        if isinstance(m, FileMatch)
        else 1
        for m in results.matches
        if isinstance(m, FileMatch | RepositoryMatch)
    )
    assert results.match_count == counted
    assert not results.limit_hit


# --- literal queries ----------------------------------------------------------------------------


def quoted(text: str) -> str:
    """`text` as one keyword phrase: in quotes, with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal_query(text: str, case_sensitive: bool, scope: str = "") -> str:
    """A keyword search for exactly `text`, every match."""
    return f"{scope} count:all {'case:yes ' if case_sensitive else ''}{quoted(text)}".lstrip()


def literal_regex(text: str, case_sensitive: bool) -> re.Pattern[str]:
    """What the literal search matches, as a Python regexp (case folding as RE2's)."""
    return re.compile(re.escape(text), 0 if case_sensitive else re.IGNORECASE)


def draw_substring(data: st.DataObject, docs: list[Doc], max_size: int = 12) -> str:
    """A piece of one line of the corpus, its letters' case flipped at random.

    Drawn as small integers, so a failing example prints the text, not the corpus.
    """
    lines = sorted({line for doc in docs for line in doc.lines if line})
    line = lines[data.draw(st.integers(0, len(lines) - 1), label="line")]
    start = data.draw(st.integers(0, len(line) - 1), label="start")
    end = data.draw(st.integers(start + 1, min(len(line), start + max_size)), label="end")
    flips = data.draw(st.lists(st.booleans(), min_size=end - start, max_size=end - start))
    text = "".join(c.swapcase() if f else c for c, f in zip(line[start:end], flips, strict=True))
    note(f"literal {text!r}")
    return text


SHORT_ALPHABET = "aAbxX0_.-$(|*\\\"' éÉжЖ日🙂k\u212a"


@given(data=st.data(), case_sensitive=st.booleans())
@PROPERTY
def test_a_literal_from_the_practice_corpus_finds_every_occurrence(
    practice: PracticeBackend, practice_docs: list[Doc], data: st.DataObject, case_sensitive: bool
) -> None:
    text = draw_substring(data, practice_docs)
    assume(text.strip())
    results = practice.search(literal_query(text, case_sensitive, SKIPPED))
    check(results, practice_docs, literal_regex(text, case_sensitive))
    if not case_sensitive:  # (its case may have been flipped)
        assert hits(results), "a substring of the corpus is found at least where it was taken from"


@given(text=st.text(SHORT_ALPHABET, min_size=1, max_size=3), case_sensitive=st.booleans())
@PROPERTY
def test_a_short_literal_on_the_practice_corpus(
    practice: PracticeBackend, practice_docs: list[Doc], text: str, case_sensitive: bool
) -> None:
    assume(text.strip())
    results = practice.search(literal_query(text, case_sensitive, SKIPPED))
    check(results, practice_docs, literal_regex(text, case_sensitive))


@given(data=st.data(), case_sensitive=st.booleans())
@PROPERTY
def test_a_literal_on_the_generated_corpus(
    generated: tuple[PracticeBackend, list[Doc]], data: st.DataObject, case_sensitive: bool
) -> None:
    backend, docs = generated
    if data.draw(st.booleans(), label="from the corpus"):
        text = draw_substring(data, docs, max_size=6)
    else:
        text = data.draw(st.text(SHORT_ALPHABET, min_size=1, max_size=4), label="text")
    assume(text.strip())
    pattern = literal_regex(text, case_sensitive)
    check(backend.search(literal_query(text, case_sensitive)), docs, pattern)


@pytest.mark.parametrize(
    ("text", "case_sensitive", "expected"),
    [
        ("aa", False, 2 + 3 + 3),  # "aaaa" 2, "aaaaaaa" 3, "AaAaAa" 3: never overlapping
        ("aa", True, 2 + 3),
        ("0000", False, 2),  # adjacent matches stay two ranges
        ("abab", False, 2),
        ("🙂", False, 4),
        ("café", False, 5),  # three on the first line of cafe.txt, two in docs/naïve.md
        ("ё", False, 2),
        ("kelvin", False, 3),  # the Kelvin sign folds to k, as in RE2
        ("kelvin", True, 1),
    ],
)
def test_known_literal_counts_on_the_generated_corpus(
    generated: tuple[PracticeBackend, list[Doc]], text: str, case_sensitive: bool, expected: int
) -> None:
    backend, docs = generated
    pattern = literal_regex(text, case_sensitive)
    assert len(scan(docs, pattern)) == expected  # the table is right about the scan, too
    check(backend.search(literal_query(text, case_sensitive)), docs, pattern)


RUNS = [line for line in GENERATED["git.example.org/props/repeats"]["runs.txt"].split("\n") if line]


@given(data=st.data())
@settings(PROPERTY, max_examples=40)
def test_adjacent_matches_stay_separate(
    generated: tuple[PracticeBackend, list[Doc]], data: st.DataObject
) -> None:
    backend, docs = generated
    line = data.draw(st.sampled_from(RUNS))
    size = data.draw(st.integers(1, 3))
    text = line[:size]
    pattern = literal_regex(text, False)
    check(backend.search(literal_query(text, False)), docs, pattern)


# --- regexp queries -----------------------------------------------------------------------------

_LITERAL_CHARS = "abcdefxyzABCXYZ0129_-.,;=#@%&!<>/$^*+?|{}[]()\\éÉжЖ日本🙂"


def _escape(char: str) -> str:
    """One character as a regexp literal that stays one query token: parentheses as hex escapes,
    so no query parser can read them as grouping."""
    if char in "()":
        return f"\\x{ord(char):02x}"
    return re.escape(char) if char in r".^$*+?{}[]|\/-" else char


ATOMS = st.one_of(
    st.sampled_from(_LITERAL_CHARS).map(_escape),
    st.sampled_from(
        ["[a-z]", "[A-Z]", "[0-9]", "[aeiou]", "[A-Za-z0-9_]", "[^a-z\\n]", "[.,;]", ".", "\\x20"]
    ),
)
QUANTIFIERS = st.sampled_from(["", "", "", "+", "?", "*", "{2}", "{1,3}", "+?", "*?"])


def _sequence(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(parts, QUANTIFIERS).map("".join), min_size=1, max_size=4).map("".join)


REGEXPS = (
    st.recursive(
        _sequence(ATOMS),
        lambda inner: st.one_of(
            _sequence(inner.map(lambda r: f"(?:{r})")),
            st.lists(inner, min_size=2, max_size=3).map(lambda rs: "(" + "|".join(rs) + ")"),
            st.tuples(inner, inner).map("".join),
        ),
        max_leaves=6,
    )
    .flatmap(
        lambda body: st.tuples(
            st.sampled_from(["", "^"]), st.just(body), st.sampled_from(["", "$"])
        )
    )
    .map("".join)
)


def regexp_query(regex: str, case_sensitive: bool, scope: str = "") -> str:
    """A regexp search for `regex`, every match."""
    case = "case:yes " if case_sensitive else ""
    return f"{scope} patterntype:regexp count:all {case}{regex}".lstrip()


def usable(regex: str) -> re.Pattern[str] | None:
    """The regexp as Python compiles it, or None when it could match an empty string or would
    not stay one pattern token."""
    try:
        pattern = re.compile(regex)
    except re.error:
        return None
    if pattern.search("") is not None or regex.lower() in {"and", "or", "not"}:
        return None
    if regex[0] in "\"'-/" or any(c.isspace() or c == ":" for c in regex):
        return None
    return pattern


@given(regex=REGEXPS, case_sensitive=st.booleans())
@PROPERTY
def test_a_regexp_on_the_practice_corpus(
    practice: PracticeBackend, practice_docs: list[Doc], regex: str, case_sensitive: bool
) -> None:
    assume(usable(regex) is not None)
    pattern = re.compile(regex, 0 if case_sensitive else re.IGNORECASE)
    results = practice.search(regexp_query(regex, case_sensitive, SKIPPED))
    check(results, practice_docs, pattern)


@given(regex=REGEXPS, case_sensitive=st.booleans())
@PROPERTY
def test_a_regexp_on_the_generated_corpus(
    generated: tuple[PracticeBackend, list[Doc]], regex: str, case_sensitive: bool
) -> None:
    backend, docs = generated
    assume(usable(regex) is not None)
    pattern = re.compile(regex, 0 if case_sensitive else re.IGNORECASE)
    check(backend.search(regexp_query(regex, case_sensitive)), docs, pattern)


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        ("^a+$", 3),  # whole lines of a's (AaAaAa too), anchored at each line, not the file
        ("0", 9),  # one match per character, adjacent ones kept apart
        ("[0-9]{4}", 2),
        ("(ab)+", 2),  # greedy: the whole "abababab", and the "ab" of "tabs"
        ("(ab)+?", 5),  # lazy: four separate matches in "abababab", and the "ab" of "tabs"
        ("dup$", 2),  # $ at the end of each line
        ("^\\x20\\x20indented", 1),
        ("d$", 2),  # "the end" has no trailing newline; "a-b_c.d" is the other
        ("日本", 2),
        ("🙂+", 3),
    ],
)
def test_known_regexp_counts_on_the_generated_corpus(
    generated: tuple[PracticeBackend, list[Doc]], regex: str, expected: int
) -> None:
    backend, docs = generated
    pattern = re.compile(regex, re.IGNORECASE)
    assert len(scan(docs, pattern)) == expected
    check(backend.search(regexp_query(regex, False)), docs, pattern)
