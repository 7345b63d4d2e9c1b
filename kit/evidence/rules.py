"""The pass rule, in one place: a learner's best submission per assignment counts, an assignment
is passed at or above the pass mark, a course is passed when every one of its assignments is,
and it was completed at the latest of those best submissions. Pure functions over records."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kit.courses import Course
from kit.grading.grades import AssignmentScore

ScoreKey = tuple[str, str, str]
"""(learner, course, assignment)."""


def best_scores(scores: Iterable[AssignmentScore]) -> dict[ScoreKey, AssignmentScore]:
    """The best submission of each (learner, course, assignment); the first seen wins a tie."""
    best: dict[ScoreKey, AssignmentScore] = {}
    for score in scores:
        key = (score.learner, score.course, score.assignment)
        if key not in best or score.percent > best[key].percent:
            best[key] = score
    return best


def reaches_pass_mark(percent: float, pass_mark: float) -> bool:
    """Whether `percent` of an assignment's points is at or above `pass_mark` (a percent)."""
    return percent >= pass_mark


def passes(score: AssignmentScore | None, pass_mark: float) -> bool:
    """Whether a (best) submission passes at `pass_mark`; no submission, or one that could not
    be graded, never does."""
    return (
        score is not None
        and score.not_graded is None
        and reaches_pass_mark(score.percent, pass_mark)
    )


@dataclass(frozen=True)
class CourseResult:
    """One learner's best submission on each assignment of a course, judged at a pass mark."""

    learner: str
    course: str
    pass_mark: float
    best: tuple[tuple[str, AssignmentScore | None], ...]
    """(assignment id, best submission or None), in course order."""

    @property
    def passed(self) -> bool:
        """Whether every assignment's best submission reaches the pass mark."""
        return all(passes(score, self.pass_mark) for _, score in self.best)

    @property
    def completed_at(self) -> datetime | None:
        """When a passed course was completed: the latest of its best submissions (None when not
        passed, or when no submission has a time to date it by)."""
        if not self.passed:
            return None
        times = [s.submitted_at for _, s in self.best if s is not None and s.submitted_at]
        return max(times) if times else None

    @property
    def score(self) -> float:
        """Points of the best submissions."""
        return sum(s.score for _, s in self.best if s is not None)

    @property
    def max_score(self) -> float:
        """Points available in the best submissions."""
        return sum(s.max_score for _, s in self.best if s is not None)


def course_result(
    learner: str,
    course: Course,
    best: Mapping[ScoreKey, AssignmentScore],
    *,
    pass_mark: float | None = None,
) -> CourseResult:
    """`learner`'s result on `course` from `best_scores`, at `pass_mark` (the course's own pass
    mark by default)."""
    mark = course.passing_score if pass_mark is None else pass_mark
    return CourseResult(
        learner,
        course.id,
        mark,
        tuple((a.id, best.get((learner, course.id, a.id))) for a in course.assignments),
    )


def completed_courses(
    scores: Iterable[AssignmentScore],
    courses: Iterable[Course],
    *,
    learners: Collection[str] | None = None,
) -> list[CourseResult]:
    """Every (learner, course) passed at the course's pass mark with a completion time, oldest
    first; `learners` limits the learners (default: everyone with a score)."""
    best = best_scores(scores)
    who = sorted({learner for learner, _, _ in best} if learners is None else set(learners))
    results = [course_result(learner, course, best) for course in courses for learner in who]
    dated = [(r.completed_at, r) for r in results if r.completed_at is not None]
    return [r for _, r in sorted(dated, key=lambda d: (d[0], d[1].learner, d[1].course))]
