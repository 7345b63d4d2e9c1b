"""Grading through nbgrader: the course layout, the workflow steps, feedback redaction."""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.grading.grades import AutogradeOutcome
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

__getattr__ = lazy_exports(
    __name__,
    {
        "ANSWER_STUB": ".layout",
        "AutogradeOutcome": ".grades",
        "CourseGrading": ".steps",
        "CourseLayout": ".layout",
        "course_layout": ".layout",
        "nbgrader_config": ".layout",
    },
)
