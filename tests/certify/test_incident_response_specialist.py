"""The Incident Response Specialist path, earned by a simulated learner: every answer of the
course graded by the exercise's own hidden test, then the path decided over the scores and
Sourcegraph 101."""

from __future__ import annotations

import pytest

from kit.certify import evaluate
from kit.courses import Catalog
from tests.certify.simulated_learner import (
    LEARNER,
    course_exercises,
    first_wrong_answers,
    learner_scores,
)

COURSE = "incident-response"
PATH = "incident-response-specialist"


def test_the_course_has_ten_autograded_exercises_or_more() -> None:
    exercises = course_exercises(COURSE)
    assert len(exercises) >= 10
    assert {e.assignment for e in exercises} == {"error-to-change", "blast-radius"}


def test_a_learner_who_answers_every_exercise_right_is_certified(catalog: Catalog) -> None:
    scores = learner_scores(catalog, COURSE, {})
    decision = evaluate(catalog.certification(PATH), LEARNER, catalog.courses, scores)
    assert decision.explain() == "certified"


@pytest.mark.parametrize(
    ("wrong", "explanation"),
    [
        (  # one slip in each assignment still passes at 70%
            ["error-to-change/ex1", "blast-radius/ex1"],
            "certified",
        ),
        (
            ["blast-radius/ex2", "blast-radius/ex5"],
            "missing: incident-response blast-radius: scored 6/12 (50%), needs 70%",
        ),
    ],
)
def test_wrong_answers_cost_their_points(
    catalog: Catalog, wrong: list[str], explanation: str
) -> None:
    first = first_wrong_answers()
    answers = {f"{COURSE}/{w}": first[f"{COURSE}/{w}"] for w in wrong}
    scores = learner_scores(catalog, COURSE, answers)
    decision = evaluate(catalog.certification(PATH), LEARNER, catalog.courses, scores)
    assert decision.explain() == explanation


def test_the_course_alone_is_not_enough(catalog: Catalog) -> None:
    scores = [s for s in learner_scores(catalog, COURSE, {}) if s.course == COURSE]
    decision = evaluate(catalog.certification(PATH), LEARNER, catalog.courses, scores)
    assert not decision.certified
    assert "sourcegraph-101" in decision.explain()
