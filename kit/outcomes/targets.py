"""Adoption (MAU / seats purchased) against the CE team's targets, as pure functions.

Counted from the completion of production set-up: 25% by day 90, 50% by day 180, 75% by day 270
and 75% after. The future goal counts from the contract: 75% by day 180. Between check-points a
customer is judged against the straight line to the next one (the pace), so a slow start shows
before a target is missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Milestones = tuple[tuple[int, float], ...]

FROM_PRODUCTION: Milestones = ((90, 0.25), (180, 0.50), (270, 0.75))
"""(day since production set-up, share of seats active monthly due by then)."""
FROM_CONTRACT: Milestones = ((180, 0.75),)
"""The future goal: 75% by day 180 of the contract."""


class Standing(StrEnum):
    """Where adoption stands against the targets."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"  # below the pace to the next target, no target missed yet
    BEHIND = "behind"  # a target whose day has passed is not reached


def adoption(mau: int, seats: int) -> float:
    """Monthly active users as a share of seats purchased (may exceed 1)."""
    if seats <= 0:
        raise ValueError("seats must be positive")
    return mau / seats


def band(day: int, milestones: Milestones = FROM_PRODUCTION) -> float:
    """The target of the period `day` falls in (day 0-90: 25%, 91-180: 50%, 181+: 75%)."""
    for due_day, share in milestones:
        if day <= due_day:
            return share
    return milestones[-1][1]


def due(day: int, milestones: Milestones = FROM_PRODUCTION) -> float:
    """The highest target whose day has come (0 before the first one)."""
    return max((share for due_day, share in milestones if day >= due_day), default=0.0)


def pace(day: int, milestones: Milestones = FROM_PRODUCTION) -> float:
    """The straight line from 0 on day 0 through each target, flat after the last."""
    if day <= 0:
        return 0.0
    start_day, start_share = 0, 0.0
    for due_day, share in milestones:
        if day <= due_day:
            return start_share + (share - start_share) * (day - start_day) / (due_day - start_day)
        start_day, start_share = due_day, share
    return start_share


@dataclass(frozen=True)
class AdoptionCheck:
    """Adoption on one day against the targets counted from one anchor."""

    day: int
    adoption: float
    due: float
    pace: float
    band: float
    standing: Standing
    reason: str


def check_adoption(
    share: float, day: int, milestones: Milestones = FROM_PRODUCTION, *, anchor: str = "production"
) -> AdoptionCheck:
    """Judge adoption `share` on `day` since the anchor: behind a passed target, below pace, or on
    track; the reason is one sentence with the numbers."""
    owed, line, period = due(day, milestones), pace(day, milestones), band(day, milestones)
    next_day = next((d for d, _ in milestones if d > day), None)
    now = f"day {day} since {anchor}: {share:.0%} of seats active monthly"
    if share < owed:
        passed = max(d for d, s in milestones if day >= d)
        standing, reason = Standing.BEHIND, f"{now}, below the {owed:.0%} due by day {passed}"
    elif share < line:
        standing = Standing.AT_RISK
        reason = f"{now}, below the {line:.0%} pace towards {period:.0%} by day {next_day}"
    else:
        standing = Standing.ON_TRACK
        target = f"{period:.0%} by day {next_day}" if next_day else f"{period:.0%} held"
        reason = f"{now}, at or above the pace ({line:.0%}) towards {target}"
    return AdoptionCheck(day, share, owed, line, period, standing, reason)
