"""CE onboarding: the 6-week plan, the 30/60/90-day milestones per level, Demo Certification and
the train-the-trainer blocks each CE can deliver, as pure functions over the roster and credentials.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kit.certify.coverage import BlockCoverage, TeamMember, trainer_coverage
from kit.courses import TrainingBlock
from kit.outcomes.metrics import days_to
from kit.outcomes.models import MILESTONE_DAYS, ONBOARDING_WEEKS, CeRow
from kit.records import IssuedCredential, RevocationRecord

DEMO_CERTIFICATION = "ce-demo-certified"
DEMO_CERTIFIED_BY_DAY = 60
"""The 30/60/90-day plan asks for Demo Certification between day 30 and day 60."""

WEEK_GOALS: tuple[str, ...] = (
    "Company and CE org onboarding, tools and access",
    "Processes and templates; pick customer calls to shadow",
    "The product: docs, videos, hands-on use",
    "How Sourcegraph differs from other code search tools",
    "First product demo; start Demo Certification",
    "Lead a first customer meeting with the mentor",
)
MILESTONES: Mapping[str, Mapping[int, str]] = {
    "CE (level 1-2)": {
        30: "Baseline product, value and process knowledge; first core demo delivered",
        60: "Demo Certified; discovery and demos on prospect calls; paired with one AE",
        90: "First prospects through a trial; account plans; CE projects; product feedback",
    },
    "Senior CE (level 3-4)": {
        30: "Baseline product, value and process knowledge; first core demo delivered",
        60: "Demo Certified; demos tailored to the prospect; book of business with one AE",
        90: "A prospect through a trial; leads account plans and CE projects; proposals",
    },
}


def track_name(ce: CeRow) -> str:
    """Which 30/60/90-day plan the CE follows."""
    return "Senior CE (level 3-4)" if ce.senior else "CE (level 1-2)"


@dataclass(frozen=True)
class CeProgress:
    """One CE's onboarding as of a day, and what is behind."""

    ce: CeRow
    day: int
    weeks_expected: int
    milestones_due: tuple[int, ...]
    demo_certified_on: dt.date | None
    behind: tuple[str, ...]

    @property
    def days_to_demo_certification(self) -> int | None:
        """Days from start to Demo Certification (None while not certified)."""
        return days_to(self.ce.start_date, self.demo_certified_on)

    @property
    def status(self) -> str:
        """'behind', 'ramped' (past day 90 with everything met) or 'on track'."""
        if self.behind:
            return "behind"
        return "ramped" if self.day >= MILESTONE_DAYS[-1] else "on track"


def current_credentials(
    credentials: Iterable[IssuedCredential],
    revocations: Mapping[str, RevocationRecord],
    as_of: dt.date,
) -> list[IssuedCredential]:
    """Credentials issued by `as_of`, not revoked and not expired on that day."""
    end = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.UTC)
    return [
        c
        for c in credentials
        if c.id not in revocations and c.issued_at <= end and c.valid_until > end
    ]


def ce_progress(
    ce: CeRow,
    as_of: dt.date,
    credentials: Iterable[IssuedCredential] = (),
) -> CeProgress:
    """Where one CE stands on `as_of`: weeks, milestones and Demo Certification against plan
    (`credentials`: current ones, see `current_credentials`)."""
    day = (as_of - ce.start_date).days
    certified = min(
        (
            c.issued_at.date()
            for c in credentials
            if c.learner == ce.id
            and c.certification == DEMO_CERTIFICATION
            and c.issued_at.date() <= as_of
        ),
        default=None,
    )
    weeks_expected = max(0, min(ONBOARDING_WEEKS, day // 7))
    due = tuple(d for d in MILESTONE_DAYS if day >= d)
    behind: list[str] = []
    if ce.weeks_done < weeks_expected:
        behind.append(
            f"onboarding week {ce.weeks_done} of {ONBOARDING_WEEKS} done, "
            f"{weeks_expected} expected by day {day}"
        )
    missed = [d for d in due if d not in ce.milestones_met]
    if missed:
        behind.append("missed the " + ", ".join(f"{d}-day" for d in missed) + " milestones")
    if certified is None and day >= DEMO_CERTIFIED_BY_DAY:
        behind.append(f"not Demo Certified by day {DEMO_CERTIFIED_BY_DAY}")
    return CeProgress(ce, day, weeks_expected, due, certified, tuple(behind))


def trained_per_block(
    blocks: Iterable[TrainingBlock],
    roster: Iterable[CeRow],
    credentials: Iterable[IssuedCredential],
    revocations: Mapping[str, RevocationRecord],
    as_of: dt.date,
) -> list[BlockCoverage]:
    """% of the CE roster holding each block's current trainer certification (goal 100%)."""
    team = [TeamMember(ce.id, ce.name) for ce in roster]
    end = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.UTC)
    issued = [c for c in credentials if c.issued_at <= end]
    return trainer_coverage(blocks, team, issued, revocations, end)
