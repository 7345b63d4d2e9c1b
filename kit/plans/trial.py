"""The trial (proof of concept) track: a customer still evaluating Sourcegraph (`stage: trial`)
gets a short dated plan from `courses/plans/trial.yaml` instead of the 90-day plan: first-week
tasks, success criteria tied to the use cases it chose, a check-in schedule, and the trainings
(parts of Sourcegraph 101 and of the chosen use-case courses) that the trial's variants hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kit.courses import Catalog
from kit.customers.profile import Audience, CustomerProfile, UseCase
from kit.errors import ConfigError
from kit.plans.schedule import EnablementPlan, PlannedSession, session_start, working_day
from kit.yaml_io import read_yaml, validated

TRIAL_TEMPLATE = Path("plans") / "trial.yaml"
FIRST_WEEK_DAYS = 7


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TrialTask(_Frozen):
    """A first-week task: who does what, on which day of the trial."""

    day: int = Field(ge=0)
    owner: str
    task: str


class CheckIn(_Frozen):
    """A check-in between the CE and the customer's champion."""

    day: int = Field(gt=0)
    title: str
    minutes: int = Field(default=30, gt=0)


class TrialTraining(_Frozen):
    """Part of a course given during the trial: some of its assignments."""

    course: str
    assignments: tuple[str, ...] = Field(min_length=1)
    audiences: tuple[Audience, ...] = Field(min_length=1)
    outcome: str


class CoreTraining(TrialTraining):
    """A training every trial gets, on a fixed day."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    day: int = Field(ge=0)


class UseCaseTrainings(_Frozen):
    """One training per chosen use case, from `day`, `spacing_days` apart."""

    day: int = Field(ge=0)
    spacing_days: int = Field(gt=0)
    trainings: dict[UseCase, TrialTraining]


class TrialTemplate(_Frozen):
    """The whole trial track, before it is dated for one customer."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    length_days: int = Field(gt=0)
    start_time: time
    first_week: tuple[TrialTask, ...] = Field(min_length=1)
    check_ins: tuple[CheckIn, ...] = Field(min_length=1)
    trainings: tuple[CoreTraining, ...] = Field(min_length=1)
    use_case_trainings: UseCaseTrainings
    success_criteria: dict[str, tuple[str, ...]]
    """`always`, and one list per use case."""

    @model_validator(mode="after")
    def _within_the_trial(self) -> TrialTemplate:
        if any(t.day > FIRST_WEEK_DAYS for t in self.first_week):
            raise ValueError(f"first_week: a task falls after day {FIRST_WEEK_DAYS}")
        if any(c.day > self.length_days for c in self.check_ins):
            raise ValueError(f"check_ins: a check-in falls after day {self.length_days}")
        return self


def load_trial_template(path: Path, catalog: Catalog) -> TrialTemplate:
    """Read the trial template; every course and assignment it names must be in the catalog,
    and success criteria are keyed by `always` or a use case."""
    template = validated(TrialTemplate, read_yaml(path), path)
    named: list[tuple[str, TrialTraining]] = [(f"trainings.{t.id}", t) for t in template.trainings]
    named += [
        (f"use_case_trainings.trainings.{u}", t)
        for u, t in template.use_case_trainings.trainings.items()
    ]
    for field, training in named:
        course = catalog.courses.get(training.course)
        if course is None:
            known = ", ".join(sorted(catalog.courses))
            raise ConfigError(
                f"field {field!r}: unknown course {training.course!r} (known: {known})", where=path
            )
        for assignment in training.assignments:
            if course.assignment(assignment) is None:
                raise ConfigError(
                    f"field {field!r}: no assignment {assignment!r} in {course.id}", where=path
                )
    allowed = {"always", *(u.value for u in UseCase)}
    unknown = sorted(set(template.success_criteria) - allowed)
    if unknown:
        raise ConfigError(
            f"field 'success_criteria': {unknown[0]!r} is neither 'always' nor a use case",
            where=path,
        )
    return template


@dataclass(frozen=True)
class DatedTask:
    """A first-week task on its date."""

    day: date
    owner: str
    task: str


