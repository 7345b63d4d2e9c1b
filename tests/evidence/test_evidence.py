"""One home for "passed": the best submission per assignment counts, every assignment must reach
the pass mark, the course is completed at the latest best submission; and the gradebooks are read
by one reader that never creates a gradebook."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kit.certify.issue import certify
from kit.certify.keys import load_or_create_key
from kit.courses import Assignment, Catalog, Course
from kit.demo.learners import load_demo_script, write_submissions
from kit.evidence import best_scores, completed_courses, course_result, passes
from kit.evidence.gradebooks import read_gradebooks
from kit.grading import CourseGrading
from kit.grading.gradebook_db import prepare_gradebook, sqlite_url
from kit.grading.gradebook_reader import read_gradebook
from kit.grading.grades import AssignmentScore
from kit.project import Project
from kit.records import Records

COURSE = Course(
    id="101",
    title="101",
    audience=("developers",),
    objectives=("search",),
    passing_score=70,
    assignments=(
        Assignment(id="a", title="A", notebooks=("a",), estimated_minutes=45),
        Assignment(id="b", title="B", notebooks=("b",), estimated_minutes=45),
    ),
)


def on(day: int) -> datetime:
    return datetime(2026, 11, day, 9, tzinfo=UTC)


def score(assignment: str, got: float, day: int | None, of: float = 10) -> AssignmentScore:
    return AssignmentScore("ada", "101", assignment, got, of, on(day) if day else None)


@pytest.mark.parametrize(
    ("scores", "pass_mark", "passed", "completed_on"),
    [
        ([score("a", 10, 1), score("b", 10, 2)], None, True, 2),
        ([score("a", 7, 1), score("b", 7, 3)], None, True, 3),  # exactly the pass mark
        ([score("a", 6.9, 1), score("b", 10, 2)], None, False, None),
        ([score("a", 10, 1)], None, False, None),  # b not submitted
        ([], None, False, None),
        ([score("a", 3, 1), score("a", 9, 4), score("b", 8, 2)], None, True, 4),  # retry passes
        ([score("a", 9, 1), score("a", 3, 5), score("b", 8, 2)], None, True, 2),  # worse retry
        ([score("a", 8, 1), score("a", 8, 6), score("b", 8, 2)], None, True, 2),  # tie: first
        ([score("a", 0, 1, of=0), score("b", 10, 2)], None, False, None),  # no points: 0%
        ([score("a", 7.5, 1), score("b", 9, 2)], 80, False, None),  # a requirement's own bar
        ([score("a", 8, 1), score("b", 9, 2)], 80, True, 2),
        ([score("a", 10, None), score("b", 10, None)], None, True, None),  # nothing to date by
        ([score("a", 10, None), score("b", 10, 3)], None, True, 3),
    ],
)
def test_a_course_is_passed_when_every_best_submission_reaches_the_pass_mark(
    scores: list[AssignmentScore], pass_mark: float | None, passed: bool, completed_on: int | None
) -> None:
    result = course_result("ada", COURSE, best_scores(scores), pass_mark=pass_mark)
    assert result.passed is passed
    assert result.completed_at == (on(completed_on) if completed_on else None)
    assert [a for a, _ in result.best] == ["a", "b"]
    if pass_mark is None:  # the course's own pass mark: what plans and the LMS count
        assert completed_courses(scores, [COURSE]) == ([result] if result.completed_at else [])


def test_a_missing_submission_never_passes_and_the_bar_is_inclusive() -> None:
    assert not passes(None, 0.1)
    assert passes(score("a", 7, 1), 70) and not passes(score("a", 6.99, 1), 70)


def test_completed_courses_sums_the_best_points_and_lists_oldest_first() -> None:
    ben = [
        AssignmentScore("ben", "101", "a", 10, 10, on(1)),
        AssignmentScore("ben", "101", "b", 9, 10, on(2)),
    ]
    ada = [score("a", 4, 1), score("a", 8, 3), score("b", 9, 4)]
    done = completed_courses(ada + ben, [COURSE])
    assert [(r.learner, r.score, r.max_score, r.completed_at) for r in done] == [
        ("ben", 19, 20, on(2)),
        ("ada", 17, 20, on(4)),
    ]
    assert completed_courses(ada + ben, [COURSE], learners=["ada", "cleo"]) == done[1:]


def test_certifying_over_courses_without_gradebooks_leaves_no_gradebook_behind(
    project: Project, catalog: Catalog, tmp_path: Path
) -> None:
    grading = tmp_path / "grading"
    with Records(f"sqlite:///{tmp_path / 'records.db'}") as records:
        run = certify(
            project,
            catalog,
            records,
            load_or_create_key(tmp_path / "keys"),
            tmp_path / "out",
            grading_dir=grading,
        )
    assert run.issued == []
    assert catalog.published_courses  # there were courses to look at
    assert not list(tmp_path.rglob("gradebook.db*"))
    assert not grading.exists() or not any(grading.iterdir())


def test_a_gradebook_file_nbgrader_never_filled_reads_as_empty_and_stays_empty(
    tmp_path: Path,
) -> None:
    prepare_gradebook(url := sqlite_url(tmp_path))
    found = read_gradebook(url, "101", ["a", "b"])
    assert found.scores == [] and found.names == {}
    with sqlite3.connect(tmp_path / "gradebook.db") as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == []


@pytest.mark.slow
def test_the_reader_gives_the_autograded_scores_of_a_real_gradebook(
    project: Project, catalog: Catalog, tmp_path: Path
) -> None:
    grading = CourseGrading.for_project(
        project, "sourcegraph-101", grading_dir=tmp_path / "grading", release_dir=tmp_path / "rel"
    )
    (released,) = grading.release("search-basics")
    write_submissions(load_demo_script(), "search-basics", released, tmp_path / "inbox")
    learners = grading.import_submissions("search-basics", tmp_path / "inbox", ["search-basics"])
    assert all(outcome.ok for outcome in grading.autograde("search-basics", learners))

    graded = read_gradebooks(project, catalog, grading_dir=tmp_path / "grading")
    totals = {(s.learner, s.course, s.assignment): (s.score, s.max_score) for s in graded.scores}
    assert totals == {
        ("ada", "sourcegraph-101", "search-basics"): (12, 12),
        ("ben", "sourcegraph-101", "search-basics"): (4, 12),
        ("cleo", "sourcegraph-101", "search-basics"): (0, 12),
        ("dev", "sourcegraph-101", "search-basics"): (10, 12),
    }
    assert all(s.submitted_at is not None and s.submitted_at.tzinfo for s in graded.scores)
    assert graded.names == grading.learner_names()
    assert (
        graded.scores
        == read_gradebooks(
            project, catalog, grading_dir=tmp_path / "grading", courses=["sourcegraph-101"]
        ).scores
    )
    others = [c.id for c in catalog.published_courses if c.id != "sourcegraph-101"]
    for course in others:  # read, never created
        assert not (tmp_path / "grading" / course / "gradebook.db").exists()
