"""What notebook cells call: a visible check for instant feedback, and the hidden test's grader.

Both print a one-line verdict when the answer is right and raise AssertionError with the reason
when it is not, which is how nbgrader scores an autograder test cell.
"""

from __future__ import annotations

from collections.abc import Mapping

from kit.exercises.batch_changes import (
    judge_spec_against_fingerprint,
    judge_spec_against_reference,
)
from kit.exercises.insights import (
    judge_series_against_fingerprint,
    judge_series_against_reference,
)
from kit.exercises.queries import (
    Compare,
    Searcher,
    Verdict,
    judge_against_fingerprint,
    judge_against_reference,
)
from kit.practice.insights import Step
from kit.practice.monitors import MonitorSearcher
from kit.search import PracticeBackend


def _sourcegraph(sourcegraph: Searcher | None) -> Searcher:
    """The practice Sourcegraph, even when a live one is configured: expected results are
    computed on the practice corpus."""
    if sourcegraph is not None:
        return sourcegraph
    from kit.practice import practice

    return practice()


def _practice(sourcegraph: PracticeBackend | None) -> PracticeBackend:
    """The practice corpus's backend: insights are drawn from its git history."""
    if sourcegraph is not None:
        return sourcegraph
    from kit.practice import practice

    return practice()


def _report(verdict: Verdict) -> None:
    if not verdict.correct:
        raise AssertionError(verdict.message)
    print(f"✅ {verdict.message}")


def check_query(
    answer: object,
    expected: str,
    *,
    hints: Mapping[str, str] | None = None,
    sourcegraph: Searcher | None = None,
) -> None:
    """Visible check: does the learner's query return the expected results (by fingerprint)?
    `hints` maps near-miss queries to the advice a learner whose query does the same gets."""
    _report(judge_against_fingerprint(answer, expected, _sourcegraph(sourcegraph), hints))


def grade_query(
    answer: object,
    reference: str,
    *,
    compare: Compare = "files",
    sourcegraph: Searcher | None = None,
) -> None:
    """Hidden test: does the learner's query return what the reference query returns?"""
    _report(judge_against_reference(answer, reference, compare, _sourcegraph(sourcegraph)))


def check_monitor(
    answer: object,
    expected: str,
    *,
    since: str,
    hints: Mapping[str, str] | None = None,
    sourcegraph: Searcher | None = None,
) -> None:
    """Visible check: does a code monitor with the learner's query fire on the expected commits
    made after `since` (an ISO day)?"""
    monitor = MonitorSearcher(_sourcegraph(sourcegraph), since)
    _report(judge_against_fingerprint(answer, expected, monitor, hints))


def grade_monitor(
    answer: object, reference: str, *, since: str, sourcegraph: Searcher | None = None
) -> None:
    """Hidden test: does the learner's monitor fire on the commits the reference monitor does?"""
    monitor = MonitorSearcher(_sourcegraph(sourcegraph), since)
    _report(judge_against_reference(answer, reference, "commits", monitor))


def check_insight(
    answer: object,
    expected: str,
    *,
    step: Step = "month",
    hints: Mapping[str, str] | None = None,
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Visible check: does the learner's series query draw the expected insight series?"""
    backend = _practice(sourcegraph)
    _report(judge_series_against_fingerprint(answer, expected, backend, step=step, hints=hints))


def grade_insight(
    answer: object,
    reference: str,
    *,
    step: Step = "month",
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Hidden test: does the learner's series query draw the reference query's series?"""
    _report(judge_series_against_reference(answer, reference, _practice(sourcegraph), step=step))


def check_batch_change(
    answer: object, expected: str, *, hints: Mapping[str, str] | None = None
) -> None:
    """Visible check: does the learner's batch spec make the expected changesets?"""
    _report(judge_spec_against_fingerprint(answer, expected, hints=hints))


def grade_batch_change(answer: object, reference: str) -> None:
    """Hidden test: does the learner's batch spec change what the reference spec changes?"""
    _report(judge_spec_against_reference(answer, reference))
