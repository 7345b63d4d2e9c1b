"""The training-outcome report: each learner's score per exercise and certification decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.certify import Decision
from kit.courses import CertificationPath, Course
from kit.grades import ExerciseScore, percent
from kit.templating import html_templates


@dataclass(frozen=True)
class LearnerRow:
    """One learner's line in the report."""

    learner: str
    scores: dict[str, float]
    total: float
    max_total: float
    decision: Decision

    @property
    def percent(self) -> float:
        """Total as a percentage of the points available."""
        return percent(self.total, self.max_total)


@dataclass(frozen=True)
class OutcomeReport:
    """Scores and certification outcomes of one cohort on one course."""

    course: Course
    certification: CertificationPath
    exercises: tuple[tuple[str, float], ...]
    rows: tuple[LearnerRow, ...]
    generated_at: datetime

    @property
    def certified_count(self) -> int:
        """How many learners are certified."""
        return sum(row.decision.certified for row in self.rows)


def exercise_label(grade_id: str) -> str:
    """A short column label for a graded cell: `ex3-check` -> `ex3`."""
    return grade_id.removesuffix("-check")


def build_outcome_report(
    course: Course,
    certification: CertificationPath,
    scores: Iterable[ExerciseScore],
    decisions: Iterable[Decision],
) -> OutcomeReport:
    """Assemble the report from exercise scores and decisions (learners without scores omitted)."""
    by_learner: dict[str, dict[str, ExerciseScore]] = {}
    max_points: dict[str, float] = {}
    for s in scores:
        key = f"{s.assignment}/{s.exercise}" if len(course.assignments) > 1 else s.exercise
        by_learner.setdefault(s.learner, {})[key] = s
        max_points[key] = s.max_score
    decided = {d.learner: d for d in decisions}
    rows = tuple(
        LearnerRow(
            learner=learner,
            scores={key: s.score for key, s in exercises.items()},
            total=sum(s.score for s in exercises.values()),
            max_total=sum(max_points.values()),
            decision=decided[learner],
        )
        for learner, exercises in sorted(by_learner.items())
        if learner in decided
    )
    return OutcomeReport(
        course=course,
        certification=certification,
        exercises=tuple(sorted(max_points.items())),
        rows=rows,
        generated_at=datetime.now(UTC),
    )


def render_html(report: OutcomeReport) -> str:
    """The report as a standalone HTML page."""
    template = html_templates("kit.reports").get_template("outcomes.html.j2")
    return template.render(report=report, label=exercise_label)


def write_html(report: OutcomeReport, path: Path) -> Path:
    """Write the HTML report to `path` (creating its folder) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path
