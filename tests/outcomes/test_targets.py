"""Adoption targets: 25% by day 90, 50% by 180, 75% by 270 and after (from production set-up);
the future view: 75% by day 180 from the contract."""

from __future__ import annotations

import pytest

from kit.outcomes.targets import (
    FROM_CONTRACT,
    Standing,
    adoption,
    band,
    check_adoption,
    due,
    pace,
)


@pytest.mark.parametrize(
    ("day", "band_share", "due_share", "pace_share"),
    [
        (0, 0.25, 0.0, 0.0),
        (45, 0.25, 0.0, 0.125),
        (90, 0.25, 0.25, 0.25),
        (91, 0.50, 0.25, 0.25 + 0.25 / 90),
        (135, 0.50, 0.25, 0.375),
        (180, 0.50, 0.50, 0.50),
        (181, 0.75, 0.50, 0.50 + 0.25 / 90),
        (270, 0.75, 0.75, 0.75),
        (271, 0.75, 0.75, 0.75),
        (600, 0.75, 0.75, 0.75),
    ],
)
def test_targets_from_production_set_up(
    day: int, band_share: float, due_share: float, pace_share: float
) -> None:
    assert band(day) == band_share
    assert due(day) == due_share
    assert pace(day) == pytest.approx(pace_share)


@pytest.mark.parametrize(
    ("day", "due_share", "pace_share"),
    [(0, 0.0, 0.0), (90, 0.0, 0.375), (179, 0.0, 0.75 * 179 / 180), (180, 0.75, 0.75)],
)
def test_future_goal_is_75_percent_by_day_180_of_the_contract(
    day: int, due_share: float, pace_share: float
) -> None:
    assert due(day, FROM_CONTRACT) == due_share
    assert pace(day, FROM_CONTRACT) == pytest.approx(pace_share)


@pytest.mark.parametrize(
    ("mau", "seats", "share"), [(0, 100, 0.0), (25, 100, 0.25), (120, 100, 1.2)]
)
def test_adoption_is_mau_over_seats_purchased(mau: int, seats: int, share: float) -> None:
    assert adoption(mau, seats) == share


def test_adoption_needs_seats() -> None:
    with pytest.raises(ValueError, match="seats must be positive"):
        adoption(10, 0)


@pytest.mark.parametrize(
    ("share", "day", "standing", "reason"),
    [
        (0.10, 30, Standing.ON_TRACK, "at or above the pace (8%) towards 25% by day 90"),
        (0.05, 30, Standing.AT_RISK, "below the 8% pace towards 25% by day 90"),
        (0.20, 100, Standing.BEHIND, "below the 25% due by day 90"),
        (0.30, 120, Standing.AT_RISK, "below the 33% pace towards 50% by day 180"),
        (0.58, 200, Standing.ON_TRACK, "pace (56%) towards 75% by day 270"),
        (0.60, 300, Standing.BEHIND, "below the 75% due by day 270"),
        (0.80, 400, Standing.ON_TRACK, "towards 75% held"),
    ],
)
def test_check_adoption_judges_and_explains(
    share: float, day: int, standing: Standing, reason: str
) -> None:
    check = check_adoption(share, day)
    assert check.standing is standing
    assert reason in check.reason
    assert check.reason.startswith(f"day {day} since production: {share:.0%} of seats")


def test_contract_view_names_its_anchor() -> None:
    check = check_adoption(0.5, 200, FROM_CONTRACT, anchor="contract")
    assert check.standing is Standing.BEHIND
    assert check.reason == (
        "day 200 since contract: 50% of seats active monthly, below the 75% due by day 180"
    )
