"""Renewal, seat expansion and product NPS against training, and the OKR scoreboard: numbers with
intervals when there are enough customers, "too little data to say" when not, and each OKR with
its target, value and source."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kit.outcomes.data import OutcomeData
from kit.outcomes.models import ContractRow, Customer
from kit.outcomes.okrs import quarter, scoreboard
from kit.outcomes.retention import (
    MIN_CONTRACTS,
    expansion_finding,
    nps_finding,
    renewal_finding,
)
from kit.plans.tracker import Completion

AS_OF = dt.date(2026, 6, 30)
START = dt.date(2025, 1, 1)


def fleet(trained: list[int], renewed: list[bool], growth: list[int]) -> OutcomeData:
    """One customer of 100 seats per entry, with `trained` Sourcegraph 101 completions, its
    contract renewed or not, with `growth` more seats."""
    customers, completions, contracts = [], [], []
    for k, (done, again, more) in enumerate(zip(trained, renewed, growth, strict=True)):
        slug = f"c{k}"
        customers.append(Customer(customer=slug, name=slug, seats=100, contract_date=START))
        completions += [Completion(slug, "sourcegraph-101", START + dt.timedelta(days=30))] * done
        contracts.append(
            ContractRow(
                customer=slug, start=START, end=START + dt.timedelta(days=365), seats_before=100,
                renewed=again, seats_after=100 + more if again else None,
            )
        )  # fmt: skip
    return OutcomeData(
        AS_OF, tuple(customers), (), completions=tuple(completions), contracts=tuple(contracts)
    )


def test_too_few_decided_renewals_say_so() -> None:
    data = fleet([10] * (MIN_CONTRACTS - 1), [True] * (MIN_CONTRACTS - 1), [5] * 5)
    assert renewal_finding(data).finding == (
        "too little data to say: 5 decided renewal(s); need at least 6"
    )
    assert expansion_finding(data).effect is None


def test_a_small_set_of_renewals_gets_fishers_exact_test() -> None:
    data = fleet([40, 35, 30, 25, 5, 4, 3, 2], [True] * 4 + [True, False, False, False], [0] * 8)
    finding = renewal_finding(data)
    assert finding.method == "Fisher's exact test"
    assert finding.finding.startswith("4 of 4 customers with at least 15% of seats trained")
    assert "1 of 4 of those with fewer" in finding.finding
    assert finding.low is not None and finding.low < 1 < (finding.high or 0)  # 8 cannot show it
    assert finding.customers == 8


def test_many_renewals_get_a_logistic_regression_with_an_interval() -> None:
    trained = [k % 50 for k in range(40)]
    renewed = [t >= 10 or k % 3 == 0 for k, t in enumerate(trained)]
    finding = renewal_finding(fleet(trained, renewed, [0] * 40))
    assert finding.method == "logistic regression"
    assert finding.effect is not None and finding.effect > 1
    assert "times the odds of renewing" in finding.finding and "40 contracts" in finding.finding


def test_seat_growth_follows_the_planted_slope() -> None:
    trained = [0, 10, 20, 30, 40, 50, 60, 70]
    growth = [round(2 + 0.5 * t) + (1 if k % 2 else -1) for k, t in enumerate(trained)]
    finding = expansion_finding(fleet(trained, [True] * 8, growth))
    assert finding.low is not None and finding.high is not None
    assert finding.low < 5.0 < finding.high  # 0.5 points of growth per point: 5 per 10
    assert "8 renewals" in finding.finding


def test_missing_health_inputs_are_said_not_guessed() -> None:
    data = OutcomeData(AS_OF, (), ())
    assert renewal_finding(data).finding == "no contracts.csv given"
    assert nps_finding(data).finding == "no product-nps.csv given"


def test_the_sample_product_nps_is_higher_after_training(sample: OutcomeData) -> None:
    finding = nps_finding(sample)
    assert finding.low is not None and finding.low > 0  # planted: +1.4 rating points
    assert "not proof of cause" in finding.finding
    assert renewal_finding(sample).finding.startswith("too little data to say: 2 decided")


@pytest.mark.parametrize(
    ("day", "name"),
    [(dt.date(2026, 1, 1), "2026-Q1"), (dt.date(2026, 6, 30), "2026-Q2"),
     (dt.date(2026, 10, 31), "2026-Q4")],
)  # fmt: skip
def test_quarters(day: dt.date, name: str) -> None:
    assert quarter(day) == name


def test_the_sample_scoreboard(sample: OutcomeData) -> None:
    board = {o.outcome: o for o in scoreboard(sample)}
    rows = {k: (o.target, o.value, o.status) for k, o in board.items()}
    assert rows == {
        "CE team trained (train-the-trainer): Foundational user and admin onboarding": (
            "100%", "50% (4 of 8)", "not met"),
        "CE team trained (train-the-trainer): Code Security training": (
            "100%", "25% (2 of 8)", "not met"),
        "Code Security training shipped": ("published in the catalog", "published", "met"),
        "Customers with admin enablement before production set-up": ("5", "11", "met"),
        "CE-requested collateral assets delivered per quarter": (
            "3 per quarter", "4 in 2026-Q3 (1 so far in 2026-Q4)", "met"),
        "Customers on the 90-day plan": ("100% of customers past day 90", "100% (11 of 11)", "met"),
        "Survey participation (training feedback)": (
            "30% of learners trained (the team's goal)", "15% (188 answers, 1277 completions)",
            "not met"),
    }  # fmt: skip
    assert all(o.source for o in board.values())


def test_a_scoreboard_without_its_inputs_says_no_data(sample: OutcomeData) -> None:
    bare = dataclasses.replace(sample, collateral_requests=None, roster=(), published=())
    status = {o.outcome: o.status for o in scoreboard(bare)}
    assert status["CE-requested collateral assets delivered per quarter"] == "no data"
    assert status["Code Security training shipped"] == "no data"
    assert status["CE team trained (train-the-trainer): Code Security training"] == "no data"
