"""Certification: rules over grade and rubric records, and the decisions they give."""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
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

__getattr__ = lazy_exports(
    __name__,
    {
        "Decision": ".rules",
        "Evidence": ".rules",
        "FocusArea": ".rubric_rules",
        "RubricDecision": ".rubric_rules",
        "RubricShortfall": ".rules",
        "SessionVerdict": ".rubric_rules",
        "Shortfall": ".rules",
        "evaluate": ".rules",
        "evaluate_all": ".rules",
        "evaluate_rubric": ".rubric_rules",
        "judge_session": ".rubric_rules",
    },
)
