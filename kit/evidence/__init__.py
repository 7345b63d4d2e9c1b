"""The evidence grades give: a learner's best score per assignment, "passed", and the completion
date, with one reader of the gradebooks. Certification, plans, the LMS hand-off and the reports
all decide through it.

    rules       the pass rule: pure functions over assignment scores
    gradebooks  every published course's gradebook in a checkout, read without creating one
"""

from kit.evidence.rules import (
    CourseResult,
    best_scores,
    completed_courses,
    course_result,
    passes,
    reaches_pass_mark,
)

__all__ = [
    "CourseResult",
    "best_scores",
    "completed_courses",
    "course_result",
    "passes",
    "reaches_pass_mark",
]
