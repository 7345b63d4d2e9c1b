"""Write a customer's plan at the edge: an HTML page and an iCalendar file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kit.customers.profile import CODE_HOST_TITLES, DEPLOYMENT_TITLES
from kit.plans.ics import plan_calendar
from kit.plans.schedule import EnablementPlan, required_users
from kit.plans.stage import standing
from kit.plans.tracker import SessionStatus, late, untracked
from kit.plans.trial import TrialPlan
from kit.templating import html_templates

DAY_90_SHARE = 0.25


@dataclass(frozen=True)
class PlanFiles:
    """Where a customer's plan was written."""

    html: Path
    ics: Path


def plan_html(
    plan: EnablementPlan,
    statuses: list[SessionStatus] | None = None,
    as_of: date | None = None,
) -> str:
    """The plan as a standalone HTML page: each session's status (done, late or upcoming with
    `statuses`; past or upcoming as of the plan's day without) and the late."""
    customer = plan.customer
    rows = statuses or untracked(plan)
    return (
        html_templates("kit.plans")
        .get_template("plan.html.j2")
        .render(
            plan=plan,
            customer=customer,
            code_hosts=[CODE_HOST_TITLES[h] for h in customer.code_hosts],
            deployment=DEPLOYMENT_TITLES[customer.deployment],
            target_users=required_users(customer.seats, DAY_90_SHARE),
            rows=rows,
            statuses=statuses,
            late=late(statuses or []),
            as_of=as_of or plan.as_of,
            standing=standing(customer, as_of or plan.as_of),
        )
    )


def write_plan(
    plan: EnablementPlan,
    folder: Path,
    *,
    statuses: list[SessionStatus] | None = None,
    as_of: date | None = None,
    stamp: datetime | None = None,
) -> PlanFiles:
    """Write `plan.html` and `plan.ics` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "plan.html"
    ics = folder / "plan.ics"
    html.write_text(plan_html(plan, statuses, as_of), encoding="utf-8")
    ics.write_bytes(plan_calendar(plan, stamp=stamp).encode("utf-8"))
    return PlanFiles(html, ics)


def trial_html(trial: TrialPlan) -> str:
    """A trial plan as a standalone HTML page: success criteria, first week, sessions."""
    customer = trial.plan.customer
    return (
        html_templates("kit.plans")
        .get_template("trial.html.j2")
        .render(
            trial=trial,
            plan=trial.plan,
            customer=customer,
            code_hosts=[CODE_HOST_TITLES[h] for h in customer.code_hosts],
            deployment=DEPLOYMENT_TITLES[customer.deployment],
            rows=untracked(trial.plan),
        )
    )


def write_trial_plan(trial: TrialPlan, folder: Path, *, stamp: datetime | None = None) -> PlanFiles:
    """Write `trial.html` and `trial.ics` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "trial.html"
    ics = folder / "trial.ics"
    html.write_text(trial_html(trial), encoding="utf-8")
    ics.write_bytes(plan_calendar(trial.plan, stamp=stamp).encode("utf-8"))
    return PlanFiles(html, ics)
