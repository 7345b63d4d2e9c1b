"""Customer enablement plans: the template, a customer's dated plan, its calendar and tracker."""

from kit.plans.ics import plan_calendar
from kit.plans.render import PlanFiles, plan_html, write_plan
from kit.plans.schedule import EnablementPlan, PlannedSession, build_plan
from kit.plans.template import PlanTemplate, load_plan_template
from kit.plans.tracker import Completion, SessionStatus, late, read_completions, track

__all__ = [
    "Completion",
    "EnablementPlan",
    "PlanFiles",
    "PlanTemplate",
    "PlannedSession",
    "SessionStatus",
    "build_plan",
    "late",
    "load_plan_template",
    "plan_calendar",
    "plan_html",
    "read_completions",
    "track",
    "write_plan",
]
