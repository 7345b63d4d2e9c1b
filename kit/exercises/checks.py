"""What notebook cells call: a visible check for instant feedback, and the hidden test's grader.

Both show their verdict with `kit.exercises.panel`: a panel in a kernel, a line elsewhere; a wrong
answer raises AssertionError, which is how nbgrader scores an autograder test cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from kit.exercises.batch_changes import (
    judge_spec_against_fingerprint,
    judge_spec_against_reference,
)
from kit.exercises.freshness import stale_answer, watch_answers
from kit.exercises.graphql import (
    judge_request_against_fingerprint,
    judge_request_against_reference,
    judge_script_against_fingerprint,
    judge_script_against_reference,
)
from kit.exercises.insights import (
    judge_series_against_fingerprint,
    judge_series_against_reference,
)
from kit.exercises.panel import HINT_MARK, kernel_display, report
from kit.exercises.queries import (
    Compare,
    Verdict,
    judge_against_fingerprint,
    judge_against_reference,
)
from kit.exercises.sealing import reveal_expected
from kit.exercises.site_config import (
    judge_config_against_fingerprint,
    judge_config_against_reference,
)
from kit.practice.insights import Step
from kit.practice.monitors import MonitorSearcher
from kit.search import PracticeBackend, Searcher


def _practice(sourcegraph: PracticeBackend | None) -> PracticeBackend:
    """The practice corpus's backend unless one is given: expected results (and insight series,
    drawn from its git history) are computed on the practice corpus, even when a live
    Sourcegraph is configured."""
    if sourcegraph is not None:
        return sourcegraph
    from kit.practice import practice

    return practice()


def _sourcegraph(sourcegraph: Searcher | None) -> Searcher:
    """The given searcher, or the practice Sourcegraph."""
    return sourcegraph if sourcegraph is not None else _practice(None)


def _report(verdict: Verdict, answer: object) -> None:
    __tracebackhide__ = True  # pytest shows the learner the message, not our frames
    report(verdict.correct, verdict.message, answer)


def _judgeable(answer: object, expected: str) -> str:
    """The expected fingerprint, revealed, once `answer` is known to be this exercise's own; in
    a kernel, a check whose answer cell failed or did not run stops here and says so."""
    __tracebackhide__ = True
    revealed = reveal_expected(expected)
    stale = stale_answer(answer, revealed)
    if stale is not None:
        report(False, f"Not answered yet: {stale[0].upper()}{stale[1:]}", Ellipsis)
    return revealed


NUDGE_AFTER = 3
NUDGE = (
    "A few tries without a match: read the exercise again and compare what your answer does with "
    "what it asks; the worked examples above show the pieces it needs."
)
_misses: Counter[str] = Counter()


def _check(verdict: Verdict, answer: object, exercise: str) -> None:
    """A visible check's verdict; after NUDGE_AFTER wrong answers to the same `exercise` with no
    near-miss hint, a general nudge."""
    __tracebackhide__ = True
    if kernel_display() is None:
        pass  # the nudge is for a learner at work, never for a grader's judge
    elif verdict.correct:
        _misses.pop(exercise, None)
    elif answer is not Ellipsis:
        _misses[exercise] += 1
        if _misses[exercise] >= NUDGE_AFTER and HINT_MARK not in verdict.message:
            verdict = Verdict(False, verdict.message + HINT_MARK + NUDGE)
    _report(verdict, answer)


def check_query(
    answer: object,
    expected: str,
    *,
    hints: Mapping[str, str] | None = None,
    sourcegraph: Searcher | None = None,
) -> None:
    """Visible check: does the learner's query return the expected results (by fingerprint)?
    `hints` maps near misses' fingerprints to the advice a learner whose query does the same
    gets (`sgkit exercises sync` writes them from the hidden test's `near_misses`)."""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(
        judge_against_fingerprint(answer, expected, _sourcegraph(sourcegraph), hints),
        answer,
        expected,
    )


def grade_query(
    answer: object,
    reference: str,
    *,
    compare: Compare = "files",
    near_misses: Mapping[str, str] | None = None,
    sourcegraph: Searcher | None = None,
) -> None:
    """Hidden test: does the learner's query return what the reference query returns?
    `near_misses` maps wrong queries learners often write to advice."""
    __tracebackhide__ = True
    verdict = judge_against_reference(
        answer, reference, compare, _sourcegraph(sourcegraph), near_misses
    )
    _report(verdict, answer)


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
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    monitor = MonitorSearcher(_sourcegraph(sourcegraph), since)
    _check(judge_against_fingerprint(answer, expected, monitor, hints), answer, expected)


def grade_monitor(
    answer: object,
    reference: str,
    *,
    since: str,
    near_misses: Mapping[str, str] | None = None,
    sourcegraph: Searcher | None = None,
) -> None:
    """Hidden test: does the learner's monitor fire on the commits the reference monitor does?"""
    __tracebackhide__ = True
    monitor = MonitorSearcher(_sourcegraph(sourcegraph), since)
    _report(judge_against_reference(answer, reference, "commits", monitor, near_misses), answer)


