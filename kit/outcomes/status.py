"""Each customer's standing: adoption against the targets (from production set-up, and the
future view from the contract), DAU/MAU health, and the reasons in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kit.outcomes.data import OutcomeData
from kit.outcomes.metrics import HEALTHY_DAU_MAU, healthy, recent_dau_mau
from kit.outcomes.models import Customer, UsageRow
from kit.outcomes.targets import FROM_CONTRACT, AdoptionCheck, Standing, check_adoption

STALE_AFTER_DAYS = 7
NO_USAGE = "no usage data"
NOT_IN_PRODUCTION = "not in production"


@dataclass(frozen=True)
class CustomerOutcome:
    """One customer on the report's table."""

    customer: Customer
    latest: UsageRow | None
    production: AdoptionCheck | None
    contract: AdoptionCheck | None
    dau_mau: float | None
    verdict: str  # a Standing's value, NO_USAGE or NOT_IN_PRODUCTION
    reasons: tuple[str, ...]


def customer_outcome(
    customer: Customer, usage: tuple[UsageRow, ...], as_of: dt.date
) -> CustomerOutcome:
    """Judge one customer from its usage rows (oldest first) up to `as_of`."""
    if not usage:
        why = (
            "air-gapped: the instance sends no usage; ask the admin for a monthly MAU count"
            if customer.air_gapped
            else "no usage rows received; check usage reporting is switched on"
        )
        return CustomerOutcome(customer, None, None, None, None, NO_USAGE, (why,))
    latest = usage[-1]
    share = latest.mau / latest.seats
    reasons: list[str] = []
    age = (as_of - latest.date).days
    if age > STALE_AFTER_DAYS:
        reasons.append(f"latest usage is {age} days old ({latest.date.isoformat()})")
    contract = check_adoption(
        share, (latest.date - customer.contract_date).days, FROM_CONTRACT, anchor="contract"
    )
    ratio = recent_dau_mau(usage, latest.date)
    production = None
    if customer.production_setup_date is None:
        verdict = NOT_IN_PRODUCTION
        reasons.append(
            f"production set-up not completed, day {contract.day} since contract; "
            "adoption targets start when it is"
        )
    else:
        production = check_adoption(share, (latest.date - customer.production_setup_date).days)
        verdict = production.standing.value
        reasons.append(production.reason)
    if not healthy(ratio):
        shown = "none" if ratio is None else f"{ratio:.0%}"
        reasons.append(f"DAU/MAU {shown} is not above the healthy {HEALTHY_DAU_MAU:.0%}")
        if verdict == Standing.ON_TRACK.value:
            verdict = Standing.AT_RISK.value
    return CustomerOutcome(customer, latest, production, contract, ratio, verdict, tuple(reasons))


def customer_outcomes(data: OutcomeData) -> list[CustomerOutcome]:
    """Every customer's outcome, in the order given."""
    return [customer_outcome(c, data.usage_of(c.customer), data.as_of) for c in data.customers]
