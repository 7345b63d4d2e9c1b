"""Terminal rendering (rich): symbols listed under their file, commits with their message or diff."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from kit.search import PracticeBackend, Progress, SearchResults, SymbolMatch
from kit.search.render import print_results, result_lines
from kit.search.results import CommitMatch, Match
from kit.search.symbols import Symbol

BILLING = "github.com/acme/billing-service"

INVOICE_SYMBOLS = SymbolMatch(
    repository=BILLING,
    repository_id=1,
    commit="",
    path="invoices/invoice.go",
    language="Go",
    symbols=(
        Symbol("Invoice", "struct", 18, None, "Go", 5),
        Symbol("Total", "field", 21, "Invoice", "Go", 1),
        Symbol("CalculateTotal", "function", 25, None, "Go", 5),
    ),
)


def results_of(*matches: Match) -> SearchResults:
    return SearchResults("q", matches, Progress(sum(m.match_count for m in matches), 3, 1))


def plain(lines: list[Text]) -> list[str]:
    return [line.plain.rstrip() for line in lines]


def styles_of(line: Text, part: str) -> set[str]:
    """The styles applied to the first occurrence of `part` in `line`."""
    start = line.plain.index(part)
    end = start + len(part)
    found = {str(line.style)} if line.style else set()
    found |= {str(s.style) for s in line.spans if s.start < end and s.end > start}
    return found


def test_a_symbol_result_lists_kind_name_container_and_1_based_line_under_its_file() -> None:
    lines = result_lines(results_of(INVOICE_SYMBOLS))

    assert plain(lines) == [
        f"{BILLING} › invoices/invoice.go",
        "      struct      Invoice  line 18",
        "      field       Total in Invoice  line 21",
        "      function    CalculateTotal  line 25",
    ]


def test_symbol_kinds_are_coloured_by_family_and_names_bold() -> None:
    _, struct, field, function = result_lines(results_of(INVOICE_SYMBOLS))

    assert "yellow" in styles_of(struct, "struct")
    assert "blue" in styles_of(field, "field")
    assert "magenta" in styles_of(function, "function")
    assert "bold" in styles_of(function, "CalculateTotal")
    assert "dim" in styles_of(field, "in Invoice")


def test_the_practice_engines_symbol_results_print_one_line_per_symbol(
    practice: PracticeBackend,
) -> None:
    results = practice.search("type:symbol calculatetotal")
    console = Console(width=120, record=True, color_system=None)

    print_results(results, console)

    text = console.export_text()
    assert f"{BILLING} › invoices/invoice.go\n      function    CalculateTotal  line 25\n" in text
    assert "TestCalculateTotal  line 5" in text
    assert text.rstrip().endswith(
        f"{results.match_count} results in {results.progress.duration_ms} ms"
    )


def test_a_diff_result_colours_added_and_removed_lines_and_marks_the_match(
    practice: PracticeBackend,
) -> None:
    diff = practice.search("type:diff repo:internal-tools AKIA").matches[0]
    assert isinstance(diff, CommitMatch)

    header, *body = result_lines(results_of(diff))

    assert header.plain.startswith(f"{diff.repository} › {diff.author_name}: {diff.subject}  ")
    assert f"{diff.oid[:7]} {diff.author_date:%Y-%m-%d} ({diff.age})" in header.plain
    added = next(line for line in body if line.plain.lstrip().startswith("+export AWS_ACCESS"))
    assert "green" in styles_of(added, "export")
    assert "bold black on yellow" in styles_of(added, "AKIA")
    hunk = next(line for line in body if line.plain.lstrip().startswith("@@ "))
    assert "dim cyan" in styles_of(hunk, "@@")
    file_header = body[0]
    assert file_header.plain.strip() == "scripts/backup-warehouse.sh scripts/backup-warehouse.sh"
    assert "bold" in styles_of(file_header, "scripts")


def test_a_commit_result_shows_its_message_with_the_match_marked(
    practice: PracticeBackend,
) -> None:
    (commit,) = practice.search("type:commit repo:billing CalculateTotal").matches
    assert isinstance(commit, CommitMatch)

    header, subject, *rest = result_lines(results_of(commit))

    assert header.plain.startswith(f"{BILLING} › Ravi Menon: Fix CalculateTotal ignoring")
    assert subject.plain == "      Fix CalculateTotal ignoring quantities"
    assert styles_of(subject, "CalculateTotal") == {"bold black on yellow"}
    assert styles_of(subject, "Fix") == set()
    assert [line.plain.strip() for line in rest] == [
        "",
        "Two mugs were billed as one. Adds the test that would have caught it.",
    ]
