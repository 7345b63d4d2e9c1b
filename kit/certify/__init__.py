"""Certification: rules over grade records, and the decisions they give."""

from kit.certify.rules import Decision, Shortfall, evaluate, evaluate_all

__all__ = ["Decision", "Shortfall", "evaluate", "evaluate_all"]
