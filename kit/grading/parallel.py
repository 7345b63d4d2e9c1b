"""Autograde a cohort on several worker processes, each with its own nbgrader API.

Workers are spawned (not forked) and build their `CourseGrading` once. Learners go out one at a
time, so a slow submission never holds up a chunk of others. The gradebook is the only shared
state: nbgrader keeps one submission per learner and assignment there, so running the same batch
again after a crash (even `kill -9`) regrades and leaves each submission graded exactly once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from kit.grading.gradebook_db import has_assignment
from kit.grading.grades import AutogradeOutcome
from kit.grading.interrupts import (
    AutogradeInterruptedError,
    discard_partial,
    graceful_stop,
    ignore_interrupts,
    sigterm_as_interrupt,
)
from kit.grading.judging import start_judge
from kit.grading.layout import CourseLayout
from kit.grading.steps import CourseGrading
from kit.sandbox import SandboxLimits

_worker: CourseGrading | None = None


def _start_worker(layout: CourseLayout, limits: SandboxLimits | None) -> None:
    global _worker
    ignore_interrupts()  # Ctrl-C reaches the whole process group: the parent decides
    start_judge()  # it loads the search index while this worker imports nbgrader
    _worker = CourseGrading(layout, limits)


def _grade_one(assignment_id: str, learner: str) -> AutogradeOutcome:
    assert _worker is not None, "worker not initialised"
    (outcome,) = _worker.autograde(assignment_id, [learner])
    return outcome


def autograde_parallel(
    layout: CourseLayout,
    assignment_id: str,
    learners: Iterable[str],
    *,
    workers: int = 2,
    limits: SandboxLimits | None = None,
    on_done: Callable[[AutogradeOutcome], None] | None = None,
) -> list[AutogradeOutcome]:
    """Autograde `learners` on `workers` processes; outcomes in completion order."""
    todo = list(learners)
    if not has_assignment(layout.db_url, assignment_id):  # nbgrader's API is slow to open
        CourseGrading(layout, limits).ensure_released(assignment_id)
    if workers <= 1:
        return _autograde_here(layout, assignment_id, todo, limits, on_done)
    outcomes: list[AutogradeOutcome] = []
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(layout, limits),
    )
    futures = {pool.submit(_grade_one, assignment_id, learner): learner for learner in todo}
    try:
        with sigterm_as_interrupt():
            for future in as_completed(futures):
                outcome = _outcome(future, futures[future])
                outcomes.append(outcome)
                if on_done is not None:
                    on_done(outcome)
    except KeyboardInterrupt:
        _stop(pool, futures, outcomes, layout, assignment_id, on_done)
        raise AutogradeInterruptedError(len(outcomes), len(todo)) from None
    pool.shutdown()
    return outcomes


def _outcome(future: Future[AutogradeOutcome], learner: str) -> AutogradeOutcome:
    try:
        return future.result()
    except Exception as exc:  # a worker died: report the learner, keep the batch going
        return AutogradeOutcome(learner, False, f"{type(exc).__name__}: {exc}")


def _stop(
    pool: ProcessPoolExecutor,
    futures: dict[Future[AutogradeOutcome], str],
    outcomes: list[AutogradeOutcome],
    layout: CourseLayout,
    assignment_id: str,
    on_done: Callable[[AutogradeOutcome], None] | None,
) -> None:
    """After an interruption: let the submissions being graded finish (a second interruption
    stops them, and their half-graded state is discarded); start no new one."""
    reported = {o.learner for o in outcomes}
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
    unfinished = []
    for future, learner in futures.items():
        if learner in reported or future.cancelled():
            continue
        if future.done() and future.exception() is None:
            outcome = future.result()
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
        else:
            unfinished.append(learner)
    discard_partial(layout, assignment_id, unfinished)


class _StopRequestedError(Exception):
    """Raised between two learners once a stop was asked for."""


def _autograde_here(
    layout: CourseLayout,
    assignment_id: str,
    todo: list[str],
    limits: SandboxLimits | None,
    on_done: Callable[[AutogradeOutcome], None] | None,
) -> list[AutogradeOutcome]:
    """Autograde in this process. The first interruption lets the current learner finish; a
    second stops at once and discards that learner's half-graded state."""
    outcomes: list[AutogradeOutcome] = []
    grading = CourseGrading(layout, limits)
    with graceful_stop() as stop:

        def done(outcome: AutogradeOutcome) -> None:
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
            if stop.is_set() and len(outcomes) < len(todo):
                raise _StopRequestedError

        try:
            grading.autograde(assignment_id, todo, on_done=done)
        except _StopRequestedError:
            raise AutogradeInterruptedError(len(outcomes), len(todo)) from None
        except KeyboardInterrupt:
            discard_partial(layout, assignment_id, todo[len(outcomes) : len(outcomes) + 1])
            raise AutogradeInterruptedError(len(outcomes), len(todo)) from None
    if stop.is_set() and len(outcomes) < len(todo):
        raise AutogradeInterruptedError(len(outcomes), len(todo))
    return outcomes
