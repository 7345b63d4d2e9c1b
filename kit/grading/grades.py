"""Grade records: what grading produces and certification, reports and dashboards consume."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


def percent(score: float, max_score: float) -> float:
    """`score` as a percentage of `max_score` (0 when there are no points)."""
    return 100.0 * score / max_score if max_score else 0.0


@dataclass(frozen=True)
class AutogradeOutcome:
    """How autograding one learner's submission went: graded, or why not."""

    learner: str
    ok: bool
    message: str = ""


@dataclass(frozen=True)
class ExerciseScore:
    """One learner's score on one graded cell (an exercise) of one assignment."""

    learner: str
    course: str
    assignment: str
    exercise: str
    score: float
    max_score: float
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class AssignmentScore:
    """One learner's total on one assignment."""

    learner: str
    course: str
    assignment: str
    score: float
    max_score: float
    submitted_at: datetime | None = None
    not_graded: str | None = None  # why the latest submission could not be graded

    @property
    def percent(self) -> float:
        """Score as a percentage of the assignment's points (0 when it has none)."""
        return percent(self.score, self.max_score)


def assignment_scores(exercises: Iterable[ExerciseScore]) -> list[AssignmentScore]:
    """Sum exercise scores per (learner, course, assignment), in first-seen order.

    The submission time is the latest one seen for the assignment.
    """
    totals: dict[tuple[str, str, str], AssignmentScore] = {}
    for ex in exercises:
        key = (ex.learner, ex.course, ex.assignment)
        seen = totals.get(key)
        if seen is None:
            totals[key] = AssignmentScore(*key, ex.score, ex.max_score, ex.submitted_at)
            continue
        times = [t for t in (seen.submitted_at, ex.submitted_at) if t is not None]
        totals[key] = AssignmentScore(
            *key,
            seen.score + ex.score,
            seen.max_score + ex.max_score,
            max(times) if times else None,
        )
    return list(totals.values())
