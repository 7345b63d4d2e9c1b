"""`before:` and `after:` values are read as Sourcegraph reads them, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kit.errors import QuerySyntaxError
from kit.search.git_dates import parse_git_date, time_ago

MIDNIGHT = datetime(1996, 6, 28, tzinfo=UTC)
"""The `now` of Sourcegraph's own table (internal/search/query/date_format_test.go)."""
AFTERNOON = datetime(2026, 9, 10, 15, 42, 7, tzinfo=UTC)
"""A Thursday afternoon, to see which relative dates round down to midnight."""


def utc(year: int, month: int, day: int, *clock: int) -> datetime:
    return datetime(year, month, day, *clock, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020.06.28", utc(2020, 6, 28)),
        ("6/28/2020", utc(2020, 6, 28)),
        ("06/28/2020", utc(2020, 6, 28)),
        ("28.06.2020", utc(2020, 6, 28)),
        ("01.02.2020", utc(2020, 2, 1)),
        ("Thu, 07 Apr 2005 22:13:13 +0200", utc(2005, 4, 7, 20, 13, 13)),
        ("2005-04-07", utc(2005, 4, 7)),
        ("2005-04-07T22:13:13", utc(2005, 4, 7, 22, 13, 13)),
        ("2005-04-07T22:13:13+07:00", utc(2005, 4, 7, 15, 13, 13)),
        ("2005-04-07 22:13:13", utc(2005, 4, 7, 22, 13, 13)),
        ("2005-04-07 22:13:13+07:00", utc(2005, 4, 7, 15, 13, 13)),
        ("yesterday", utc(1996, 6, 27)),
        ("5 days ago", utc(1996, 6, 23)),
        ("20 minutes ago", utc(1996, 6, 27, 23, 40)),
        ("2 weeks ago", utc(1996, 6, 14)),
        ("3:00", utc(1996, 6, 28, 3)),
        ("3pm", utc(1996, 6, 28, 15)),
        ("1632782809 +0100", utc(2021, 9, 27, 21, 46, 49)),
        ("1632782809 -0100", utc(2021, 9, 27, 23, 46, 49)),
        ("1632782809", utc(2021, 9, 27, 22, 46, 49)),
        ("november 1 2019", utc(2019, 11, 1)),
        ("1 november 2019", utc(2019, 11, 1)),
    ],
)
def test_every_example_of_sourcegraphs_own_table_parses_the_same(
    text: str, expected: datetime
) -> None:
    assert parse_git_date(text, MIDNIGHT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-07T10:00:00Z", utc(2025, 4, 7, 10)),
        ("2025-04-07T10:00:00.250Z", datetime(2025, 4, 7, 10, 0, 0, 250000, tzinfo=UTC)),
        ("  2025-04-07  ", utc(2025, 4, 7)),
        ("Apr 7, 2025", utc(2025, 4, 7)),
        ("7 April 2025", utc(2025, 4, 7)),
        ("20 minutes ago", utc(2026, 9, 10, 15, 22, 7)),
        ("6 hours ago", utc(2026, 9, 10, 9, 42, 7)),
        ("3 days ago", utc(2026, 9, 7)),
        ("three days ago", utc(2026, 9, 7)),
        ("3 DAYS AGO", utc(2026, 9, 7)),
        ("1 week ago", utc(2026, 9, 3)),
        ("a week ago", utc(2026, 9, 3)),
        ("last week", utc(2026, 9, 3)),
        ("2 months ago", utc(2026, 7, 10)),
        ("last month", utc(2026, 8, 10)),
        ("2 years ago", utc(2024, 9, 10)),
        ("last year", utc(2025, 1, 1)),
        ("today", utc(2026, 9, 10)),
        ("yesterday", utc(2026, 9, 9)),
        ("yesterday at 10am", utc(2026, 9, 9, 10)),
        ("last monday", utc(2026, 9, 7)),
        ("last thursday", utc(2026, 9, 3)),
        ("last january", utc(2026, 1, 1)),
        ("last september", utc(2025, 9, 1)),
        ("2 days from now", utc(2026, 9, 12)),
    ],
)
def test_relative_dates_count_back_from_now_and_whole_days_start_at_midnight(
    text: str, expected: datetime
) -> None:
    assert parse_git_date(text, AFTERNOON) == expected


def test_a_month_back_from_the_31st_overflows_as_go_does() -> None:
    assert parse_git_date("1 month ago", utc(2026, 3, 31, 12)) == utc(2026, 3, 3)


def test_dates_with_a_zone_come_back_in_utc() -> None:
    parsed = parse_git_date("2025-04-07T10:00:00-05:00", AFTERNOON)
    assert parsed == utc(2025, 4, 7, 15)
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a date",
        "now",
        "2025-13-01",
        "2025-02-30",
        "sometime",
        "1234",
        "monday",
        "10 pm ago",
    ],
)
def test_values_that_are_not_dates_are_refused_naming_the_value(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match="invalid date format") as raised:
        parse_git_date(text, AFTERNOON)
    assert repr(text) in str(raised.value)


def test_today_at_midnight_is_now_itself_and_refused_as_sourcegraph_does() -> None:
    with pytest.raises(QuerySyntaxError):
        parse_git_date("today", MIDNIGHT)


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (utc(2026, 9, 10, 15, 41, 37), "30 seconds ago"),
        (utc(2026, 9, 10, 15, 41, 0), "about a minute ago"),
        (utc(2026, 9, 10, 13, 42, 7), "2 hours ago"),
        (utc(2026, 9, 9, 16, 0, 0), "one day ago"),
        (utc(2026, 9, 1, 12), "9 days ago"),
        (utc(2026, 9, 1), "10 days ago"),
        (utc(2026, 7, 1), "2 months ago"),
        (utc(2025, 9, 1), "one year ago"),
        (utc(2023, 9, 1), "3 years ago"),
    ],
)
def test_ages_read_as_sourcegraphs_commit_results_say_them(then: datetime, expected: str) -> None:
    assert time_ago(then, AFTERNOON) == expected
