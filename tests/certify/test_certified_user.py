"""Sourcegraph Certified User: every assignment of Sourcegraph 101 passed at the course's pass mark."""

from __future__ import annotations

import pytest

from kit.certify import evaluate, evaluate_all
from kit.courses import Assignment, CertificationPath, Course, Requirement
from kit.grading.grades import AssignmentScore, ExerciseScore, assignment_scores

COURSE = Course(
    id="sourcegraph-101",
    title="Sourcegraph 101",
    audience=("developers",),
    objectives=("search",),
    passing_score=70,
    assignments=(
        Assignment(
            id="search-basics", title="Search basics", notebooks=("a",), estimated_minutes=45
        ),
        Assignment(id="filters", title="Filters", notebooks=("b",), estimated_minutes=45),
    ),
)
CERTIFIED_USER = CertificationPath(
    id="certified-user",
    title="Sourcegraph Certified User",
    description="All of 101.",
    requires=(Requirement(course="sourcegraph-101"),),
)


def score(assignment: str, got: float, of: float = 10, learner: str = "ada") -> AssignmentScore:
    return AssignmentScore(learner, "sourcegraph-101", assignment, got, of)


@pytest.mark.parametrize(
    ("scores", "certified", "explanation"),
    [
        ([score("search-basics", 10), score("filters", 10)], True, "certified"),
        ([score("search-basics", 7), score("filters", 7)], True, "certified"),  # exactly 70%
        (
            [score("search-basics", 6.9), score("filters", 10)],
            False,
            "missing: sourcegraph-101 search-basics: scored 6.9/10 (69%), needs 70%",
        ),
        (
            [score("search-basics", 10)],
            False,
            "missing: sourcegraph-101 filters: not submitted, needs 70%",
        ),
        (
            [],
            False,
            "missing: sourcegraph-101 search-basics: not submitted, needs 70%; "
            "sourcegraph-101 filters: not submitted, needs 70%",
        ),
        (  # a resubmission that passes counts; the best score wins
            [score("search-basics", 3), score("search-basics", 9), score("filters", 8)],
            True,
            "certified",
        ),
        (  # another learner's scores never count
            [score("search-basics", 10, learner="ben"), score("filters", 10, learner="ben")],
            False,
            "missing: sourcegraph-101 search-basics: not submitted, needs 70%; "
            "sourcegraph-101 filters: not submitted, needs 70%",
        ),
        (
            [score("search-basics", 0, of=0), score("filters", 10)],
            False,
            "missing: sourcegraph-101 search-basics: scored 0/0 (0%), needs 70%",
        ),
    ],
)
def test_certified_user(scores: list[AssignmentScore], certified: bool, explanation: str) -> None:
    decision = evaluate(CERTIFIED_USER, "ada", {COURSE.id: COURSE}, scores)
    assert decision.certified is certified
    assert decision.explain() == explanation


def test_a_path_can_ask_for_a_higher_bar_than_the_course() -> None:
    trainer_bar = CertificationPath(
        id="bar",
        title="Higher bar",
        description="101 at 90%",
        requires=(Requirement(course="sourcegraph-101", min_score=90),),
    )
    scores = [score("search-basics", 8), score("filters", 10)]
    assert evaluate(CERTIFIED_USER, "ada", {COURSE.id: COURSE}, scores).certified
    decision = evaluate(trainer_bar, "ada", {COURSE.id: COURSE}, scores)
    assert (
        decision.explain() == "missing: sourcegraph-101 search-basics: scored 8/10 (80%), needs 90%"
    )


def test_every_learner_with_a_score_gets_a_decision() -> None:
    scores = [score("search-basics", 10, learner=name) for name in ("cleo", "ada")]
    assert [d.learner for d in evaluate_all(CERTIFIED_USER, {COURSE.id: COURSE}, scores)] == [
        "ada",
        "cleo",
    ]


def test_exercise_scores_add_up_per_assignment() -> None:
    cells = [
        ExerciseScore("ada", "sourcegraph-101", "search-basics", "ex1", 2, 2),
        ExerciseScore("ada", "sourcegraph-101", "search-basics", "ex2", 0, 2),
        ExerciseScore("ben", "sourcegraph-101", "search-basics", "ex1", 2, 2),
    ]
    totals = {(s.learner, s.score, s.max_score) for s in assignment_scores(cells)}
    assert totals == {("ada", 2, 4), ("ben", 2, 2)}
