"""A customer's verdict: adoption against the targets, DAU/MAU health, and honest gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.outcomes.models import Customer, UsageRow
from kit.outcomes.status import NO_USAGE, NOT_IN_PRODUCTION, customer_outcome

AS_OF = dt.date(2026, 6, 30)


def customer(production_days_ago: int | None, air_gapped: bool = False) -> Customer:
    production = (
        None if production_days_ago is None else AS_OF - dt.timedelta(days=production_days_ago)
    )
    return Customer(
        customer="acme",
        name="Acme",
        seats=200,
        contract_date=AS_OF - dt.timedelta(days=300),
        production_setup_date=production,
        air_gapped=air_gapped,
    )


def usage(mau: int, dau: int, last: dt.date = AS_OF) -> tuple[UsageRow, ...]:
    return tuple(
        UsageRow(customer="acme", date=last - dt.timedelta(days=i), dau=dau, mau=mau, seats=200)
        for i in reversed(range(28))
    )


@pytest.mark.parametrize(
    ("production", "mau", "dau", "verdict", "reason"),
    [
        (100, 60, 25, "on track", "day 100 since production: 30% of seats"),
        (100, 40, 20, "behind", "below the 25% due by day 90"),
        (60, 20, 10, "at risk", "below the 17% pace"),
        (100, 60, 12, "at risk", "DAU/MAU 20% is not above the healthy 30%"),
        (None, 10, 5, NOT_IN_PRODUCTION, "production set-up not completed, day 300 since contract"),
    ],
)
def test_verdicts_and_reasons(
    production: int | None, mau: int, dau: int, verdict: str, reason: str
) -> None:
    outcome = customer_outcome(customer(production), usage(mau, dau), AS_OF)
    assert outcome.verdict == verdict
    assert any(reason in r for r in outcome.reasons), outcome.reasons


def test_contract_view_is_reported_beside_the_production_view() -> None:
    outcome = customer_outcome(customer(100), usage(60, 25), AS_OF)
    assert outcome.contract is not None
    assert outcome.contract.standing.value == "behind"  # 30% on day 300 of the contract < 75%


def test_air_gapped_customer_without_usage_is_a_gap_not_a_zero() -> None:
    outcome = customer_outcome(customer(100, air_gapped=True), (), AS_OF)
    assert outcome.verdict == NO_USAGE
    assert outcome.production is None and outcome.dau_mau is None
    assert outcome.reasons == (
        "air-gapped: the instance sends no usage; ask the admin for a monthly MAU count",
    )


def test_stale_usage_is_flagged() -> None:
    outcome = customer_outcome(customer(100), usage(60, 25, AS_OF - dt.timedelta(days=20)), AS_OF)
    assert outcome.reasons[0] == "latest usage is 20 days old (2026-06-10)"
