"""Insight and monitor exercises are judged by the series drawn and the commits fired on."""

from __future__ import annotations

import pytest

from kit.exercises import check_insight, check_monitor, grade_insight, grade_monitor
from kit.exercises.insights import reference_series_fingerprint
from kit.exercises.queries import reference_fingerprint
from kit.practice.monitors import MonitorSearcher
from kit.search import PracticeBackend

SINCE = "2026-03-01"
MONITOR = "type:diff select:commit.diff.added :latest"


@pytest.fixture(scope="module")
def latest_series(practice: PracticeBackend) -> str:
    return reference_series_fingerprint(":latest", practice)


def test_any_query_drawing_the_same_series_is_right(
    practice: PracticeBackend, latest_series: str, capsys: pytest.CaptureFixture[str]
) -> None:
    check_insight("/:latest/", latest_series, sourcegraph=practice)
    grade_insight('":latest"', ":latest", sourcegraph=practice)
    assert capsys.readouterr().out.count("✓ Correct: your series draws the expected 12 points") == 2


def test_a_different_series_is_shown_to_the_learner(
    practice: PracticeBackend, latest_series: str
) -> None:
    with pytest.raises(AssertionError, match=r"^Not yet: your series is (\d+, ){11}\d+, which"):
        check_insight("latest", latest_series, sourcegraph=practice)


def test_a_near_miss_series_gets_its_hint(practice: PracticeBackend, latest_series: str) -> None:
    hints = {"latest": "Keep the colon: :latest is the tag, latest alone is any word."}
    with pytest.raises(AssertionError, match="Hint: Keep the colon"):
        check_insight("LATEST", latest_series, hints=hints, sourcegraph=practice)


def test_an_empty_series_says_so(practice: PracticeBackend, latest_series: str) -> None:
    with pytest.raises(AssertionError, match="Every point is 0"):
        check_insight("xyzzy-nothing", latest_series, sourcegraph=practice)


def test_the_hidden_test_names_the_points_that_differ(practice: PracticeBackend) -> None:
    with pytest.raises(AssertionError, match=r"^Your series differs at \d+ of 12 points: 20"):
        grade_insight("latest", ":latest", sourcegraph=practice)


def test_a_commit_query_is_no_insight(practice: PracticeBackend, latest_series: str) -> None:
    with pytest.raises(AssertionError, match=r"rejects this series query: .*leave out type:diff"):
        check_insight("type:diff :latest", latest_series, sourcegraph=practice)


def test_a_monitor_is_judged_by_the_commits_it_fires_on(
    practice: PracticeBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = reference_fingerprint(MONITOR, "commits", MonitorSearcher(practice, SINCE))
    check_monitor('type:diff select:commit.diff.added ":latest"', expected, since=SINCE)
    grade_monitor("type:diff :latest", MONITOR, since=SINCE, sourcegraph=practice)
    assert capsys.readouterr().out.count("✓ Correct") == 2
    with pytest.raises(AssertionError, match="a code monitor's query must search commits"):
        check_monitor(":latest", expected, since=SINCE, sourcegraph=practice)
    with pytest.raises(AssertionError, match=r"returns 1 commit; 3 expected\. Missing: .*\(Track"):
        grade_monitor("type:commit latest image", MONITOR, since=SINCE, sourcegraph=practice)
