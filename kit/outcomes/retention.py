"""Customer health against training: renewal and seat expansion against the share of seats
trained, and product NPS of trained against not-yet-trained customers (scipy, statsmodels).

Each finding says the effect, its 95% interval, how many customers it rests on, and that it is
an association: customers that train more may differ in ways that also make them renew.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from kit.outcomes.data import OutcomeData
from kit.outcomes.effects import LEVEL, first_completions
from kit.outcomes.models import ContractRow

USER_COURSE = "sourcegraph-101"
"""The user training whose completions count as seats trained."""
MIN_CONTRACTS = 6
"""Fewer decided renewals (or renewals, for seat growth) than this and there is nothing to say."""
MIN_LOGIT = 30
"""From this many decided renewals, with 5 of each outcome, a logistic regression; below it an
exact test on the trained half against the other half."""
MIN_NPS_ANSWERS = 30
MIN_NPS_CUSTOMERS = 4
"""Product NPS answers, and customers each side (trained or not yet), needed to compare them."""
ASSOCIATION = "an association, not proof of cause"


@dataclass(frozen=True)
class Finding:
    """One comparison: the sentence for a CE manager and the numbers behind it."""

    id: str
    title: str
    finding: str
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    customers: int = 0
    method: str = ""


def trained_share(data: OutcomeData, customer: str, seats: int, on: dt.date) -> float:
    """Sourcegraph 101 completions by `on` per seat (at most 1)."""
    done = sum(
        1
        for c in data.completions
        if c.customer == customer and c.course == USER_COURSE and c.day <= on
    )
    return min(1.0, done / seats)


def _decided(data: OutcomeData) -> list[tuple[ContractRow, float]]:
    return [
        (c, trained_share(data, c.customer, c.seats_before, c.end))
        for c in data.contracts or ()
        if c.renewed is not None and c.end <= data.as_of
    ]


def too_little(what: str, n: int, need: int) -> str:
    """The plain sentence when there are too few cases."""
    return f"too little data to say: {n} {what}; need at least {need}"


def renewal_finding(data: OutcomeData) -> Finding:
    """Renewal against the share of seats trained by the contract's end."""
    title = "Renewal against seats trained"
    if data.contracts is None:
        return Finding("renewal", title, "no contracts.csv given")
    decided = _decided(data)
    n = len(decided)
    if n < MIN_CONTRACTS:
        return Finding(
            "renewal", title, too_little("decided renewal(s)", n, MIN_CONTRACTS), customers=n
        )
    renewed = [bool(c.renewed) for c, _ in decided]
    shares = [s for _, s in decided]
    if n >= MIN_LOGIT and min(sum(renewed), n - sum(renewed)) >= 5:
        return _logit(decided, renewed, shares)
    return _exact(renewed, shares)


def _exact(renewed: Sequence[bool], shares: Sequence[float]) -> Finding:
    from scipy.stats import fisher_exact  # type: ignore[import-untyped]
    from scipy.stats.contingency import odds_ratio  # type: ignore[import-untyped]

    middle = statistics.median(shares)
    high = [r for r, s in zip(renewed, shares, strict=True) if s >= middle]
    low = [r for r, s in zip(renewed, shares, strict=True) if s < middle]
    table = [[sum(high), len(high) - sum(high)], [sum(low), len(low) - sum(low)]]
    p = fisher_exact(table).pvalue
    ratio = odds_ratio(table)
    interval = ratio.confidence_interval(confidence_level=LEVEL)
    finding = (
        f"{_of(high)} customers with at least {middle:.0%} of seats trained renewed, "
        f"{_of(low)} of those with fewer (odds ratio {_num(ratio.statistic)}, {LEVEL:.0%} "
        f"interval {_num(interval.low)} to {_num(interval.high)}, Fisher's exact p = {p:.2f}; "
        f"{len(renewed)} customers); {ASSOCIATION}"
    )
    return Finding(
        "renewal",
        "Renewal against seats trained",
        finding,
        float(ratio.statistic),
        float(interval.low),
        float(interval.high),
        len(renewed),
        "Fisher's exact test",
    )


def _of(outcomes: Sequence[bool]) -> str:
    return f"{sum(outcomes)} of {len(outcomes)}"


def _num(value: float) -> str:
    return "infinite" if math.isinf(value) else f"{value:.2f}"


