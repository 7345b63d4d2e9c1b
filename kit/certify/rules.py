"""Certification rules: pure functions from course definitions, scores and rubric sessions to a
decision that says, requirement by requirement, why a learner is or is not certified."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kit.certify.rubric_rules import RubricDecision, evaluate_rubric
from kit.courses import CertificationPath, Course, Requirement, Rubric
from kit.errors import CertificationError
from kit.evidence import best_scores, course_result, passes
from kit.grading.grades import AssignmentScore
from kit.records.assessments import RubricSession


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
        if self.score.not_graded:
            return f"{where}: not graded ({self.score.not_graded}); ask the grader to look at it"
        s = self.score
        return (
            f"{where}: scored {s.score:g}/{s.max_score:g} ({s.percent:.0f}%), "
            f"needs {self.needed_percent:g}%"
        )

    def brief(self) -> str:
        """A short form for tables, e.g. 'search-basics 33% < 70%'."""
        if self.score is None:
            return f"{self.assignment} not submitted"
        if self.score.not_graded:
            return f"{self.assignment} not graded"
        return f"{self.assignment} {self.score.percent:.0f}% < {self.needed_percent:g}%"


@dataclass(frozen=True)
class RubricShortfall:
    """A rubric-assessed session the learner has not passed yet, with what to work on."""

    decision: RubricDecision

    def explain(self) -> str:
        """E.g. 'ce-demo: not yet (2 sessions); latest 2026-10-02: shadow-ce: discovery 2'."""
        return self.decision.explain()

    def brief(self) -> str:
        """A short form for tables."""
        areas = self.decision.focus_areas
        if not self.decision.history:
            return f"{self.decision.rubric} not assessed"
        return f"{self.decision.rubric}: {len(areas)} focus area{'s' if len(areas) != 1 else ''}"


@dataclass(frozen=True)
class Evidence:
    """What satisfied one requirement, as it goes into a credential and onto a certificate."""

    requirement: str
    narrative: str
    percent: float | None = None


@dataclass(frozen=True)
class Decision:
    """Whether one learner holds one certification, and if not, exactly why not."""

    learner: str
    certification: str
    certified: bool
    shortfalls: tuple[Shortfall | RubricShortfall, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def explain(self) -> str:
        """'certified' or the shortfalls, one per requirement, joined by '; '."""
        if self.certified:
            return "certified"
        return "missing: " + "; ".join(s.explain() for s in self.shortfalls)


def evaluate(
    path: CertificationPath,
    learner: str,
    courses: Mapping[str, Course],
    scores: Iterable[AssignmentScore],
    *,
    rubrics: Mapping[str, Rubric] | None = None,
    sessions: Iterable[RubricSession] = (),
    after: datetime | None = None,
) -> Decision:
    """Decide `path` for `learner`: every course requirement passed at its bar, every rubric
    requirement passed in one session.

    The best score per assignment counts (a learner may resubmit). With `after` (renewal), only
    submissions and sessions later than that moment count.
    """
    own_scores = [
        s
        for s in scores
        if s.learner == learner
        and (after is None or (s.submitted_at is not None and s.submitted_at > after))
    ]
    own_sessions = [s for s in sessions if s.learner == learner]
    shortfalls: list[Shortfall | RubricShortfall] = []
    evidence: list[Evidence] = []
    for requirement in path.requires:
        found: tuple[Sequence[Shortfall | RubricShortfall], list[Evidence]]
        if requirement.course is not None:
            found = _course_requirement(path, requirement, courses, learner, own_scores)
        else:
            found = _rubric_requirement(
                path, requirement, rubrics or {}, learner, own_sessions, after
            )
        shortfalls.extend(found[0])
        evidence.extend(found[1])
    if shortfalls:
        return Decision(learner, path.id, False, tuple(shortfalls))
    return Decision(learner, path.id, True, (), tuple(evidence))


def _course_requirement(
    path: CertificationPath,
    requirement: Requirement,
    courses: Mapping[str, Course],
    learner: str,
    scores: list[AssignmentScore],
) -> tuple[list[Shortfall], list[Evidence]]:
    course = courses.get(str(requirement.course))
    if course is None:
        raise CertificationError(
            f"certification {path.id!r} requires unknown course {requirement.course!r}"
        )
    result = course_result(learner, course, best_scores(scores), pass_mark=requirement.min_score)
    needed = result.pass_mark
    shortfalls: list[Shortfall] = []
    evidence: list[Evidence] = []
    for assignment, (_, score) in zip(course.assignments, result.best, strict=True):
        if score is None or not passes(score, needed):
            shortfalls.append(Shortfall(course.id, assignment.id, needed, score))
        else:
            evidence.append(
                Evidence(
                    f"{course.id} {assignment.id}",
                    f"{assignment.title}: {score.score:g}/{score.max_score:g} points "
                    f"({score.percent:.0f}%, pass mark {needed:g}%)",
                    score.percent,
                )
            )
    return shortfalls, evidence


def _rubric_requirement(
    path: CertificationPath,
    requirement: Requirement,
    rubrics: Mapping[str, Rubric],
    learner: str,
    sessions: list[RubricSession],
    after: datetime | None,
) -> tuple[list[RubricShortfall], list[Evidence]]:
    rubric = rubrics.get(str(requirement.rubric))
    if rubric is None:
        raise CertificationError(
            f"certification {path.id!r} requires unknown rubric {requirement.rubric!r}"
        )
    decision = evaluate_rubric(
        rubric,
        learner,
        sessions,
        subject=requirement.subject,
        after=after.date() if after is not None else None,
    )
    passing = decision.passing
    if passing is None:
        return [RubricShortfall(decision)], []
    assessors = ", ".join(
        f"{a.assessor} ({role.title if (role := rubric.role(a.role)) else a.role})"
        for a in passing.session.assessments
    )
    about = f" on {requirement.subject}" if requirement.subject else ""
    return [], [
        Evidence(
            f"{rubric.id}{' ' + requirement.subject if requirement.subject else ''}",
            f"{rubric.title}{about}, session of {passing.session.label()}: every core competency "
            f"scored {rubric.top_score} by {assessors}",
        )
    ]


def evaluate_all(
    path: CertificationPath,
    courses: Mapping[str, Course],
    scores: Iterable[AssignmentScore],
    *,
    rubrics: Mapping[str, Rubric] | None = None,
    sessions: Iterable[RubricSession] = (),
) -> list[Decision]:
    """Decide `path` for every learner who has a score or an assessed session, sorted by learner."""
    materialized = list(scores)
    all_sessions = list(sessions)
    learners = sorted({s.learner for s in materialized} | {s.learner for s in all_sessions})
    return [
        evaluate(path, learner, courses, materialized, rubrics=rubrics, sessions=all_sessions)
        for learner in learners
    ]
