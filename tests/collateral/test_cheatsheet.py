"""The cheat sheet is built from the engine's vocabulary, and every example on it runs."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.collateral.cheatsheet import build_cheatsheet, check_coverage, run_examples
from kit.collateral.sheet_entries import SECTIONS, Entry, Section
from kit.collateral.vocabulary import engine_vocabulary
from kit.errors import KitError
from kit.search import PracticeBackend


def test_every_example_runs_on_the_practice_corpus_and_finds_results(
    practice: PracticeBackend,
) -> None:
    counts = run_examples(SECTIONS, practice)
    examples = [q for s in SECTIONS for e in s.entries for q in e.examples]
    assert set(counts) == set(examples)
    assert all(n > 0 for n in counts.values())


def test_an_example_that_errors_fails_the_build_naming_it(practice: PracticeBackend) -> None:
    broken = Section("Broken", (Entry(("repo:",), "x", ("repo:billing type:nosuch",)),))
    with pytest.raises(KitError, match=r"'repo:billing type:nosuch' \(Broken\).*fails"):
        run_examples([*SECTIONS[:1], broken], practice)


def test_an_example_with_no_results_fails_the_build_naming_it(practice: PracticeBackend) -> None:
    empty = Section("Empty", (Entry(("repo:",), "x", ("zzz_not_in_the_corpus_zzz",)),))
    with pytest.raises(KitError, match=r"zzz_not_in_the_corpus_zzz.*no results"):
        run_examples([empty], practice)


def test_the_sheet_covers_every_field_alias_type_select_predicate_and_hole() -> None:
    check_coverage(SECTIONS)
    vocabulary = engine_vocabulary()
    assert {"repo:", "r:", "msg:", "type:diff", "select:commit.diff.added", ":[x~re]"} <= vocabulary
    assert {"repo:has.meta()", "file:has.content()", "patterntype:structural", "NOT"} <= vocabulary


def test_a_field_without_an_entry_fails_the_coverage_check() -> None:
    without_lang = [
        Section(s.title, tuple(e for e in s.entries if "lang:" not in e.syntax)) for s in SECTIONS
    ]
    with pytest.raises(KitError, match="no entry for l:, lang:, language:"):
        check_coverage(without_lang)


def test_a_new_engine_field_fails_the_coverage_check() -> None:
    with pytest.raises(KitError, match="no entry for newfield:"):
        check_coverage(SECTIONS, engine_vocabulary() | {"newfield:"})


def test_the_build_writes_html_and_a_one_or_two_page_pdf(corpus_dir: Path, tmp_path: Path) -> None:
    sheet = build_cheatsheet(tmp_path, corpus=corpus_dir)
    html = sheet.html.read_text(encoding="utf-8")
    assert "repo:has.file(go.mod)" in html
    assert f"n={sheet.counts['TODO or retry']}" in html
    pages = len(pypdfium2.PdfDocument(str(sheet.pdf)))
    assert 1 <= pages <= 2


def test_cli_builds_the_sheet_into_out(corpus_dir: Path, tmp_path: Path) -> None:
    app = sgkit

    @app.callback()
    def main() -> None:
        """Group, so the command keeps its name."""

    result = CliRunner().invoke(
        app, ["cheatsheet", "--out", str(tmp_path), "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cheatsheet.pdf").stat().st_size > 0
    assert "examples ran" in result.output
