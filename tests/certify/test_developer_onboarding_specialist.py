"""The Developer Onboarding Specialist path, earned by a simulated learner: every answer of the
course graded by the exercise's own hidden test, the scores added up per assignment as the
gradebook does, then the path decided over them and Sourcegraph 101."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from kit.certify import evaluate
from kit.courses import Catalog
from kit.grading.grades import AssignmentScore, ExerciseScore, assignment_scores
from kit.notebook_io import read_notebook
from tests.courses.exercises import CHECKOUT, Exercise, published_exercises, wrong_answers

COURSE = "developer-onboarding"
PATH = "developer-onboarding-specialist"
LEARNER = "kim"
EXERCISES = [e for e in published_exercises() if e.course == COURSE]
FIRST_WRONG = {w.exercise: w.answer for w in reversed(wrong_answers())}


def points(exercise: Exercise) -> float:
    """The points of the exercise's test cell, as nbgrader's gradebook records them."""
    path = CHECKOUT / "notebooks" / COURSE / exercise.assignment / f"{exercise.assignment}.ipynb"
    for cell in read_notebook(path).cells:
        grade = cell.metadata.get("nbgrader", {})
        if grade.get("grade_id") == f"{exercise.number}-check":
            return float(grade["points"])
    raise AssertionError(f"no test cell for {exercise.id}")


def graded(exercise: Exercise, answer: object) -> float:
    """The points the hidden test gives `answer`: all of them, or none."""
    try:
        exercise.run(exercise.test, answer)
    except AssertionError:
        return 0
    return points(exercise)


def learner_scores(catalog: Catalog, answers: Mapping[str, object]) -> list[AssignmentScore]:
    """Sourcegraph 101 passed, and the course answered with the solution, except `answers`."""
    cells = []
    for exercise in EXERCISES:
        answer = answers.get(exercise.id, exercise.run(exercise.solution)["answer"])
        cells.append(
            ExerciseScore(
                LEARNER,
                COURSE,
                exercise.assignment,
                exercise.number,
                graded(exercise, answer),
                points(exercise),
            )
        )
    foundations = [
        AssignmentScore(LEARNER, "sourcegraph-101", a.id, 9, 10)
        for a in catalog.course("sourcegraph-101").assignments
    ]
    return foundations + assignment_scores(cells)


def test_the_course_has_ten_autograded_exercises_or_more() -> None:
    assert len(EXERCISES) >= 10
    assert {e.assignment for e in EXERCISES} == {"find-your-way", "people-and-history"}


def test_a_learner_who_answers_every_exercise_right_is_certified(catalog: Catalog) -> None:
    decision = evaluate(
        catalog.certification(PATH), LEARNER, catalog.courses, learner_scores(catalog, {})
    )
    assert decision.explain() == "certified"


@pytest.mark.parametrize(
    ("wrong", "explanation"),
    [
        (  # one slip in each assignment still passes at 70%
            ["find-your-way/ex1", "people-and-history/ex2"],
            "certified",
        ),
        (
            ["people-and-history/ex5", "people-and-history/ex6"],
            "missing: developer-onboarding people-and-history: scored 8/14 (57%), needs 70%",
        ),
    ],
)
def test_wrong_answers_cost_their_points(
    catalog: Catalog, wrong: list[str], explanation: str
) -> None:
    answers = {f"{COURSE}/{w}": FIRST_WRONG[f"{COURSE}/{w}"] for w in wrong}
    decision = evaluate(
        catalog.certification(PATH), LEARNER, catalog.courses, learner_scores(catalog, answers)
    )
    assert decision.explain() == explanation


def test_the_course_alone_is_not_enough(catalog: Catalog) -> None:
    scores = [s for s in learner_scores(catalog, {}) if s.course == COURSE]
    decision = evaluate(catalog.certification(PATH), LEARNER, catalog.courses, scores)
    assert not decision.certified
    assert "sourcegraph-101" in decision.explain()
