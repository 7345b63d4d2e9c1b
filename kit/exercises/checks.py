"""What notebook cells call: a visible check for instant feedback, and the hidden test's grader.

Both print a one-line verdict when the answer is right and raise AssertionError with the reason
when it is not, which is how nbgrader scores an autograder test cell.
"""

from __future__ import annotations

from kit.exercises.queries import (
    Compare,
    Searcher,
    Verdict,
    judge_against_fingerprint,
    judge_against_reference,
)


def _sourcegraph(sourcegraph: Searcher | None) -> Searcher:
    """The practice Sourcegraph, even when a live one is configured: expected results are
    computed on the practice corpus."""
    if sourcegraph is not None:
        return sourcegraph
    from kit.practice import practice

    return practice()


def _report(verdict: Verdict) -> None:
    if not verdict.correct:
        raise AssertionError(verdict.message)
    print(f"✅ {verdict.message}")


def check_query(answer: object, expected: str, *, sourcegraph: Searcher | None = None) -> None:
    """Visible check: does the learner's query return the expected results (by fingerprint)?"""
    _report(judge_against_fingerprint(answer, expected, _sourcegraph(sourcegraph)))


def grade_query(
    answer: object,
    reference: str,
    *,
    compare: Compare = "files",
    sourcegraph: Searcher | None = None,
) -> None:
    """Hidden test: does the learner's query return what the reference query returns?"""
    _report(judge_against_reference(answer, reference, compare, _sourcegraph(sourcegraph)))
