"""Code Insights series on the practice corpus: a query's match count at points in its history."""

from __future__ import annotations

from datetime import date

import pytest

from kit.errors import QuerySyntaxError
from kit.practice.insights import commit_at, insight_series, point_days
from kit.search import PracticeBackend
from kit.search.git_log import read_history


def test_points_are_a_step_apart_and_end_on_the_last_day() -> None:
    days = point_days(date(2026, 3, 31), step="month", count=3)
    assert days == (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31))
    assert point_days(date(2026, 3, 31), step="week", count=2) == (
        date(2026, 3, 24),
        date(2026, 3, 31),
    )
    assert point_days(date(2024, 2, 29), step="year", count=2)[0] == date(2023, 2, 28)


def test_a_step_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown insight step 'fortnight'"):
        point_days(date(2026, 1, 1), step="fortnight", count=2)  # type: ignore[arg-type]


def test_each_point_searches_the_last_commit_of_its_day(practice: PracticeBackend) -> None:
    history = read_history(practice.corpus.root / "github.com/acme/billing-service")
    by_date = sorted(history.commits.values(), key=lambda c: c.committer.date)
    first, later = by_date[0], by_date[5]
    assert commit_at(history, first.committer.date.date()) == first.oid
    assert commit_at(history, date(2000, 1, 1)) is None
    assert commit_at(history, later.committer.date.date()) in {
        c.oid for c in by_date if c.committer.date.date() == later.committer.date.date()
    }


def test_the_last_point_is_what_the_search_finds_today(practice: PracticeBackend) -> None:
    series = insight_series(practice, ":latest")
    assert len(series.points) == 12
    assert series.values[-1] == practice.search(":latest").match_count


def test_a_series_follows_the_history(practice: PracticeBackend) -> None:
    """TODOs were added over the year: the series starts lower than it ends and never dips."""
    values = insight_series(practice, "TODO").values
    assert values[0] < values[-1]
    assert list(values) == sorted(values)


def test_forks_count_only_when_the_query_asks_for_them(practice: PracticeBackend) -> None:
    assert set(insight_series(practice, "repo:mlutils import").values) == {0}
    with_forks = insight_series(practice, "repo:mlutils fork:yes import")
    assert min(with_forks.values) > 0
    assert insight_series(practice, "fork:only import").values == with_forks.values


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type:commit retry", "leave out type:commit"),
        ("repo:billing@main TODO", "leave out repo:...@revision and rev:"),
    ],
)
def test_queries_an_insight_cannot_draw_are_refused(
    practice: PracticeBackend, query: str, message: str
) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        insight_series(practice, query)
