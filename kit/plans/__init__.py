"""Customer enablement plans: the template, a customer's dated plan, its calendar and tracker."""

from kit.plans.ics import plan_calendar
from kit.plans.render import PlanFiles, plan_html, trial_html, write_plan, write_trial_plan
from kit.plans.schedule import EnablementPlan, PlannedSession, build_plan
from kit.plans.stage import PLAN_TEMPLATE, dated_plan
from kit.plans.template import PlanTemplate, load_plan_template
from kit.plans.tracker import Completion, SessionStatus, late, read_completions, track
from kit.plans.trial import (
    TRIAL_TEMPLATE,
    TrialPlan,
    TrialTemplate,
    build_trial_plan,
    load_trial_template,
    trial_trainings,
)

__all__ = [
    "PLAN_TEMPLATE",
    "TRIAL_TEMPLATE",
    "Completion",
    "EnablementPlan",
    "PlanFiles",
    "PlanTemplate",
    "PlannedSession",
    "SessionStatus",
    "TrialPlan",
    "TrialTemplate",
    "build_plan",
    "build_trial_plan",
    "dated_plan",
    "late",
    "load_plan_template",
    "load_trial_template",
    "plan_calendar",
    "plan_html",
    "read_completions",
    "track",
    "trial_html",
    "trial_trainings",
    "write_plan",
    "write_trial_plan",
]
