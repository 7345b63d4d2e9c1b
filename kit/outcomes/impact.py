"""Training impact: adoption before and after a customer's first training, and how completion
rates line up with adoption, each with a 95% interval (scipy), saying plainly when there is too
little data to conclude.

This is association across a handful of customers, not proof that training caused adoption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kit.outcomes.models import Customer, UsageRow
from kit.plans.tracker import Completion

MIN_CUSTOMERS = 5
"""Fewer customers than this and the analysis says it cannot conclude."""
WINDOW_DAYS = 30
LEVEL = 0.95
TRAINING_COURSE = "sourcegraph-101"
"""The user training whose first completion marks a customer's 'trained' moment."""


@dataclass(frozen=True)
class BeforeAfter:
    """Adoption change (share of seats) in the window before and after the first training."""

    customer: str
    trained_on: dt.date
    before: float
    after: float


@dataclass(frozen=True)
class Impact:
    """The findings, each with the number of customers behind it and a plain sentence."""

    before_after: tuple[BeforeAfter, ...]
    before_after_finding: str
    rates: tuple[tuple[str, float, float], ...]  # customer, completions per seat, adoption
    correlation: Correlation | None
    correlation_finding: str

    @property
    def conclusive(self) -> bool:
        """Whether both parts had enough customers to say anything."""
        return len(self.before_after) >= MIN_CUSTOMERS and len(self.rates) >= MIN_CUSTOMERS


def too_little(n: int, what: str) -> str:
    """The sentence for an analysis with too few customers."""
    return f"too little data to conclude: {n} customer(s) {what}; need at least {MIN_CUSTOMERS}"


def _share_on(by_day: dict[dt.date, UsageRow], day: dt.date) -> float | None:
    row = by_day.get(day)
    return row.mau / row.seats if row else None


def before_after(
    customer: str, usage: Sequence[UsageRow], trained_on: dt.date
) -> BeforeAfter | None:
    """Adoption change in the 30 days before and after `trained_on` (None without usage on the
    three days it needs)."""
    by_day = {u.date: u for u in usage}
    window = dt.timedelta(days=WINDOW_DAYS)
    shares = [_share_on(by_day, trained_on + k * window) for k in (-1, 0, 1)]
    if any(s is None for s in shares):
        return None
    start, middle, end = (s for s in shares if s is not None)
    return BeforeAfter(customer, trained_on, middle - start, end - middle)


@dataclass(frozen=True)
class Correlation:
    """Pearson's r with its 95% interval."""

    r: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the interval leaves out 0."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Difference:
    """A mean paired difference with its 95% interval."""

    mean: float
    low: float
    high: float


def correlation(xs: Sequence[float], ys: Sequence[float]) -> Correlation | None:
    """Pearson's r with its interval (None below three points or for a constant series)."""
    from scipy.stats import pearsonr  # type: ignore[import-untyped]

    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    result = pearsonr(xs, ys)
    interval = result.confidence_interval(confidence_level=LEVEL)
    return Correlation(float(result.statistic), float(interval.low), float(interval.high))


def paired_difference(after: Sequence[float], before: Sequence[float]) -> Difference:
    """The mean of after - before with its interval (paired t-test)."""
    from scipy.stats import ttest_rel

    result = ttest_rel(after, before)
    interval = result.confidence_interval(confidence_level=LEVEL)
    mean = sum(a - b for a, b in zip(after, before, strict=True)) / len(after)
    return Difference(mean, float(interval.low), float(interval.high))


def training_impact(
    customers: Iterable[Customer],
    usage: Sequence[UsageRow],
    completions: Iterable[Completion],
    as_of: dt.date,
    course: str = TRAINING_COURSE,
) -> Impact:
    """Before/after the first `course` completion, and completions per seat against adoption on
    the latest usage day, over the customers that have the data."""
    done = [c for c in completions if c.course == course and c.day <= as_of]
    pairs: list[BeforeAfter] = []
    rates: list[tuple[str, float, float]] = []
    for customer in customers:
        rows = sorted((u for u in usage if u.customer == customer.customer), key=lambda u: u.date)
        rows = [u for u in rows if u.date <= as_of]
        mine = sorted(c.day for c in done if c.customer == customer.customer)
        if not rows:
            continue  # no usage data (air-gapped): cannot say anything either way
        if mine:
            pair = before_after(customer.customer, rows, mine[0])
            if pair is not None:
                pairs.append(pair)
        latest = rows[-1]
        rates.append((customer.customer, len(mine) / customer.seats, latest.mau / latest.seats))
    if len(pairs) < MIN_CUSTOMERS:
        first = too_little(len(pairs), f"with usage {WINDOW_DAYS} days either side of training")
    else:
        after = [p.after for p in pairs]
        before = [p.before for p in pairs]
        diff = paired_difference(after, before)
        first = (
            f"adoption moved {100 * sum(after) / len(after):+.1f} points in the {WINDOW_DAYS} "
            f"days after the first {course} completions against "
            f"{100 * sum(before) / len(before):+.1f} in the {WINDOW_DAYS} days before: "
            f"{100 * diff.mean:+.1f} points ({LEVEL:.0%} interval {100 * diff.low:+.1f} to "
            f"{100 * diff.high:+.1f}; {len(pairs)} customers); an association, not proof of cause"
        )
    r = correlation([x for _, x, _ in rates], [y for _, _, y in rates])
    if len(rates) < MIN_CUSTOMERS:
        second = too_little(len(rates), "with usage data")
    elif r is None:
        second = "no correlation: completion rates or adoption do not vary across customers"
    else:
        interval = f"{LEVEL:.0%} interval {r.low:.2f} to {r.high:.2f}"
        if not r.clear:
            second = (
                f"no clear relation: r = {r.r:.2f} ({interval}, includes 0) over "
                f"{len(rates)} customers"
            )
        else:
            direction = "higher" if r.r > 0 else "lower"
            second = (
                f"r = {r.r:.2f} ({interval}) over {len(rates)} customers: more {course} "
                f"completions per seat go with {direction} adoption; an association"
            )
    return Impact(tuple(pairs), first, tuple(rates), r, second)
