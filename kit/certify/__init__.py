"""Certification: rules over grade and rubric records, and the decisions they give."""

from kit.certify.rubric_rules import (
    FocusArea,
    RubricDecision,
    SessionVerdict,
    evaluate_rubric,
    judge_session,
)
from kit.certify.rules import (
    Decision,
    Evidence,
    RubricShortfall,
    Shortfall,
    evaluate,
    evaluate_all,
)

__all__ = [
    "Decision",
    "Evidence",
    "FocusArea",
    "RubricDecision",
    "RubricShortfall",
    "SessionVerdict",
    "Shortfall",
    "evaluate",
    "evaluate_all",
    "evaluate_rubric",
    "judge_session",
]
