"""Autograde a hub course with the kit's sandboxed grading, after the formgrader collected."""

from __future__ import annotations

import os
import pwd

from kit.grading.grades import AutogradeOutcome
from kit.grading.run import autograde_assignment
from kit.hub.accounts import user_exists
from kit.hub.lockdown import hand_over
from kit.hub.nbgrader import hub_course_layout
from kit.hub.settings import HubSettings
from kit.project import Project


def autograde_hub_course(
    settings: HubSettings, course_id: str, assignment_id: str, project: Project, *, workers: int = 2
) -> list[AutogradeOutcome]:
    """Autograde every collected submission of one assignment of one hub course.

    Run as root, it hands what it wrote in the course root back to the course's grader, whose
    formgrader must keep writing there.
    """
    course = settings.course(course_id)
    layout = hub_course_layout(settings, course, project)
    try:
        return autograde_assignment(layout, assignment_id, workers=workers)
    finally:
        if os.geteuid() == 0 and user_exists(course.grader_user):
            hand_over(layout.course_root, pwd.getpwnam(course.grader_user))
