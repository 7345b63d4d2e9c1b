"""Certification rules: pure functions from course definitions and scores to a decision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kit.courses import CertificationPath, Course
from kit.errors import CertificationError
from kit.grades import AssignmentScore


@dataclass(frozen=True)
class Shortfall:
    """One assignment that keeps a learner from a certification."""

    course: str
    assignment: str
    needed_percent: float
    score: AssignmentScore | None = None

    def explain(self) -> str:
        """A line a learner can act on, e.g. 'sourcegraph-101 search-basics: scored 5/12 ...'."""
        where = f"{self.course} {self.assignment}"
        if self.score is None:
            return f"{where}: not submitted, needs {self.needed_percent:g}%"
        s = self.score
        return (
            f"{where}: scored {s.score:g}/{s.max_score:g} ({s.percent:.0f}%), "
            f"needs {self.needed_percent:g}%"
        )

    def brief(self) -> str:
        """A short form for tables, e.g. 'search-basics 33% < 70%'."""
        if self.score is None:
            return f"{self.assignment} not submitted"
        return f"{self.assignment} {self.score.percent:.0f}% < {self.needed_percent:g}%"


@dataclass(frozen=True)
class Decision:
    """Whether one learner holds one certification, and if not, exactly why not."""

    learner: str
    certification: str
    certified: bool
    shortfalls: tuple[Shortfall, ...] = ()

    def explain(self) -> str:
        """'certified' or the shortfalls, one per assignment, joined by '; '."""
        if self.certified:
            return "certified"
        return "missing: " + "; ".join(s.explain() for s in self.shortfalls)


def evaluate(
    path: CertificationPath,
    learner: str,
    courses: Mapping[str, Course],
    scores: Iterable[AssignmentScore],
) -> Decision:
    """Decide `path` for `learner`: every required course's assignments passed at its bar.

    The best score per assignment counts (a learner may resubmit).
    """
    best: dict[tuple[str, str], AssignmentScore] = {}
    for s in scores:
        key = (s.course, s.assignment)
        if s.learner == learner and (key not in best or s.percent > best[key].percent):
            best[key] = s
    shortfalls: list[Shortfall] = []
    for requirement in path.requires:
        course = courses.get(requirement.course)
        if course is None:
            raise CertificationError(
                f"certification {path.id!r} requires unknown course {requirement.course!r}"
            )
        needed = (
            requirement.min_score if requirement.min_score is not None else course.passing_score
        )
        for assignment in course.assignments:
            score = best.get((course.id, assignment.id))
            if score is None or score.percent < needed:
                shortfalls.append(Shortfall(course.id, assignment.id, needed, score))
    return Decision(learner, path.id, not shortfalls, tuple(shortfalls))


def evaluate_all(
    path: CertificationPath, courses: Mapping[str, Course], scores: Iterable[AssignmentScore]
) -> list[Decision]:
    """Decide `path` for every learner who has a score, sorted by learner."""
    materialized = list(scores)
    learners = sorted({s.learner for s in materialized})
    return [evaluate(path, learner, courses, materialized) for learner in learners]
