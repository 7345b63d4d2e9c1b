"""Code Insights exercises: a learner's series query is judged by the series it draws.

Two queries are equally right when they give the same value at every point, however they are
written. The visible check knows only a fingerprint of the expected values (`series:<points>:
<hash>`); the hidden test redraws the instructor's reference series and says where they differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from kit.errors import QuerySyntaxError
from kit.exercises.queries import Verdict, not_a_query
from kit.exercises.sealing import is_sealed_hint, sealed_advice
from kit.practice.insights import InsightSeries, Step, insight_series
from kit.search import PracticeBackend

_PREFIX = "series"


def series_fingerprint(series: InsightSeries) -> str:
    """`series:<points>:<hash>` of a series' values: enough to check one, not to derive it."""
    text = ",".join(str(v) for v in series.values)
    return f"{_PREFIX}:{len(series.values)}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def reference_series_fingerprint(
    reference: str, backend: PracticeBackend, *, step: Step = "month"
) -> str:
    """The fingerprint a visible insight check needs, from the instructor's reference query."""
    return series_fingerprint(insight_series(backend, reference, step=step))


def _learner_series(
    answer: object, backend: PracticeBackend, step: Step
) -> tuple[InsightSeries | None, str]:
    problem = not_a_query(answer)
    if problem:
        return None, problem
    assert isinstance(answer, str)
    try:
        return insight_series(backend, answer, step=step), ""
    except QuerySyntaxError as exc:
        return None, f"Sourcegraph rejects this series query: {exc.message}"


def _shown(series: InsightSeries) -> str:
    return ", ".join(str(v) for v in series.values)


def judge_series_against_fingerprint(
    answer: object,
    expected: str,
    backend: PracticeBackend,
    *,
    step: Step = "month",
    hints: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a series query against a fingerprint: what a released notebook's check can do."""
    series, problem = _learner_series(answer, backend, step)
    if series is None:
        return Verdict(False, problem)
    if series_fingerprint(series) == expected:
        return Verdict(
            True, f"Correct: your series draws the expected {len(series.values)} points."
        )
    message = f"Not yet: your series is {_shown(series)}, which is not the expected curve."
    if not any(series.values):
        message += " Every point is 0: does your query find anything today? Try it with sg.search."
    return Verdict(False, message + _near_miss_advice(series, backend, step, hints or {}))


def _near_miss_advice(
    series: InsightSeries, backend: PracticeBackend, step: Step, hints: Mapping[str, str]
) -> str:
    """` Hint: ...` for the first near miss (a series fingerprint, or a query to draw) that
    draws exactly `series`, else ``."""
    mine = series_fingerprint(series)
    sealed = sealed_advice(mine, hints)
    if sealed:
        return f" Hint: {sealed}"
    for near_miss, advice in hints.items():
        if is_sealed_hint(near_miss):
            continue
        if near_miss.startswith(f"{_PREFIX}:"):
            theirs = near_miss
        else:
            theirs = series_fingerprint(insight_series(backend, near_miss, step=step))
        if theirs == mine:
            return f" Hint: {advice}"
    return ""


def judge_series_against_reference(
    answer: object,
    reference: str,
    backend: PracticeBackend,
    *,
    step: Step = "month",
    near_misses: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a series query by redrawing the reference series: what a hidden test does (with
    the advice of a near miss, `near_misses`: query -> advice, that draws the same series)."""
    series, problem = _learner_series(answer, backend, step)
    if series is None:
        return Verdict(False, problem)
    want = insight_series(backend, reference, step=step)
    if series.values == want.values:
        return Verdict(True, f"Correct: your series draws the expected {len(want.values)} points.")
    differing = [
        f"{got.day.isoformat()}: {got.value} (expected {exp.value})"
        for got, exp in zip(series.points, want.points, strict=True)
        if got.value != exp.value
    ]
    return Verdict(
        False,
        f"Your series differs at {len(differing)} of {len(want.points)} points: "
        + "; ".join(differing[:3])
        + (" ..." if len(differing) > 3 else "")
        + _near_miss_advice(series, backend, step, near_misses or {}),
    )
