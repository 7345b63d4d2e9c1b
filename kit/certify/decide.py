"""Certification decisions from the courses' gradebooks: the adapter around the pure rules."""

from __future__ import annotations

from kit.certify.rules import Decision, evaluate_all
from kit.courses import load_catalog
from kit.grades import ExerciseScore, assignment_scores
from kit.grading import CourseGrading
from kit.project import Project


def decide_from_gradebooks(project: Project, certification_id: str) -> list[Decision]:
    """Decide `certification_id` for every learner graded in the courses it requires."""
    catalog = load_catalog(project.courses_dir)
    path = catalog.certification(certification_id)
    scores: list[ExerciseScore] = []
    for requirement in path.requires:
        course = catalog.course(requirement.course)
        grading = CourseGrading.for_project(project, course.id)
        scores.extend(grading.scores(a.id for a in course.assignments))
    return evaluate_all(path, catalog.courses, assignment_scores(scores))
