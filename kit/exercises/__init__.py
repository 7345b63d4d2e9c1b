"""Exercises: how an answer is checked (visible, instant) and graded (hidden, by what it does)."""

from kit.exercises.checks import check_query, grade_query
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
    "check_query",
    "fingerprint",
    "grade_query",
    "judge_against_fingerprint",
    "judge_against_reference",
    "reference_fingerprint",
    "result_keys",
]
