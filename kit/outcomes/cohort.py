"""The training-outcome report: each learner's score per assignment and certification decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.certify import Decision
from kit.courses import CertificationPath, Course
from kit.evidence import reaches_pass_mark
from kit.grading.grades import ExerciseScore, percent
from kit.templating import html_templates


@dataclass(frozen=True)
class LearnerRow:
    """One learner's line in the report."""

    learner: str
    scores: dict[str, float]
    """Points per assignment id."""
    total: float
    max_total: float
    decision: Decision

    @property
    def percent(self) -> float:
        """Total as a percentage of the points available."""
        return percent(self.total, self.max_total)


@dataclass(frozen=True)
class CohortReport:
    """Scores and certification outcomes of one cohort on one course."""

    course: Course
    certification: CertificationPath
    assignments: tuple[tuple[str, float], ...]
    """(assignment id, points available), in course order."""
    exercise_count: int
    rows: tuple[LearnerRow, ...]
    generated_at: datetime

    @property
    def certified_count(self) -> int:
        """How many learners are certified."""
        return sum(row.decision.certified for row in self.rows)

    def passed(self, row: LearnerRow, assignment: str) -> bool:
        """Whether `row` reached the course's pass mark on `assignment`."""
        available = dict(self.assignments)[assignment]
        return reaches_pass_mark(
            percent(row.scores.get(assignment, 0), available), self.course.passing_score
        )


def build_cohort_report(
    course: Course,
    certification: CertificationPath,
    scores: Iterable[ExerciseScore],
    decisions: Iterable[Decision],
) -> CohortReport:
    """Assemble the report from exercise scores and decisions (learners without scores omitted)."""
    by_learner: dict[str, dict[str, float]] = {}
    max_points: dict[tuple[str, str], float] = {}
    for s in scores:
        mine = by_learner.setdefault(s.learner, {})
        mine[s.assignment] = mine.get(s.assignment, 0) + s.score
        max_points[(s.assignment, s.exercise)] = s.max_score
    available: dict[str, float] = {}
    for (assignment, _), points in max_points.items():
        available[assignment] = available.get(assignment, 0) + points
    order = [a.id for a in course.assignments]
    columns = sorted(available.items(), key=lambda item: _position(order, item[0]))
    decided = {d.learner: d for d in decisions}
    rows = tuple(
        LearnerRow(
            learner=learner,
            scores=assignments,
            total=sum(assignments.values()),
            max_total=sum(available.values()),
            decision=decided[learner],
        )
        for learner, assignments in sorted(by_learner.items())
        if learner in decided
    )
    return CohortReport(
        course=course,
        certification=certification,
        assignments=tuple(columns),
        exercise_count=len(max_points),
        rows=rows,
        generated_at=datetime.now(UTC),
    )


def _position(order: list[str], assignment: str) -> tuple[int, str]:
    return (order.index(assignment) if assignment in order else len(order), assignment)


def render_html(report: CohortReport) -> str:
    """The report as a standalone HTML page."""
    template = html_templates("kit.outcomes").get_template("cohort.html.j2")
    return template.render(report=report)


def write_html(report: CohortReport, path: Path) -> Path:
    """Write the HTML report to `path` (creating its folder) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path
