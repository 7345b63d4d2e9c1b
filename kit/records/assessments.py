"""Rubric assessment records: what assessors score, consumed by certification and reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Assessment:
    """One assessor's scores for one session: competency id -> score on the rubric's scale."""

    role: str
    assessor: str
    scores: Mapping[str, int]
    notes: str = ""
    source: str = field(default="", compare=False)  # e.g. 'rubric.csv row 4', for error messages


@dataclass(frozen=True)
class RubricSession:
    """One assessed session (a CE's demo, a supervised training delivery, a practical)."""

    learner: str
    rubric: str
    held_on: date
    assessments: tuple[Assessment, ...]
    session: str = field(default="", compare=True)
    subject: str | None = None

    @property
    def key(self) -> tuple[str, str, date, str]:
        """What identifies the session: learner, rubric, date and the session label."""
        return (self.learner, self.rubric, self.held_on, self.session)

    def label(self) -> str:
        """'2026-10-02' or '2026-10-02 (afternoon)' for tables and explanations."""
        return f"{self.held_on.isoformat()}" + (f" ({self.session})" if self.session else "")


def same_person(a: str, b: str) -> bool:
    """Whether two assessor names are the same person (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
