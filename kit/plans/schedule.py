"""Date one customer's enablement plan from the template: pure functions, no I/O.

Session times are in the customer's time zone (`time_zone` in the profile): a session at 10:00
is at 10:00 Europe/Berlin for a customer in Berlin, and the calendar says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kit.courses import Catalog
from kit.customers.profile import Audience, CustomerProfile
from kit.plans.template import Anchor, PlanTemplate

SATURDAY = 5


@dataclass(frozen=True)
class PlannedSession:
    """One dated session of a customer's plan: a meeting, a course, or an adoption check-point."""

    id: str
    kind: str
    """'meeting', 'training' or 'checkpoint'."""
    title: str
    course: str | None
    audiences: tuple[Audience, ...]
    outcome: str
    start: datetime
    """Aware: in the customer's time zone."""
    minutes: int
    later: bool = False

    @property
    def day(self) -> date:
        """The session's date."""
        return self.start.date()

    @property
    def clock(self) -> str:
        """The start time with its zone's abbreviation, e.g. '10:00 CEST' or '10:00 UTC'."""
        return clock(self.start)


def clock(moment: datetime) -> str:
    """`moment`'s time of day and zone abbreviation, e.g. '10:00 CEST'."""
    return f"{moment:%H:%M} {moment.tzname() or 'UTC'}".rstrip()


@dataclass(frozen=True)
class EnablementPlan:
    """A customer's dated plan."""

    customer: CustomerProfile
    template_id: str
    title: str
    kickoff: date
    production: date
    production_planned: bool
    """True when `production` is the template's target, not a completed set-up."""
    measure: str
    sessions: tuple[PlannedSession, ...]
    as_of: date = field(default_factory=date.today)
    """The day the plan is read on: sessions before it are past, never shown as to come."""

    @property
    def trainings(self) -> tuple[PlannedSession, ...]:
        """The sessions that are not check-points."""
        return tuple(s for s in self.sessions if s.kind != "checkpoint")

    @property
    def upcoming(self) -> tuple[PlannedSession, ...]:
        """The sessions on or after `as_of`, in order."""
        return tuple(s for s in self.sessions if s.day >= self.as_of)

    @property
    def earlier(self) -> tuple[PlannedSession, ...]:
        """The sessions dated before `as_of` (held, or to catch up on), in order."""
        return tuple(s for s in self.sessions if s.day < self.as_of)

    @property
    def time_zone(self) -> str:
        """The IANA name of the time zone the session times are in."""
        return self.customer.time_zone

    def day_number(self, session: PlannedSession) -> int:
        """Days since kick-off (day 0)."""
        return (session.day - self.kickoff).days


def working_day(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= SATURDAY else day


def required_users(seats: int, share: float) -> int:
    """Monthly active users needed for `share` of `seats` (rounded up)."""
    return math.ceil(seats * share - 1e-9)


def session_start(profile: CustomerProfile, day: date, at: time) -> datetime:
    """`at` o'clock on `day` in the customer's time zone."""
    return datetime.combine(day, at, tzinfo=profile.zone)


def build_plan(
    profile: CustomerProfile,
    template: PlanTemplate,
    catalog: Catalog,
    *,
    as_of: date | None = None,
) -> EnablementPlan:
    """The customer's sessions and check-points, dated and in order, read as of `as_of`
    (default: today)."""
    planned = profile.production_setup_date is None
    production = profile.production_setup_date or profile.kickoff_date + timedelta(
        days=template.production_setup_target_day
    )
    anchors: dict[Anchor, date] = {"kickoff": profile.kickoff_date, "production": production}

    def at(anchor: Anchor, offset: int) -> datetime:
        day = working_day(max(anchors[anchor] + timedelta(days=offset), profile.kickoff_date))
        return session_start(profile, day, template.start_time)

    def course_minutes(course_id: str) -> int:
        return sum(a.estimated_minutes for a in catalog.course(course_id).assignments)

    def title_of(title: str | None, course_id: str | None) -> str:
        if title:
            return title
        assert course_id is not None  # the template model requires one of them
        return catalog.course(course_id).title

    sessions: list[PlannedSession] = []
    wanted = set(profile.audiences)
    for s in template.sessions:
        audiences = tuple(a for a in s.audiences if a in wanted)
        if not audiences:
            continue
        sessions.append(
            PlannedSession(
                id=s.id,
                kind="training" if s.course else "meeting",
                title=title_of(s.title, s.course),
                course=s.course,
                audiences=audiences,
                outcome=s.outcome,
                start=at(s.anchor, s.offset_days),
                minutes=s.minutes or (course_minutes(s.course) if s.course else 60),
            )
        )
    uc = template.use_cases
    for index, use_case in enumerate(profile.use_cases):
        training = uc.trainings.get(use_case)
        if training is None:
            continue
        audiences = tuple(a for a in training.audiences if a in wanted) or (Audience.DEVELOPERS,)
        sessions.append(
            PlannedSession(
                id=f"use-case-{use_case}",
                kind="training",
                title=title_of(training.title, training.course),
                course=training.course,
                audiences=audiences,
                outcome=training.outcome,
                start=at(uc.anchor, uc.offset_days + index * uc.spacing_days),
                minutes=training.minutes or course_minutes(training.course),
            )
        )
    for checkpoint in template.adoption.checkpoints:
        users = required_users(profile.seats, checkpoint.share)
        sessions.append(
            PlannedSession(
                id=f"checkpoint-day-{checkpoint.day}",
                kind="checkpoint",
                title=checkpoint.title,
                course=None,
                audiences=(),
                outcome=(
                    f"{users} of {profile.seats} seats active monthly "
                    f"({checkpoint.share:.0%} {template.adoption.measure.lower()})"
                ),
                start=at("production", checkpoint.day),
                minutes=30,
                later=checkpoint.later,
            )
        )
    sessions.sort(key=lambda s: (s.start, s.kind == "checkpoint", s.id))
    return EnablementPlan(
        customer=profile,
        template_id=template.id,
        title=template.title,
        kickoff=profile.kickoff_date,
        production=production,
        production_planned=planned,
        measure=template.adoption.measure,
        sessions=tuple(sessions),
        as_of=as_of or date.today(),
    )
