"""Exercises: how an answer is checked (visible, instant) and graded (hidden, by what it does).

A notebook's test cell calls a `check_*` function with a fingerprint of the expected effect (what
the learner's release may contain) and, in its hidden tests, the matching `grade_*` function with
the instructor's reference answer. Queries are judged by their results, code monitors by the
commits they fire on, insights by the series they draw, batch specs by the changesets they make.
"""

from kit.exercises.checks import (
    check_batch_change,
    check_insight,
    check_monitor,
    check_query,
    grade_batch_change,
    grade_insight,
    grade_monitor,
    grade_query,
)
from kit.exercises.findings import check_findings, grade_findings
from kit.exercises.queries import (
    Compare,
    Verdict,
    fingerprint,
    judge_against_fingerprint,
    judge_against_reference,
    reference_fingerprint,
    result_keys,
)

__all__ = [
    "Compare",
    "Verdict",
    "check_batch_change",
    "check_findings",
    "check_insight",
    "check_monitor",
    "check_query",
    "fingerprint",
    "grade_batch_change",
    "grade_findings",
    "grade_insight",
    "grade_monitor",
    "grade_query",
    "judge_against_fingerprint",
    "judge_against_reference",
    "reference_fingerprint",
    "result_keys",
]
