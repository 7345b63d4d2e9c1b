"""Every published course's gradebook in a checkout (SQLite or PostgreSQL), read through the one
gradebook reader: a course nobody has been graded in yet has no gradebook, and gets none."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kit.courses import Catalog
from kit.grading.grades import AssignmentScore, assignment_scores
from kit.project import Project

if TYPE_CHECKING:
    from kit.grading.failures import FailedGrading


@dataclass(frozen=True)
class GradedEvidence:
    """The assignment scores of every learner, and the names the gradebooks know."""

    scores: list[AssignmentScore] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def read_gradebooks(
    project: Project,
    catalog: Catalog,
    *,
    grading_dir: Path | None = None,
    courses: Collection[str] = (),
) -> GradedEvidence:
    """Scores and names in the gradebooks of the published courses (under the checkout's
    `grading/`, or `grading_dir`); `courses` limits the courses read."""
    from kit.grading.failures import failed_gradings
    from kit.grading.gradebook_reader import read_gradebook
    from kit.grading.layout import course_layout

    exercises = []
    names: dict[str, str] = {}
    failures: list[tuple[str, FailedGrading]] = []
    for course in catalog.published_courses:
        if courses and course.id not in courses:
            continue
        layout = course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=project.release_dir,
            grading_dir=grading_dir or project.grading_dir,
        )
        assignments = [a.id for a in course.assignments]
        found = read_gradebook(layout.db_url, course.id, assignments)
        exercises += found.scores
        names.update(found.names)
        failures += [(course.id, f) for f in failed_gradings(layout.course_root, assignments)]
    return GradedEvidence(_with_failures(assignment_scores(exercises), failures), names)


def _with_failures(
    scores: list[AssignmentScore], failures: list[tuple[str, FailedGrading]]
) -> list[AssignmentScore]:
    """The scores, each submission whose latest grading failed marked "not graded" (never a 0%)."""
    failed = {(course, f.learner, f.assignment): f for course, f in failures}
    out = []
    for score in scores:
        failure = failed.pop((score.course, score.learner, score.assignment), None)
        out.append(replace(score, not_graded=failure.reason) if failure else score)
    out += [
        AssignmentScore(f.learner, course, f.assignment, 0.0, 0.0, f.at, not_graded=f.reason)
        for (course, _, _), f in failed.items()
    ]
    return out


def gradebook_scores(
    project: Project,
    catalog: Catalog,
    *,
    grading_dir: Path | None = None,
    courses: Collection[str] = (),
) -> list[AssignmentScore]:
    """Every assignment score in the gradebooks of the published courses (see `read_gradebooks`)."""
    return read_gradebooks(project, catalog, grading_dir=grading_dir, courses=courses).scores
