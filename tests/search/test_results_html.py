"""Results as HTML in a notebook, as the Sourcegraph UI shows them; commit previews line by line."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from kit.search import PracticeBackend, Progress, SearchResults, SymbolMatch
from kit.search.html_render import results_html
from kit.search.results import CommitMatch, FileMatch, LineMatch, Match, RepositoryMatch
from kit.search.symbols import Symbol

BILLING = "github.com/acme/billing-service"
SYMBOL_QUERY = "type:symbol calculatetotal"
DIFF_QUERY = "type:diff repo:internal-tools AKIA"
COMMIT_QUERY = "type:commit repo:billing CalculateTotal"
RENDERED_TAGS = {"div", "p", "b", "code", "pre", "span", "mark"}


class _Page(HTMLParser):
    """The tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def parsed(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def results_of(*matches: Match, query: str = "q") -> SearchResults:
    return SearchResults(query, matches, Progress(sum(m.match_count for m in matches), 3, 1))


def cards(page: str) -> list[str]:
    """The text of each result card's header row."""
    return re.findall(r'<div style="background:[^"]*">(.*?)</div>', page)


# --- Symbols --------------------------------------------------------------------------------------


def test_a_symbol_result_lists_each_symbol_with_its_kind_container_and_line(
    practice: PracticeBackend,
) -> None:
    results = practice.search("type:symbol file:invoice.go$ /total/")
    match = next(m for m in results if isinstance(m, SymbolMatch))

    page = results._repr_html_()

    (header,) = cards(page)
    assert parsed(header).text == f"{BILLING} › invoices/invoice.go"
    rows = [
        parsed(row).text
        for row in re.findall(r'<div style="padding:2px 6px;[^"]*">(.*?)</div>', page)
    ]
    assert rows == [
        f"{s.kind} {s.name}{f' {s.container_name}' if s.container_name else ''} line {s.line}"
        for s in match.symbols
    ]
    assert "field Total Invoice line 21" in rows
    kinds = re.findall(r'<span class="sgkit-symbol-kind" title="([^"]+)"', page)
    assert kinds == [s.kind for s in match.symbols]


def test_symbol_kinds_get_the_colours_of_their_family() -> None:
    match = SymbolMatch(
        BILLING,
        1,
        "",
        "a.go",
        "Go",
        (Symbol("A", "struct", 1), Symbol("b", "method", 2), Symbol("c", "field", 3)),
    )

    colours = re.findall(r'title="(\w+)" style="[^"]*color:(#\w+)', results_html(results_of(match)))

    assert len({colour for _, colour in colours}) == 3
    assert [kind for kind, _ in colours] == ["struct", "method", "field"]


# --- Commits and diffs ------------------------------------------------------------------------------


def test_a_commit_result_shows_author_subject_short_oid_date_and_the_marked_message(
    practice: PracticeBackend,
) -> None:
    results = practice.search(COMMIT_QUERY)
    (commit,) = results.matches
    assert isinstance(commit, CommitMatch)

    page = results._repr_html_()

    (header,) = cards(page)
    assert header.startswith(
        f"<span>{BILLING} › Ravi Menon: <b>Fix CalculateTotal ignoring quantities</b></span>"
    )
    assert f"<code>{commit.oid[:7]}</code> 2025-09-08 ({commit.age})" in header
    assert '<pre class="sgkit-commit-message"' in page
    assert "Fix <mark>CalculateTotal</mark> ignoring quantities" in page
    assert "Two mugs were billed as one." in page


def test_a_diff_result_colours_added_removed_and_hunk_lines_and_marks_the_match(
    practice: PracticeBackend,
) -> None:
    results = practice.search(DIFF_QUERY)

    page = results._repr_html_()

    assert page.count('<pre class="sgkit-diff"') == len(results.matches)
    added = re.findall(
        r'<span style="display:block;background:#e6ffec[^"]*">([^\n]*?)</span>', page
    )
    assert "+export AWS_ACCESS_KEY_ID=&quot;<mark>AKIA</mark>FAKETRAINING0002&quot;" in added
    assert all(line[0] == "+" for line in added)
    hunks = re.findall(r'<span style="display:block;color:#6b7489">(@@ [^<]*)</span>', page)
    assert hunks and all(re.match(r"@@ -\d+,\d+ \+\d+,\d+ @@", h) for h in hunks)
    files = re.findall(r'<span style="display:block;font-weight:bold">([^<]*)</span>', page)
    assert "scripts/backup-warehouse.sh scripts/backup-warehouse.sh" in files


def test_a_removed_line_is_red() -> None:
    diff = CommitMatch(
        BILLING, 1, "a" * 40, "Drop x", "Ann", "", datetime(2025, 1, 2, tzinfo=UTC),
        "Ann", "", datetime(2025, 1, 2, tzinfo=UTC),
        preview="a.go a.go\n@@ -1,2 +1,1 @@ \n x\n-y\n", highlights=((3, 1, 1),), kind="diff",
    )  # fmt: skip

    page = results_html(results_of(diff))

    assert (
        '<span style="display:block;background:#ffebe9;color:#82071e">-<mark>y</mark></span>'
        in page
    )
    assert '<span style="display:block;"> x</span>' in page


# --- Escaping ------------------------------------------------------------------------------------------

HOSTILE = '<img src=x onerror="alert(1)">&amp;'


def hostile_matches() -> tuple[Match, ...]:
    when = datetime(2025, 1, 2, tzinfo=UTC)
    return (
        FileMatch(
            f"github.com/{HOSTILE}", 1, "c", f"{HOSTILE}.go", "Go",
            (LineMatch(f"x {HOSTILE}", 0, ((2, 4),)),), ((0, 4),),
        ),
        RepositoryMatch(f"github.com/{HOSTILE}", 2),
        SymbolMatch(
            f"github.com/{HOSTILE}", 1, "c", f"{HOSTILE}.go", "Go",
            (Symbol(HOSTILE, HOSTILE, 3, HOSTILE),),
        ),
        CommitMatch(
            f"github.com/{HOSTILE}", 1, HOSTILE, f"{HOSTILE}\n\n{HOSTILE}", HOSTILE, "", when,
            HOSTILE, "", when, preview=f"{HOSTILE}\n\n{HOSTILE}", highlights=((0, 1, 3),),
            age=HOSTILE,
        ),
        CommitMatch(
            f"github.com/{HOSTILE}", 1, "b" * 40, HOSTILE, HOSTILE, "", when, HOSTILE, "", when,
            preview=f"{HOSTILE} {HOSTILE}\n@@ -1 +1 @@ {HOSTILE}\n-{HOSTILE}\n+{HOSTILE}",
            highlights=((3, 2, 5),), kind="diff",
        ),
    )  # fmt: skip


def test_no_text_from_a_repository_or_an_instance_reaches_the_page_unescaped() -> None:
    matches = hostile_matches()

    page = results_html(results_of(*matches, query=HOSTILE))

    assert "<img" not in page and 'onerror="' not in page
    shown = parsed(page)
    assert set(shown.tags) <= RENDERED_TAGS
    assert shown.attributes <= {"style", "class", "title"}
    assert shown.text.count(HOSTILE) >= 15  # every field shows the text as written


@pytest.mark.parametrize("match", hostile_matches(), ids=lambda m: type(m).__name__)
def test_each_result_type_escapes_its_own_fields(match: Match) -> None:
    page = results_html(results_of(match))

    assert "<img" not in page
    assert set(parsed(page).tags) <= RENDERED_TAGS


def test_a_long_list_shows_the_first_results_and_says_how_many_more(
    practice: PracticeBackend,
) -> None:
    results = practice.search("type:commit count:all /./")
    assert len(results) > 50

    page = dataclasses.replace(results, _html_limit=10)._repr_html_()

    assert len(cards(page)) == 10
    assert f"… and {len(results) - 10} more results." in page


# --- Commit previews, line by line -------------------------------------------------------------------


def test_a_diff_preview_is_read_as_file_headers_hunks_and_changed_lines() -> None:
    when = datetime(2025, 1, 2, tzinfo=UTC)
    diff = CommitMatch(
        BILLING, 1, "a" * 40, "m", "Ann", "", when, "Ann", "", when,
        preview="a.go a.go\n@@ -1,3 +1,3 @@ func f\n x\n-y\n+z\n/dev/null b.go\n@@ -0,0 +1 @@ \n+b\n",
        highlights=((3, 1, 1), (4, 1, 1), (4, 0, 2)), kind="diff",
    )  # fmt: skip

    lines = diff.preview_lines()

    assert [(line.text, line.kind) for line in lines] == [
        ("a.go a.go", "file"),
        ("@@ -1,3 +1,3 @@ func f", "hunk"),
        (" x", "context"),
        ("-y", "removed"),
        ("+z", "added"),
        ("/dev/null b.go", "file"),
        ("@@ -0,0 +1 @@ ", "hunk"),
        ("+b", "added"),
    ]
    # Overlapping highlights on one line are merged: a character is marked once.
    assert [line.highlights for line in lines][3:5] == [((1, 1),), ((0, 2),)]


def test_a_commit_preview_is_message_lines() -> None:
    when = datetime(2025, 1, 2, tzinfo=UTC)
    commit = CommitMatch(
        BILLING, 1, "a" * 40, "+1 to -x\n\n@@ x", "Ann", "", when, "Ann", "", when,
        preview="+1 to -x\n\n@@ x",
    )  # fmt: skip

    assert {line.kind for line in commit.preview_lines()} == {"message"}
