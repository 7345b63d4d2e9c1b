"""Every published course's gradebook in a checkout (SQLite or PostgreSQL), read through the one
gradebook reader: a course nobody has been graded in yet has no gradebook, and gets none."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from kit.courses import Catalog
from kit.grading.grades import AssignmentScore, assignment_scores
from kit.project import Project


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
    from kit.grading.gradebook_reader import read_gradebook
    from kit.grading.layout import course_layout

    exercises = []
    names: dict[str, str] = {}
    for course in catalog.published_courses:
        if courses and course.id not in courses:
            continue
        layout = course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=project.release_dir,
            grading_dir=grading_dir or project.grading_dir,
        )
        found = read_gradebook(layout.db_url, course.id, [a.id for a in course.assignments])
        exercises += found.scores
        names.update(found.names)
    return GradedEvidence(assignment_scores(exercises), names)


def gradebook_scores(
    project: Project,
    catalog: Catalog,
    *,
    grading_dir: Path | None = None,
    courses: Collection[str] = (),
) -> list[AssignmentScore]:
    """Every assignment score in the gradebooks of the published courses (see `read_gradebooks`)."""
    return read_gradebooks(project, catalog, grading_dir=grading_dir, courses=courses).scores
