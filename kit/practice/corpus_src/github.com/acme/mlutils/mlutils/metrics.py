"""Classification metrics over sets of predicted and actual positives."""

from __future__ import annotations


def precision_recall(predicted: set, actual: set) -> tuple[float, float]:
    """Precision and recall of `predicted` against `actual`; 1.0 when a set is empty."""
    hits = len(predicted & actual)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(actual) if actual else 1.0
    return precision, recall


def f1_score(predicted: set, actual: set) -> float:
    """The harmonic mean of precision and recall."""
    precision, recall = precision_recall(predicted, actual)
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)
