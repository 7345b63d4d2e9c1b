"""Query exercises are judged by the results a query returns, never by its text."""

from __future__ import annotations

import pytest

from kit.exercises import (
    check_query,
    grade_query,
    judge_against_fingerprint,
    judge_against_reference,
    reference_fingerprint,
)
from kit.search import PracticeBackend


@pytest.mark.parametrize(
    ("reference", "compare", "answer"),
    [
        ("lang:python TODO", "files", r"file:\.py$ todo"),
        ("lang:python TODO", "files", "TODO lang:python repo:pipeline"),
        ('"connection refused"', "lines", "patterntype:literal connection refused"),
        ("repo:web-storefront calculateTotal", "lines", "calculateTotal repo:storefront"),
        ("case:yes TIMEOUT", "lines", "/TIMEOUT/ case:yes"),
    ],
)
def test_every_query_with_the_same_results_is_correct(
    practice: PracticeBackend, reference: str, compare: str, answer: str
) -> None:
    assert judge_against_reference(answer, reference, compare, practice).correct  # type: ignore[arg-type]
    expected = reference_fingerprint(reference, compare, practice)  # type: ignore[arg-type]
    assert judge_against_fingerprint(answer, expected, practice).correct


def test_a_wrong_query_is_told_what_differs(practice: PracticeBackend) -> None:
    verdict = judge_against_reference("TODO", "lang:python TODO", "files", practice)
    assert not verdict.correct
    assert verdict.message.startswith("Your query returns 6 files; 2 expected.")
    assert "Not expected: github.com/acme/billing-service/-/invoices/invoice.go" in verdict.message


def test_the_visible_check_gives_counts_but_not_the_answer(practice: PracticeBackend) -> None:
    expected = reference_fingerprint("lang:python TODO", "files", practice)
    verdict = judge_against_fingerprint("TODO", expected, practice)
    assert verdict.message == "Not yet: your query returns 6 files; the exercise expects 2."
    same_count = judge_against_fingerprint("lang:python calculate_total", expected, practice)
    assert "the right number of results (2 files), but not the right ones" in same_count.message


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (..., "Not answered yet: replace the ..."),
        (42, "must be a query in quotes (a string), not a int"),
        ("   ", "Your query is empty"),
        ("lang:klingon TODO", 'Sourcegraph rejects this query: unknown language: "klingon"'),
    ],
)
def test_unusable_answers_get_a_message_not_a_crash(
    practice: PracticeBackend, answer: object, message: str
) -> None:
    verdict = judge_against_reference(answer, "TODO", "files", practice)
    assert not verdict.correct and message in verdict.message


def test_check_and_grade_raise_assertion_error_for_nbgrader(
    practice: PracticeBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    grade_query("lang:py TODO", "lang:python TODO", sourcegraph=practice)
    assert "✓ Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="Not yet"):
        check_query("TODO", reference_fingerprint("lang:python TODO", "files", practice))


def test_hidden_grading_uses_the_practice_corpus_by_default(practice: PracticeBackend) -> None:
    grade_query("lang:py TODO", "lang:python TODO")  # connect() finds $SGKIT_CORPUS
