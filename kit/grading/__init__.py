"""Grading through nbgrader: the course layout, the workflow steps, feedback redaction."""

from kit.grades import AutogradeOutcome
from kit.grading.layout import ANSWER_STUB, CourseLayout, course_layout, nbgrader_config
from kit.grading.steps import CourseGrading

__all__ = [
    "ANSWER_STUB",
    "AutogradeOutcome",
    "CourseGrading",
    "CourseLayout",
    "course_layout",
    "nbgrader_config",
]
