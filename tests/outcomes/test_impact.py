"""Training impact: before/after the first training and completion rates against adoption, with an
explicit 'too little data to conclude' below five customers."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.outcomes.impact import MIN_CUSTOMERS, before_after, correlation, training_impact
from kit.outcomes.models import Customer, UsageRow
from kit.plans.tracker import Completion

START = dt.date(2026, 1, 1)


def customer(slug: str, seats: int = 100) -> Customer:
    return Customer(customer=slug, name=slug.title(), seats=seats, contract_date=START)


def linear_usage(
    slug: str, days: int, per_day_before: float, per_day_after: float, turn: int
) -> list[UsageRow]:
    """MAU growing `per_day_before` seats a day until day `turn`, then `per_day_after`."""
    rows = []
    for i in range(days):
        mau = per_day_before * min(i, turn) + per_day_after * max(0, i - turn)
        rows.append(
            UsageRow(
                customer=slug, date=START + dt.timedelta(days=i), dau=0, mau=round(mau), seats=100
            )
        )
    return rows


def test_before_after_measures_thirty_days_either_side() -> None:
    rows = linear_usage("a", 120, 0.1, 0.5, 60)
    pair = before_after("a", rows, START + dt.timedelta(days=60))
    assert pair is not None
    assert pair.before == pytest.approx(0.03)
    assert pair.after == pytest.approx(0.15)
    assert before_after("a", rows, START + dt.timedelta(days=100)) is None  # no day 130


@pytest.mark.parametrize(
    ("xs", "ys", "r"),
    [
        ([1, 2, 3, 4], [2, 4, 6, 8], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([1, 2], [1, 2], None),
        ([1, 1, 1], [2, 3, 4], None),
    ],
)
def test_correlation(xs: list[float], ys: list[float], r: float | None) -> None:
    result = correlation(xs, ys)
    assert (result.r if result else None) == (pytest.approx(r) if r is not None else None)


def test_a_correlation_over_few_points_has_a_wide_interval() -> None:
    result = correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    assert result is not None and result.r == pytest.approx(0.8)
    assert result.low < 0 < result.high and not result.clear


def fleet(n: int) -> tuple[list[Customer], list[UsageRow], list[Completion]]:
    customers, usage, completions = [], [], []
    for k in range(n):
        slug = f"c{k}"
        customers.append(customer(slug))
        usage += linear_usage(slug, 150, 0.1, 0.2 + 0.1 * k, 60)
        completions += [Completion(slug, "sourcegraph-101", START + dt.timedelta(days=60))] * (
            k + 1
        )
    return customers, usage, completions


def test_too_few_customers_is_said_plainly() -> None:
    customers, usage, completions = fleet(MIN_CUSTOMERS - 1)
    impact = training_impact(customers, usage, completions, START + dt.timedelta(days=149))
    assert not impact.conclusive
    assert impact.before_after_finding.startswith("too little data to conclude: 4 customer(s)")
    assert impact.correlation_finding == (
        "too little data to conclude: 4 customer(s) with usage data; need at least 5"
    )


def test_enough_customers_give_numbers_and_a_caveat() -> None:
    customers, usage, completions = fleet(6)
    impact = training_impact(customers, usage, completions, START + dt.timedelta(days=149))
    assert impact.conclusive
    assert len(impact.before_after) == 6
    assert "after the first sourcegraph-101 completions against +3.0 in the 30 days before" in (
        impact.before_after_finding
    )
    assert "95% interval" in impact.before_after_finding
    assert "not proof of cause" in impact.before_after_finding
    assert impact.correlation is not None and impact.correlation.r > 0.9
    assert impact.correlation.clear
    assert "go with higher adoption" in impact.correlation_finding


def test_customers_without_usage_are_left_out_not_counted_as_zero() -> None:
    customers, usage, completions = fleet(5)
    customers.append(customer("vault"))
    completions.append(Completion("vault", "sourcegraph-101", START))
    impact = training_impact(customers, usage, completions, START + dt.timedelta(days=149))
    assert [slug for slug, _, _ in impact.rates] == ["c0", "c1", "c2", "c3", "c4"]
