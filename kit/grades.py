"""Grade records: what grading produces and certification, reports and dashboards consume."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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


@dataclass(frozen=True)
class AssignmentScore:
    """One learner's total on one assignment."""

    learner: str
    course: str
    assignment: str
    score: float
    max_score: float

    @property
    def percent(self) -> float:
        """Score as a percentage of the assignment's points (0 when it has none)."""
        return percent(self.score, self.max_score)


def assignment_scores(exercises: Iterable[ExerciseScore]) -> list[AssignmentScore]:
    """Sum exercise scores per (learner, course, assignment), in first-seen order."""
    totals: dict[tuple[str, str, str], list[float]] = {}
    for ex in exercises:
        total = totals.setdefault((ex.learner, ex.course, ex.assignment), [0.0, 0.0])
        total[0] += ex.score
        total[1] += ex.max_score
    return [
        AssignmentScore(learner, course, assignment, score, max_score)
        for (learner, course, assignment), (score, max_score) in totals.items()
    ]
