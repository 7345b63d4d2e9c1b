"""Completions from the gradebook: a learner on the roster completes a course when every one of
its assignments is graded at the course's passing score, on the day of the last submission."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.customers.roster import read_learner_roster
from kit.errors import ConfigError
from kit.grading.grades import AssignmentScore
from kit.plans.completions import course_completions
from kit.plans.tracker import Completion

ROSTER = {"ada": "helix-health", "ben": "tallgrass-logistics"}


def _scores(
    catalog: Catalog, learner: str, percent: float, *, day: int = 10
) -> list[AssignmentScore]:
    course = catalog.course("sourcegraph-101")
    return [
        AssignmentScore(
            learner,
            course.id,
            a.id,
            percent,
            100.0,
            datetime(2026, 11, day + i, 9, tzinfo=UTC),
        )
        for i, a in enumerate(course.assignments)
    ]


def test_every_assignment_at_the_pass_mark_completes_the_course_on_the_last_day(
    catalog: Catalog,
) -> None:
    scores = _scores(catalog, "ada", 70.0) + _scores(catalog, "ben", 69.0)
    assert course_completions(scores, catalog, ROSTER) == [
        Completion("helix-health", "sourcegraph-101", date(2026, 11, 14))
    ]


def test_a_missing_assignment_or_an_unknown_learner_completes_nothing(catalog: Catalog) -> None:
    incomplete = _scores(catalog, "ada", 100.0)[:-1]
    stranger = _scores(catalog, "zoe", 100.0)
    assert course_completions(incomplete + stranger, catalog, ROSTER) == []


def test_the_best_submission_of_an_assignment_counts(catalog: Catalog) -> None:
    first = _scores(catalog, "ada", 40.0)
    retry = _scores(catalog, "ada", 90.0, day=20)
    (done,) = course_completions(first + retry, catalog, ROSTER)
    assert done.day == date(2026, 11, 24)


def test_the_roster_names_each_learner_s_customer(tmp_path: Path) -> None:
    path = tmp_path / "learners.csv"
    path.write_text("learner,customer\nada,helix-health\nben,tallgrass-logistics\n")
    assert read_learner_roster(path) == ROSTER


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("learner\nada\n", "missing column 'customer'"),
        ("learner,customer\nada,\n", "line 2: learner and customer are required"),
        ("learner,customer\nada,a\nada,b\n", "line 3: learner 'ada' is already listed for 'a'"),
    ],
)
def test_a_bad_roster_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "learners.csv"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        read_learner_roster(path)
    assert str(path) in str(caught.value)