def check_insight(
    answer: object,
    expected: str,
    *,
    step: Step = "month",
    hints: Mapping[str, str] | None = None,
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Visible check: does the learner's series query draw the expected insight series?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    backend = _practice(sourcegraph)
    _check(
        judge_series_against_fingerprint(answer, expected, backend, step=step, hints=hints),
        answer,
        expected,
    )


def grade_insight(
    answer: object,
    reference: str,
    *,
    step: Step = "month",
    near_misses: Mapping[str, str] | None = None,
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Hidden test: does the learner's series query draw the reference query's series?"""
    __tracebackhide__ = True
    backend = _practice(sourcegraph)
    _report(
        judge_series_against_reference(
            answer, reference, backend, step=step, near_misses=near_misses
        ),
        answer,
    )


def check_batch_change(
    answer: object,
    expected: str,
    *,
    published: bool = False,
    hints: Mapping[str, str] | None = None,
) -> None:
    """Visible check: does the learner's batch spec make the expected changesets (published
    as expected too, with `published`)?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(
        judge_spec_against_fingerprint(answer, expected, hints=hints, published=published),
        answer,
        expected,
    )


def grade_batch_change(
    answer: object,
    reference: str,
    *,
    published: bool = False,
    near_misses: Mapping[str, str] | None = None,
) -> None:
    """Hidden test: does the learner's batch spec change what the reference spec changes (and
    publish it the same way, with `published`)?"""
    __tracebackhide__ = True
    _report(
        judge_spec_against_reference(
            answer, reference, near_misses=near_misses, published=published
        ),
        answer,
    )


def check_site_config(
    answer: object,
    expected: str,
    *,
    keys: Sequence[str],
    strict: bool = False,
    hints: Mapping[str, str] | None = None,
) -> None:
    """Visible check: does the learner's site configuration give `keys` the expected settings
    (and have no error, nor with `strict` any warning)?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(
        judge_config_against_fingerprint(answer, expected, keys=keys, strict=strict, hints=hints),
        answer,
        expected,
    )


def grade_site_config(
    answer: object,
    reference: str,
    *,
    keys: Sequence[str],
    strict: bool = False,
    near_misses: Mapping[str, str] | None = None,
) -> None:
    """Hidden test: does the learner's site configuration set `keys` as the reference does?"""
    __tracebackhide__ = True
    _report(
        judge_config_against_reference(
            answer, reference, keys=keys, strict=strict, near_misses=near_misses
        ),
        answer,
    )


def check_code_host(
    answer: object,
    expected: str,
    *,
    kind: str,
    keys: Sequence[str] = (),
    strict: bool = False,
    hints: Mapping[str, str] | None = None,
) -> None:
    """Visible check: does the learner's `kind` code host connection mirror the expected
    repositories of the practice corpus (and set `keys` as expected)?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    verdict = judge_config_against_fingerprint(
        answer, expected, keys=keys, kind=kind, strict=strict, hints=hints
    )
    _check(verdict, answer, expected)


def grade_code_host(
    answer: object,
    reference: str,
    *,
    kind: str,
    keys: Sequence[str] = (),
    strict: bool = False,
    near_misses: Mapping[str, str] | None = None,
) -> None:
    """Hidden test: does the learner's connection mirror what the reference connection does?"""
    __tracebackhide__ = True
    verdict = judge_config_against_reference(
        answer, reference, keys=keys, kind=kind, strict=strict, near_misses=near_misses
    )
    _report(verdict, answer)


def check_graphql(
    answer: object,
    expected: str,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
    hints: Mapping[str, str] | None = None,
) -> None:
    """Visible check: does the learner's GraphQL request return the expected data (or, with
    `probe`, leave a fresh practice instance in the expected state)?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(
        judge_request_against_fingerprint(
            answer, expected, variables=variables, probe=probe, as_user=as_user, hints=hints
        ),
        answer,
        expected,
    )


def grade_graphql(
    answer: object,
    reference: str,
    *,
    variables: Mapping[str, Any] | None = None,
    probe: str | None = None,
    as_user: str | None = None,
    near_misses: Mapping[str, str] | None = None,
) -> None:
    """Hidden test: does the learner's request do what the reference request does?"""
    __tracebackhide__ = True
    _report(
        judge_request_against_reference(
            answer,
            reference,
            variables=variables,
            probe=probe,
            as_user=as_user,
            near_misses=near_misses,
        ),
        answer,
    )


def check_api_script(
    answer: object, expected: str, *, hints: Mapping[str, str] | None = None
) -> None:
    """Visible check: does the learner's `report(endpoint, token)` function return the expected
    report when run against a freshly served practice API?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(judge_script_against_fingerprint(answer, expected, hints=hints), answer, expected)


def grade_api_script(
    answer: object, reference: str, *, near_misses: Mapping[str, str] | None = None
) -> None:
    """Hidden test: does the learner's function report what the reference function (its
    source, `reference`) reports on the same grading instance?"""
    __tracebackhide__ = True
    _report(judge_script_against_reference(answer, reference, near_misses=near_misses), answer)


watch_answers()  # in a kernel, from the setup cell on: which cell set `answer`, and did it run
