"""What a learner sees of a check: a readable verdict, no hint before it is earned, no judging of
a stale answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.exercises import check_query, reference_fingerprint
from kit.exercises.authoring import hidden_calls, visible_check
from kit.exercises.freshness import AnswerWatch, sets_answer
from kit.exercises.panel import Shown, report, shown
from kit.exercises.sealing import (
    reveal_expected,
    seal_expected,
    seal_hints,
    sealed_advice,
)
from kit.notebook_io import read_notebook
from kit.project import Project
from kit.search import PracticeBackend

PLAIN_FINGERPRINT = re.compile(r"\b[a-z]+:\d+:[0-9a-f]{16}\b")


# --- the verdict panel -------------------------------------------------------------------------


def test_a_wrong_answer_reads_as_status_answer_verdict_and_hint() -> None:
    view = shown(
        False,
        "Not yet: your query returns 6 files; the exercise expects 2. Hint: keep Python only.",
        "TODO",
    )
    assert view == Shown(
        "not yet",
        "Your query returns 6 files; the exercise expects 2.",
        "TODO",
        "keep Python only.",
    )
    assert view.text().splitlines() == [
        "✗ Not yet: Your query returns 6 files; the exercise expects 2.",
        "  Your answer: TODO",
        "  Hint: keep Python only.",
    ]


def test_the_panel_escapes_the_answer_it_echoes_and_names_its_status_for_screen_readers() -> None:
    page = shown(False, "Not yet: no.", "<script>alert(1)</script>").html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'role="status"' in page and "Not yet" in page


def test_no_answer_yet_is_its_own_status_and_echoes_nothing() -> None:
    view = shown(False, "Not answered yet: replace the ... with your query in quotes.", ...)
    assert view.status == "not answered" and view.answer is None


def test_outside_a_kernel_a_right_answer_prints_one_line_and_a_wrong_one_fails_with_the_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report(True, "Correct: your query returns the 2 files expected.", "lang:python TODO")
    assert capsys.readouterr().out == "✓ Correct: your query returns the 2 files expected.\n"
    with pytest.raises(AssertionError, match=r"^Not yet: your query returns 6 files"):
        report(False, "Not yet: your query returns 6 files.", "TODO")


# --- sealed fingerprints and hints -------------------------------------------------------------


def test_a_sealed_expected_fingerprint_reads_back_and_shows_no_count() -> None:
    sealed = seal_expected("files:6:10d6b5665b8d3324")
    assert reveal_expected(sealed) == "files:6:10d6b5665b8d3324"
    assert ":6:" not in sealed and "10d6b5665b8d3324" not in sealed
    assert reveal_expected("files:6:10d6b5665b8d3324") == "files:6:10d6b5665b8d3324"


def test_a_hint_opens_only_for_the_near_miss_it_was_written_for() -> None:
    sealed = seal_hints({"files:2:d71ee147763911b6": "Keep every language."})
    assert "Keep every language" not in json.dumps(sealed)
    assert sealed_advice("files:2:d71ee147763911b6", sealed) == "Keep every language."
    assert sealed_advice("files:2:0000000000000000", sealed) is None
    assert sealed_advice("files:6:10d6b5665b8d3324", sealed) is None


def test_a_sealed_check_still_judges_and_gives_the_earned_hint(
    practice: PracticeBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = reference_fingerprint("lang:python TODO", "files", practice)
    near_miss = reference_fingerprint("TODO", "files", practice)
    source = visible_check("check_query", expected, {}, {near_miss: "Only Python files."})
    assert "Only Python files" not in source and expected not in source
    namespace = {"check_query": check_query, "answer": "TODO"}
    with pytest.raises(AssertionError, match=r"Hint: Only Python files\."):
        exec(source, namespace)
    namespace["answer"] = "lang:go TODO"
    with pytest.raises(AssertionError) as wrong:
        exec(source, namespace)
    assert "Hint" not in str(wrong.value)
    namespace["answer"] = r"file:\.py$ TODO"
    exec(source, namespace)
    assert capsys.readouterr().out.startswith("✓ Correct")


def test_no_released_notebook_holds_a_readable_hint_or_expected_count(project: Project) -> None:
    advice: set[str] = set()
    for source in sorted(project.notebooks_dir.rglob("*.ipynb")):
        for cell in read_notebook(source).cells:
            if cell.cell_type == "code" and "grade_" in cell.source:
                for call in hidden_calls(cell.source, str(source)):
                    advice.update(call.near_misses.values())
    assert len(advice) > 20  # the instructor notebooks do hold hints
    released = sorted(project.release_dir.rglob("*.ipynb"))
    assert released
    for path in released:
        text = "\n".join(
            cell.source for cell in read_notebook(path).cells if cell.cell_type == "code"
        )
        readable = [a for a in advice if a in text or a[:40] in text]
        assert readable == [], f"{path}: hint text readable: {readable[:1]}"
        assert PLAIN_FINGERPRINT.findall(text) == [], f"{path}: a plain fingerprint"


# --- stale answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "sets"),
    [
        ('answer = "TODO"', True),
        ('answer: str = "TODO"', True),
        ('answer = "TODO', True),  # a syntax error, but meant as an answer
        ('sg.search("TODO")', False),
        ('def f():\n    answer = "x"', False),
        ("my_answer = 1", False),
    ],
)
def test_a_cell_sets_the_answer_when_it_assigns_it_at_top_level(source: str, sets: bool) -> None:
    assert sets_answer(source) is sets


def test_an_answer_cell_that_failed_is_not_judged_until_it_runs_cleanly() -> None:
    watch = AnswerWatch()
    watch.cell_ran('answer = "TODO"', None)
    assert watch.stale("ex1") is None
    watch.cell_ran('answer = "lang:python TODO', SyntaxError("unterminated string literal"))
    assert "stopped with an error (SyntaxError" in (watch.stale("ex2") or "")
    watch.cell_ran('answer = "lang:python TODO"', None)
    assert watch.stale("ex2") is None


def test_an_answer_already_judged_by_another_exercise_is_not_judged_again() -> None:
    watch = AnswerWatch()
    watch.cell_ran('answer = "TODO"', None)
    assert watch.stale("ex1") is None
    assert watch.stale("ex1") is None  # checking the same exercise again is fine
    assert "belongs to an earlier exercise" in (watch.stale("ex2") or "")
    watch.cell_ran('sg.search("x")', None)  # not an answer cell: changes nothing
    assert watch.stale("ex2") is not None
    watch.cell_ran('answer = "lang:python TODO"', None)
    assert watch.stale("ex2") is None


def test_the_released_notebooks_assign_answer_in_every_answer_cell(project: Project) -> None:
    for path in sorted(Path(project.release_dir).rglob("*.ipynb")):
        for cell in read_notebook(path).cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if grade_id.endswith("-answer") and cell.cell_type == "code":
                assert sets_answer(cell.source), f"{path}: {grade_id}"
