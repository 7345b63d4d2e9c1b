"""What notebook cells call: a visible check for instant feedback, and the hidden test's grader.

Both print a one-line verdict when the answer is right and raise AssertionError with the reason
when it is not, which is how nbgrader scores an autograder test cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kit.exercises.batch_changes import (
    judge_spec_against_fingerprint,
    judge_spec_against_reference,
)
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
from kit.exercises.queries import (
    Compare,
    Verdict,
    judge_against_fingerprint,
    judge_against_reference,
)
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


def _report(verdict: Verdict) -> None:
    __tracebackhide__ = True  # IPython and pytest show the learner the message, not our frames
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
    `hints` maps near misses' fingerprints to the advice a learner whose query does the same
    gets (`sgkit exercises sync` writes them from the hidden test's `near_misses`)."""
    __tracebackhide__ = True
    _report(judge_against_fingerprint(answer, expected, _sourcegraph(sourcegraph), hints))


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
    _report(verdict)


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
    monitor = MonitorSearcher(_sourcegraph(sourcegraph), since)
    _report(judge_against_fingerprint(answer, expected, monitor, hints))


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
    _report(judge_against_reference(answer, reference, "commits", monitor, near_misses))


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
    backend = _practice(sourcegraph)
    _report(judge_series_against_fingerprint(answer, expected, backend, step=step, hints=hints))


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
        )
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
    _report(judge_spec_against_fingerprint(answer, expected, hints=hints, published=published))


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
        )
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
    _report(
        judge_config_against_fingerprint(answer, expected, keys=keys, strict=strict, hints=hints)
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
        )
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
    verdict = judge_config_against_fingerprint(
        answer, expected, keys=keys, kind=kind, strict=strict, hints=hints
    )
    _report(verdict)


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
    _report(verdict)


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
    _report(
        judge_request_against_fingerprint(
            answer, expected, variables=variables, probe=probe, as_user=as_user, hints=hints
        )
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
        )
    )


def check_api_script(
    answer: object, expected: str, *, hints: Mapping[str, str] | None = None
) -> None:
    """Visible check: does the learner's `report(endpoint, token)` function return the expected
    report when run against a freshly served practice API?"""
    __tracebackhide__ = True
    _report(judge_script_against_fingerprint(answer, expected, hints=hints))


def grade_api_script(
    answer: object, reference: str, *, near_misses: Mapping[str, str] | None = None
) -> None:
    """Hidden test: does the learner's function report what the reference function (its
    source, `reference`) reports on the same grading instance?"""
    __tracebackhide__ = True
    _report(judge_script_against_reference(answer, reference, near_misses=near_misses))
