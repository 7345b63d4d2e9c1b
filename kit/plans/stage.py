"""Where a customer is, and which plan they get: the trial track while `stage: trial`, the 90-day
enablement plan once they have bought (`stage: onboarding`), both dated as of a given day so that
nothing already past is presented as still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from kit.courses import Catalog
from kit.customers.profile import CustomerProfile, Stage
from kit.plans.schedule import EnablementPlan, build_plan
from kit.plans.template import load_plan_template
from kit.plans.trial import TRIAL_TEMPLATE, TrialPlan, build_trial_plan, load_trial_template

PLAN_TEMPLATE = Path("plans") / "90-day.yaml"


class Phase(StrEnum):
    """Where a customer is on a given day."""

    TRIAL = "trial"
    BEFORE_PRODUCTION = "before-production"
    """Bought, production instance not completed (or completed after the day asked about)."""
    IN_PRODUCTION = "in-production"


@dataclass(frozen=True)
class Standing:
    """A customer's phase as of one day, and how long they have been in production."""

    phase: Phase
    as_of: date
    started: bool
    """Whether the kick-off day has come (the trial or the plan has started)."""
    days_in_production: int | None = None

    def __str__(self) -> str:
        if self.phase is Phase.IN_PRODUCTION:
            return f"in production for {self.days_in_production} days (as of {self.as_of})"
        if self.phase is Phase.TRIAL:
            return f"trial (as of {self.as_of})"
        return f"onboarding, before production (as of {self.as_of})"


def standing(profile: CustomerProfile, as_of: date) -> Standing:
    """Where `profile`'s customer is on `as_of`: in trial, before production, or in production
    for N days (counted from the completed production set-up)."""
    started = profile.kickoff_date <= as_of
    if profile.stage is Stage.TRIAL:
        return Standing(Phase.TRIAL, as_of, started)
    setup = profile.production_setup_date
    if setup is None or setup > as_of:
        return Standing(Phase.BEFORE_PRODUCTION, as_of, started)
    return Standing(Phase.IN_PRODUCTION, as_of, started, (as_of - setup).days)


def dated_plan(
    profile: CustomerProfile, courses_dir: Path, catalog: Catalog, *, as_of: date | None = None
) -> EnablementPlan | TrialPlan:
    """The customer's dated plan for its stage, from the templates in `courses_dir`, as of
    `as_of` (default: today)."""
    day = as_of or date.today()
    if profile.stage is Stage.TRIAL:
        template = load_trial_template(courses_dir / TRIAL_TEMPLATE, catalog)
        return build_trial_plan(profile, template, catalog, as_of=day)
    template_90 = load_plan_template(courses_dir / PLAN_TEMPLATE, catalog)
    return build_plan(profile, template_90, catalog, as_of=day)
