"""Every assignment score recorded in a checkout's gradebooks (SQLite or PostgreSQL), read
without creating an empty gradebook for a course nobody has submitted to yet."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kit.courses import Catalog
from kit.grades import AssignmentScore, assignment_scores
from kit.grading.gradebook_db import gradebook_exists
from kit.grading.layout import course_layout
from kit.project import Project


def gradebook_scores(
    project: Project,
    catalog: Catalog,
    *,
    grading_dir: Path | None = None,
    courses: Collection[str] = (),
) -> list[AssignmentScore]:
    """Every assignment score in the gradebooks of the published courses (under the checkout's
    `grading/`, or `grading_dir`); `courses` limits the courses read."""
    from kit.grading.steps import CourseGrading  # nbgrader's API: imported only when needed

    scores: list[AssignmentScore] = []
    for course in catalog.published_courses:
        if courses and course.id not in courses:
            continue
        layout = course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=project.release_dir,
            grading_dir=grading_dir or project.grading_dir,
        )
        # Checked before CourseGrading exists: opening nbgrader's API creates an empty gradebook.
        if not gradebook_exists(layout.db_url):
            continue  # no submission graded yet in this course
        scores += assignment_scores(
            CourseGrading(layout).scores([a.id for a in course.assignments])
        )
    return scores
