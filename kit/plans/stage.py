"""Which plan a customer gets: the trial track while `stage: trial`, the 90-day enablement plan
once they have bought (`stage: onboarding`)."""

from __future__ import annotations

from pathlib import Path

from kit.courses import Catalog
from kit.customers.profile import CustomerProfile, Stage
from kit.plans.schedule import EnablementPlan, build_plan
from kit.plans.template import load_plan_template
from kit.plans.trial import TRIAL_TEMPLATE, TrialPlan, build_trial_plan, load_trial_template

PLAN_TEMPLATE = Path("plans") / "90-day.yaml"


def dated_plan(
    profile: CustomerProfile, courses_dir: Path, catalog: Catalog
) -> EnablementPlan | TrialPlan:
    """The customer's dated plan for its stage, from the templates in `courses_dir`."""
    if profile.stage is Stage.TRIAL:
        template = load_trial_template(courses_dir / TRIAL_TEMPLATE, catalog)
        return build_trial_plan(profile, template, catalog)
    return build_plan(profile, load_plan_template(courses_dir / PLAN_TEMPLATE, catalog), catalog)
