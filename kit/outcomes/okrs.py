"""The team's published business outcomes (the FY23 roadmap's OKRs) as a scoreboard computed
from data: each with its target, its value, whether it is met, and the source it came from."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from kit.outcomes.data import OutcomeData
from kit.outcomes.onboarding import trained_per_block

ROSTER_SOURCE = "CE roster (ce-roster.csv) and trainer certifications (records database)"
COMPLETIONS_SOURCE = "training completions (completions.csv, gradebooks)"
PLAN_DAYS = 90


@dataclass(frozen=True)
class Okr:
    """One business outcome on the scoreboard; `met` is None when there is no data for it."""

    outcome: str
    target: str
    value: str
    met: bool | None
    source: str
    detail: str = ""

    @property
    def status(self) -> str:
        """'met', 'not met' or 'no data'."""
        return "no data" if self.met is None else "met" if self.met else "not met"


def quarter(day: dt.date) -> str:
    """The calendar quarter of `day`, as 2026-Q3."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _previous_quarter(day: dt.date) -> str:
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return quarter(first - dt.timedelta(days=1))


def _not_yet(names: list[str]) -> str:
    return "not yet: " + ", ".join(names) if names else ""


def ce_trained(data: OutcomeData) -> list[Okr]:
    """Share of the CE team holding each block's trainer certification (train-the-trainer)."""
    goal = data.config.okr_targets.ce_trained_per_block
    coverage = trained_per_block(
        data.blocks, data.roster, data.credentials, data.revocations, data.as_of
    )
    out = []
    for block in coverage:
        total = len(block.trained) + len(block.missing)
        out.append(
            Okr(
                outcome=f"CE team trained (train-the-trainer): {block.block.title}",
                target=f"{goal:.0%}",
                value=f"{block.percent:.0f}% ({len(block.trained)} of {total})"
                if total
                else "no CE roster",
                met=block.percent >= 100 * goal if total else None,
                source=ROSTER_SOURCE,
                detail=_not_yet([m.name for m in block.missing]),
            )
        )
    return out


def code_security_shipped(data: OutcomeData) -> Okr:
    """The Code Security course published in the catalog (its CE enablement is the block row)."""
    course = data.config.okr_targets.code_security_course
    shipped = course in data.published
    return Okr(
        outcome="Code Security training shipped",
        target="published in the catalog",
        value="published" if shipped else "not published",
        met=shipped if data.published else None,
        source=f"course catalog (courses/{course}.yaml)",
        detail=f"CEs enabled on it: the {data.config.okr_targets.code_security_block} block row",
    )


def admin_before_production(data: OutcomeData) -> Okr:
    """Customers whose admins completed the admin training before production set-up."""
    goal = data.config.okr_targets.admin_enabled_before_production
    production = {c.customer: c.production_setup_date for c in data.customers}
    enabled = sorted(
        {
            c.customer
            for c in data.completions
            if c.course == "admin"
            and production.get(c.customer) is not None
            and c.day <= production[c.customer]  # type: ignore[operator]
        }
    )
    names = {c.customer: c.name for c in data.customers}
    return Okr(
        outcome="Customers with admin enablement before production set-up",
        target=str(goal),
        value=str(len(enabled)),
        met=len(enabled) >= goal,
        source=f"{COMPLETIONS_SOURCE}; production set-up dates (profiles, customers.csv)",
        detail=", ".join(names[c] for c in enabled),
    )


def collateral_delivered(data: OutcomeData) -> Okr:
    """CE-requested assets delivered in the last full quarter (and per quarter)."""
    goal = data.config.okr_targets.ce_collateral_per_quarter
    outcome = "CE-requested collateral assets delivered per quarter"
    if data.collateral_requests is None:
        return Okr(
            outcome,
            f"{goal} per quarter",
            "no collateral-requests.csv given",
            None,
            "collateral-requests.csv",
        )
    done = Counter(
        quarter(r.delivered)
        for r in data.collateral_requests
        if r.delivered is not None and r.delivered <= data.as_of
    )
    last = _previous_quarter(data.as_of)
    still_open = sum(1 for r in data.collateral_requests if r.delivered is None)
    per_quarter = ", ".join(f"{q}: {n}" for q, n in sorted(done.items()))
    return Okr(
        outcome=outcome,
        target=f"{goal} per quarter",
        value=f"{done[last]} in {last} ({done[quarter(data.as_of)]} so far in {quarter(data.as_of)})",
        met=done[last] >= goal,
        source="collateral-requests.csv",
        detail=f"delivered per quarter: {per_quarter or 'none'}; {still_open} open",
    )


def ninety_day_plan(data: OutcomeData) -> Okr:
    """Customers past day 90 of their contract whose first training came within 90 days."""
    goal = data.config.okr_targets.ninety_day_plan_share
    due = [c for c in data.customers if (data.as_of - c.contract_date).days >= PLAN_DAYS]
    on_plan = [
        c
        for c in due
        if any(
            t.customer == c.customer and 0 <= (t.day - c.contract_date).days <= PLAN_DAYS
            for t in data.completions
        )
    ]
    share = len(on_plan) / len(due) if due else 0.0
    return Okr(
        outcome="Customers on the 90-day plan",
        target=f"{goal:.0%} of customers past day {PLAN_DAYS}",
        value=f"{share:.0%} ({len(on_plan)} of {len(due)})" if due else "none past day 90",
        met=share >= goal if due else None,
        source=f"{COMPLETIONS_SOURCE}; contract dates (profiles' kick-off, customers.csv)",
        detail="a training completed within 90 days of the contract (kick-off)",
    )


def survey_participation(data: OutcomeData) -> Okr:
    """Training survey answers per learner trained."""
    goal = data.config.okr_targets.survey_participation
    answers = sum(1 for a in data.feedback if a.kind == "training" and a.date <= data.as_of)
    learners = sum(1 for c in data.completions if c.day <= data.as_of)
    product = "" if data.product_nps is None else f"; {len(data.product_nps)} product NPS answers"
    return Okr(
        outcome="Survey participation (training feedback)",
        target=f"{goal:.0%} of learners trained (the team's goal)",
        value=f"{answers / learners:.0%} ({answers} answers, {learners} completions)"
        if learners
        else "no completions",
        met=answers / learners >= goal if learners else None,
        source="feedback.csv (kind training); training completions",
        detail=f"{answers} training answers{product}",
    )


def scoreboard(data: OutcomeData) -> tuple[Okr, ...]:
    """Every business outcome the roadmap names, computed from `data`."""
    return (
        *ce_trained(data),
        code_security_shipped(data),
        admin_before_production(data),
        collateral_delivered(data),
        ninety_day_plan(data),
        survey_participation(data),
    )
