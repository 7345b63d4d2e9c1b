"""Rubric rules: pure functions from a rubric and assessed sessions to a decision.

A session passes when every assessor role scored every core competency at the top of the scale.
A learner passes at the first passing session; a later, weaker session does not undo it, and top
scores spread over different sessions do not add up to a pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kit.courses import Rubric
from kit.records.assessments import RubricSession


@dataclass(frozen=True)
class FocusArea:
    """A core competency an assessor scored below the top (or did not score) in a session."""

    role: str
    assessor: str
    competency: str
    score: int | None

    def brief(self) -> str:
        """'discovery 2' or 'discovery not scored'."""
        return (
            f"{self.competency} {self.score}"
            if self.score is not None
            else (f"{self.competency} not scored")
        )


@dataclass(frozen=True)
class SessionVerdict:
    """How one session went against the rubric."""

    session: RubricSession
    passed: bool
    focus_areas: tuple[FocusArea, ...] = ()
    missing_roles: tuple[str, ...] = ()

    def explain(self) -> str:
        """'passed' or what kept the session from passing, per assessor role."""
        if self.passed:
            return "passed"
        parts = [f"no {role} assessment" for role in self.missing_roles]
        by_role: dict[str, list[FocusArea]] = {}
        for area in self.focus_areas:
            by_role.setdefault(area.role, []).append(area)
        parts += [
            f"{role}: " + ", ".join(a.brief() for a in areas) for role, areas in by_role.items()
        ]
        return "; ".join(parts)


@dataclass(frozen=True)
class RubricDecision:
    """Whether a learner passed a rubric, when, and the history of their sessions."""

    learner: str
    rubric: str
    history: tuple[SessionVerdict, ...]
    subject: str | None = None

    @property
    def passing(self) -> SessionVerdict | None:
        """The first passing session, if any."""
        return next((v for v in self.history if v.passed), None)

    @property
    def passed(self) -> bool:
        """True once any session passed."""
        return self.passing is not None

    @property
    def passed_on(self) -> date | None:
        """The date of the first passing session."""
        passing = self.passing
        return passing.session.held_on if passing else None

    @property
    def focus_areas(self) -> tuple[FocusArea, ...]:
        """What to work on next: the latest session's shortfalls (none once passed)."""
        if self.passed or not self.history:
            return ()
        return self.history[-1].focus_areas

    def explain(self) -> str:
        """A line for the learner and their manager."""
        name = f"{self.rubric} ({self.subject})" if self.subject else self.rubric
        if self.passing is not None:
            return f"{name}: passed on {self.passing.session.label()}"
        if not self.history:
            return f"{name}: no assessed session yet"
        latest = self.history[-1]
        count = len(self.history)
        return (
            f"{name}: not yet ({count} session{'s' if count != 1 else ''}); "
            f"latest {latest.session.label()}: {latest.explain()}"
        )


def judge_session(rubric: Rubric, session: RubricSession) -> SessionVerdict:
    """Judge one session: every role present, every core competency at the top of the scale."""
    present = {a.role for a in session.assessments}
    missing = tuple(r.id for r in rubric.assessor_roles if r.id not in present)
    focus = tuple(
        FocusArea(assessment.role, assessment.assessor, competency.id, score)
        for assessment in session.assessments
        for competency in rubric.core_competencies
        if (score := assessment.scores.get(competency.id)) != rubric.top_score
    )
    return SessionVerdict(session, not missing and not focus, focus, missing)


def evaluate_rubric(
    rubric: Rubric,
    learner: str,
    sessions: Iterable[RubricSession],
    subject: str | None = None,
    after: date | None = None,
) -> RubricDecision:
    """Decide `rubric` for `learner` over their sessions (optionally one subject, after a date)."""
    own = sorted(
        (
            s
            for s in sessions
            if s.learner == learner
            and s.rubric == rubric.id
            and (subject is None or s.subject == subject)
            and (after is None or s.held_on > after)
        ),
        key=lambda s: (s.held_on, s.session),
    )
    verdicts = tuple(judge_session(rubric, s) for s in own)
    return RubricDecision(learner, rubric.id, verdicts, subject)
