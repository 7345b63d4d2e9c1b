"""Usage health, NPS and time to certification: pure functions over validated records."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kit.outcomes.models import FeedbackRow, UsageRow

HEALTHY_DAU_MAU = 0.30
"""Healthy usage: daily active users above 30% of monthly active users."""
USAGE_WINDOW_DAYS = 28
"""DAU/MAU is averaged over four whole weeks so weekends weigh the same every time."""


def dau_mau(rows: Sequence[UsageRow]) -> float | None:
    """Mean DAU over mean MAU of `rows` (None without monthly users)."""
    mau = sum(r.mau for r in rows)
    return sum(r.dau for r in rows) / mau if mau else None


def recent_dau_mau(rows: Sequence[UsageRow], as_of: dt.date) -> float | None:
    """DAU/MAU over the four weeks up to `as_of` (None without usage in them)."""
    start = as_of - dt.timedelta(days=USAGE_WINDOW_DAYS - 1)
    return dau_mau([r for r in rows if start <= r.date <= as_of])


def healthy(ratio: float | None) -> bool:
    """Whether DAU/MAU exceeds the 30% line (no data is not healthy)."""
    return ratio is not None and ratio > HEALTHY_DAU_MAU


@dataclass(frozen=True)
class Nps:
    """Net Promoter Score of one group of answers."""

    group: str
    answers: int
    promoters: int  # 9-10
    passives: int  # 7-8
    detractors: int  # 0-6

    @property
    def score(self) -> float | None:
        """Promoters minus detractors, in % of answers (None without answers)."""
        if not self.answers:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.answers


def nps(ratings: Iterable[int], group: str = "all") -> Nps:
    """Count promoters (9-10), passives (7-8) and detractors (0-6) among 0-10 ratings."""
    values = list(ratings)
    for rating in values:
        if not 0 <= rating <= 10:
            raise ValueError(f"rating {rating} is outside 0-10")
    return Nps(
        group=group,
        answers=len(values),
        promoters=sum(r >= 9 for r in values),
        passives=sum(7 <= r <= 8 for r in values),
        detractors=sum(r <= 6 for r in values),
    )


def nps_by(feedback: Iterable[FeedbackRow], key: Callable[[FeedbackRow], str]) -> list[Nps]:
    """NPS per group (course, trainer, kind), groups in name order."""
    groups: dict[str, list[int]] = {}
    for answer in feedback:
        groups.setdefault(key(answer), []).append(answer.rating)
    return [nps(groups[name], name) for name in sorted(groups)]


def days_to(start: dt.date, reached: dt.date | None) -> int | None:
    """Days from `start` to `reached` (None when not reached)."""
    return None if reached is None else (reached - start).days


def median_days(values: Iterable[int | None]) -> float | None:
    """The median of the reached values (None when nobody reached it)."""
    reached = [v for v in values if v is not None]
    return statistics.median(reached) if reached else None
