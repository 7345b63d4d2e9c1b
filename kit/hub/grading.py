"""Autograde a hub course with the kit's sandboxed grading, after the formgrader collected."""

from __future__ import annotations

from kit.grades import AutogradeOutcome
from kit.grading.parallel import autograde_parallel
from kit.grading.steps import CourseGrading
from kit.hub.nbgrader import hub_course_layout
from kit.hub.settings import HubSettings
from kit.project import Project


def autograde_hub_course(
    settings: HubSettings, course_id: str, assignment_id: str, project: Project, *, workers: int = 2
) -> list[AutogradeOutcome]:
    """Autograde every collected submission of one assignment of one hub course."""
    layout = hub_course_layout(settings, settings.course(course_id), project)
    learners = CourseGrading(layout).submitted_learners(assignment_id)
    return autograde_parallel(layout, assignment_id, learners, workers=workers)