def _logit(
    decided: Sequence[tuple[ContractRow, float]], renewed: Sequence[bool], shares: Sequence[float]
) -> Finding:
    import numpy as np
    from statsmodels.discrete.discrete_model import Logit  # type: ignore[import-untyped]

    x = np.column_stack([np.ones(len(shares)), np.asarray(shares) * 10])  # per 10 points
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on near-separated data
        result = Logit(np.asarray(renewed, float), x).fit(disp=0)
    low, high = np.exp(result.conf_int(alpha=1 - LEVEL)[1])
    ratio = float(np.exp(result.params[1]))
    finding = (
        f"each 10 more points of seats trained go with {ratio:.2f} times the odds of renewing "
        f"({LEVEL:.0%} interval {low:.2f} to {high:.2f}; {len(decided)} contracts); {ASSOCIATION}"
    )
    return Finding(
        "renewal",
        "Renewal against seats trained",
        finding,
        ratio,
        float(low),
        float(high),
        len(decided),
        "logistic regression",
    )


def expansion_finding(data: OutcomeData) -> Finding:
    """Seat growth at renewal against the share of seats trained (linear, robust errors)."""
    title = "Seat expansion against seats trained"
    if data.contracts is None:
        return Finding("expansion", title, "no contracts.csv given")
    rows = [(c, s) for c, s in _decided(data) if c.renewed and c.seats_after is not None]
    n = len(rows)
    if n < MIN_CONTRACTS:
        return Finding("expansion", title, too_little("renewal(s)", n, MIN_CONTRACTS), customers=n)
    import numpy as np
    from statsmodels.regression.linear_model import OLS  # type: ignore[import-untyped]

    growth = np.asarray([100 * ((c.seats_after or 0) / c.seats_before - 1) for c, _ in rows])
    x = np.column_stack([np.ones(n), np.asarray([s for _, s in rows]) * 10])
    result = OLS(growth, x).fit(cov_type="HC3", use_t=True)
    low, high = result.conf_int(alpha=1 - LEVEL)[1]
    slope = float(result.params[1])
    finding = (
        f"each 10 more points of seats trained go with {slope:+.1f} points of seat growth at "
        f"renewal ({LEVEL:.0%} interval {low:+.1f} to {high:+.1f}; {n} renewals); {ASSOCIATION}"
    )
    return Finding(
        "expansion", title, finding, slope, float(low), float(high), n, "linear regression"
    )


def nps_finding(data: OutcomeData) -> Finding:
    """Product NPS of answers from customers that had had Sourcegraph 101 by then against those
    not yet: the difference in NPS points, errors clustered by customer."""
    title = "Product NPS, trained against not yet trained"
    if data.product_nps is None:
        return Finding("product-nps", title, "no product-nps.csv given")
    first = first_completions(data, USER_COURSE)
    answers = [a for a in data.product_nps if a.date <= data.as_of]
    trained = [a.customer in first and first[a.customer] <= a.date for a in answers]
    with_training = {a.customer for a, t in zip(answers, trained, strict=True) if t}
    without = {a.customer for a, t in zip(answers, trained, strict=True) if not t}
    customers = len(with_training | without)
    if len(answers) < MIN_NPS_ANSWERS or min(len(with_training), len(without)) < MIN_NPS_CUSTOMERS:
        detail = (
            f"{len(answers)} answers, {len(with_training)} customers answering after training "
            f"and {len(without)} before"
        )
        need = f"{MIN_NPS_ANSWERS} answers and {MIN_NPS_CUSTOMERS} customers each way"
        return Finding(
            "product-nps",
            title,
            f"too little data to say: {detail}; need {need}",
            customers=customers,
        )
    import numpy as np
    from statsmodels.regression.linear_model import OLS

    score = np.asarray(
        [100.0 if a.rating >= 9 else -100.0 if a.rating <= 6 else 0.0 for a in answers]
    )
    x = np.column_stack([np.ones(len(answers)), np.asarray(trained, float)])
    groups = [a.customer for a in answers]
    codes = np.unique(groups, return_inverse=True)[1]
    result = OLS(score, x).fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
    low, high = result.conf_int(alpha=1 - LEVEL)[1]
    base, diff = float(result.params[0]), float(result.params[1])
    finding = (
        f"product NPS {base + diff:+.0f} from customers after their Sourcegraph 101 training, "
        f"{base:+.0f} before: {diff:+.0f} points ({LEVEL:.0%} interval {low:+.0f} to {high:+.0f}; "
        f"{len(answers)} answers from {customers} customers); {ASSOCIATION}"
    )
    return Finding(
        "product-nps",
        title,
        finding,
        diff,
        float(low),
        float(high),
        customers,
        "difference in NPS, errors clustered by customer",
    )


def health_findings(data: OutcomeData) -> tuple[Finding, ...]:
    """Renewal, seat expansion and product NPS against training."""
    return (renewal_finding(data), expansion_finding(data), nps_finding(data))