@dataclass(frozen=True)
class TrialPlan:
    """A customer's dated trial: the sessions (as an enablement plan, so the calendar and the
    kickoff e-mail read it as they read the 90-day plan), tasks and success criteria."""

    plan: EnablementPlan
    tasks: tuple[DatedTask, ...]
    criteria: tuple[str, ...]
    trainings: dict[str, tuple[str, ...]]
    """Course id -> the assignments the trial gives (what the trial's variants hold)."""
    session_assignments: dict[str, tuple[str, ...]]
    """Training session id -> the assignments that session gives."""

    @property
    def decision_day(self) -> date:
        """The day of the last check-in, the decision meeting."""
        return self.plan.production


def trial_trainings(
    profile: CustomerProfile, template: TrialTemplate
) -> dict[str, tuple[str, ...]]:
    """The course assignments a trial customer takes: the core trainings and those of the use
    cases it chose, per course, in course order of first appearance."""
    chosen: dict[str, list[str]] = {}
    trainings: list[TrialTraining] = [*template.trainings]
    trainings += [
        template.use_case_trainings.trainings[u]
        for u in profile.use_cases
        if u in template.use_case_trainings.trainings
    ]
    for training in trainings:
        listed = chosen.setdefault(training.course, [])
        listed += [a for a in training.assignments if a not in listed]
    return {course: tuple(assignments) for course, assignments in chosen.items()}


def build_trial_plan(
    profile: CustomerProfile,
    template: TrialTemplate,
    catalog: Catalog,
    *,
    as_of: date | None = None,
) -> TrialPlan:
    """The customer's trial, dated from its kickoff (day 0), read as of `as_of` (default: today)."""

    def at(day: int) -> datetime:
        return session_start(
            profile, working_day(profile.kickoff_date + timedelta(days=day)), template.start_time
        )

    def minutes(training: TrialTraining) -> int:
        course = catalog.course(training.course)
        return sum(a.estimated_minutes for a in course.assignments if a.id in training.assignments)

    wanted = set(profile.audiences)
    sessions: list[PlannedSession] = []
    given: dict[str, tuple[str, ...]] = {}
    for core in template.trainings:
        given[core.id] = core.assignments
        sessions.append(
            PlannedSession(
                id=core.id,
                kind="training",
                title=f"{catalog.course(core.course).title} (trial part)",
                course=core.course,
                audiences=tuple(a for a in core.audiences if a in wanted) or core.audiences,
                outcome=core.outcome,
                start=at(core.day),
                minutes=minutes(core),
            )
        )
    spacing = template.use_case_trainings
    for index, use_case in enumerate(u for u in profile.use_cases if u in spacing.trainings):
        training = spacing.trainings[use_case]
        given[f"trial-{use_case}"] = training.assignments
        sessions.append(
            PlannedSession(
                id=f"trial-{use_case}",
                kind="training",
                title=f"Use case in the trial: {use_case.value.replace('-', ' ')}",
                course=training.course,
                audiences=tuple(a for a in training.audiences if a in wanted) or training.audiences,
                outcome=training.outcome,
                start=at(spacing.day + index * spacing.spacing_days),
                minutes=minutes(training),
            )
        )
    for check_in in template.check_ins:
        sessions.append(
            PlannedSession(
                id=f"check-in-day-{check_in.day}",
                kind="meeting",
                title=check_in.title,
                course=None,
                audiences=(),
                outcome="Progress against the success criteria reviewed with the champion.",
                start=at(check_in.day),
                minutes=check_in.minutes,
            )
        )
    sessions.sort(key=lambda s: (s.start, s.id))
    criteria = template.success_criteria.get("always", ())
    for use_case in profile.use_cases:
        criteria += template.success_criteria.get(use_case.value, ())
    plan = EnablementPlan(
        customer=profile,
        template_id=template.id,
        title=template.title,
        kickoff=profile.kickoff_date,
        production=max(s.day for s in sessions if s.kind == "meeting"),
        production_planned=True,
        measure="Trial success criteria",
        sessions=tuple(sessions),
        as_of=as_of or date.today(),
    )
    tasks = tuple(
        DatedTask(at(t.day).date(), t.owner, t.task)
        for t in sorted(template.first_week, key=lambda t: t.day)
    )
    return TrialPlan(plan, tasks, criteria, trial_trainings(profile, template), given)
