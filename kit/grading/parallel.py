"""Autograde a cohort on several worker processes, each with its own nbgrader API.

Workers are spawned (not forked) and build their `CourseGrading` once. Learners go out one at a
time, so a slow submission never holds up a chunk of others. The gradebook is the only shared
state: nbgrader keeps one submission per learner and assignment there, so running the same batch
again after a crash (even `kill -9`) regrades and leaves each submission graded exactly once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed

from kit.grading.gradebook_db import has_assignment
from kit.grading.grades import AutogradeOutcome
from kit.grading.judging import start_judge
from kit.grading.layout import CourseLayout
from kit.grading.steps import CourseGrading
from kit.sandbox import SandboxLimits

_worker: CourseGrading | None = None


def _start_worker(layout: CourseLayout, limits: SandboxLimits | None) -> None:
    global _worker
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
        return CourseGrading(layout, limits).autograde(assignment_id, todo, on_done=on_done)
    outcomes: list[AutogradeOutcome] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(layout, limits),
    ) as pool:
        futures = {pool.submit(_grade_one, assignment_id, learner): learner for learner in todo}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # a worker died: report the learner, keep the batch going
                outcome = AutogradeOutcome(futures[future], False, f"{type(exc).__name__}: {exc}")
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return outcomes
