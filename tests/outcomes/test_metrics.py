"""Usage health (DAU/MAU above 30%), NPS and time to certification."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.outcomes.metrics import (
    dau_mau,
    days_to,
    healthy,
    median_days,
    nps,
    nps_by,
    recent_dau_mau,
)
from kit.outcomes.models import EventKind, FeedbackRow, UsageRow

DAY = dt.date(2026, 3, 31)


def usage(day: dt.date, dau: int, mau: int) -> UsageRow:
    return UsageRow(customer="acme", date=day, dau=dau, mau=mau, seats=100)


@pytest.mark.parametrize(
    ("pairs", "ratio", "is_healthy"),
    [
        ([(30, 100)], 0.30, False),  # exactly 30% is not above it
        ([(31, 100)], 0.31, True),
        ([(40, 100), (10, 100)], 0.25, False),
        ([(0, 0)], None, False),
    ],
)
def test_dau_mau_health(
    pairs: list[tuple[int, int]], ratio: float | None, is_healthy: bool
) -> None:
    rows = [usage(DAY - dt.timedelta(days=i), d, m) for i, (d, m) in enumerate(pairs)]
    assert dau_mau(rows) == (pytest.approx(ratio) if ratio is not None else None)
    assert healthy(dau_mau(rows)) is is_healthy


def test_recent_dau_mau_uses_the_last_four_weeks_only() -> None:
    old = usage(DAY - dt.timedelta(days=28), 90, 100)
    recent = [usage(DAY - dt.timedelta(days=i), 20, 100) for i in range(28)]
    assert recent_dau_mau([old, *recent], DAY) == pytest.approx(0.20)
    assert recent_dau_mau([old], DAY) is None


@pytest.mark.parametrize(
    ("ratings", "score", "counts"),
    [
        ([10, 9, 8, 7, 6, 0], 0.0, (2, 2, 2)),
        ([10, 10, 10, 10], 100.0, (4, 0, 0)),
        ([6, 5, 9, 8], -25.0, (1, 1, 2)),
        ([7, 8], 0.0, (0, 2, 0)),
        ([], None, (0, 0, 0)),
    ],
)
def test_nps_is_promoters_minus_detractors_in_percent(
    ratings: list[int], score: float | None, counts: tuple[int, int, int]
) -> None:
    result = nps(ratings)
    assert result.score == score
    assert (result.promoters, result.passives, result.detractors) == counts
    assert result.answers == len(ratings)


def test_nps_rejects_ratings_outside_0_to_10() -> None:
    with pytest.raises(ValueError, match="rating 11 is outside 0-10"):
        nps([11])


def test_nps_per_trainer_and_course() -> None:
    def answer(session: str, trainer: str, rating: int) -> FeedbackRow:
        return FeedbackRow(
            date=DAY,
            customer="acme",
            kind=EventKind.TRAINING,
            session=session,
            trainer=trainer,
            rating=rating,
        )

    answers = [answer("101", "Robin", 10), answer("101", "Sam", 3), answer("admin", "Robin", 9)]
    by_trainer = {n.group: n.score for n in nps_by(answers, lambda a: a.trainer)}
    by_course = {n.group: n.score for n in nps_by(answers, lambda a: a.session)}
    assert by_trainer == {"Robin": 100.0, "Sam": -100.0}
    assert by_course == {"101": 0.0, "admin": 100.0}


@pytest.mark.parametrize(
    ("start", "reached", "days"),
    [(dt.date(2026, 1, 1), dt.date(2026, 2, 15), 45), (dt.date(2026, 1, 1), None, None)],
)
def test_days_to_certification(start: dt.date, reached: dt.date | None, days: int | None) -> None:
    assert days_to(start, reached) == days


def test_median_time_counts_only_those_certified() -> None:
    assert median_days([40, None, 60, 50]) == 50
    assert median_days([None]) is None
