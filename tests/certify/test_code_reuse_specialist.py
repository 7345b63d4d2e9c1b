"""The Code Reuse Specialist path (Sourcegraph 101 and every Code Reuse assignment), earned by a
simulated learner whose answers are judged by the course's real visible checks: the points each
check awards make the assignment scores the path decides on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.certify import evaluate
from kit.courses import Catalog
from kit.grading.grades import AssignmentScore
from kit.notebook_io import read_notebook
from tests.courses.exercises import Exercise, notebook_exercises, wrong_answers

COURSE = "code-reuse"
PATH = "code-reuse-specialist"
LEARNER = "lee"
NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def _points(path: Path) -> dict[str, float]:
    """Each check cell's points, by exercise number (ex1, ex2, ...)."""
    found: dict[str, float] = {}
    for cell in read_notebook(path).cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade"):
            found[str(grading["grade_id"]).removesuffix("-check")] = float(grading["points"])
    return found


def _earned(exercise: Exercise, answer: object) -> bool:
    """Whether the exercise's visible check accepts `answer`."""
    try:
        exercise.run(exercise.visible_check, answer)
    except AssertionError:
        return False
    return True


def _scores(catalog: Catalog, wrong_in: frozenset[str]) -> list[AssignmentScore]:
    """The learner's Code Reuse scores: the solution everywhere but in the exercises named in
    `wrong_in`, where the learner gives the first wrong answer of the course's tests."""
    first_wrong = {}
    for wrong in wrong_answers():
        first_wrong.setdefault(wrong.exercise, wrong.answer)
    scores = []
    for assignment in catalog.course(COURSE).assignments:
        (name,) = assignment.notebooks
        path = NOTEBOOKS / COURSE / assignment.id / f"{name}.ipynb"
        points = _points(path)
        got = 0.0
        for exercise in notebook_exercises(COURSE, assignment.id, path):
            answer = (
                first_wrong[exercise.id]
                if exercise.id in wrong_in
                else exercise.run(exercise.solution)["answer"]
            )
            got += points[exercise.number] if _earned(exercise, answer) else 0
        scores.append(AssignmentScore(LEARNER, COURSE, assignment.id, got, sum(points.values())))
    return scores


def _passed_101(catalog: Catalog) -> list[AssignmentScore]:
    return [
        AssignmentScore(LEARNER, "sourcegraph-101", a.id, 9, 10)
        for a in catalog.course("sourcegraph-101").assignments
    ]


def _decide(catalog: Catalog, scores: list[AssignmentScore]) -> str:
    decision = evaluate(
        catalog.certification(PATH), LEARNER, catalog.courses, scores, rubrics=catalog.rubrics
    )
    return decision.explain()


def test_the_path_is_offered_and_requires_101_and_the_course(catalog: Catalog) -> None:
    path = catalog.certification(PATH)
    assert catalog.offered(path)
    assert [r.course for r in path.requires] == ["sourcegraph-101", COURSE]


@pytest.mark.parametrize(
    ("wrong_in", "with_101", "explanation"),
    [
        (frozenset(), True, "certified"),
        # one missed exercise of four (2 of 11 points) still passes the 70% mark
        (frozenset({"code-reuse/library-consumers/ex1"}), True, "certified"),
        (
            frozenset(),
            False,
            "missing: sourcegraph-101 search-basics: not submitted, needs 70%",
        ),
        (
            frozenset(
                {"code-reuse/adoption-and-upgrades/ex3", "code-reuse/adoption-and-upgrades/ex4"}
            ),
            True,
            "missing: code-reuse adoption-and-upgrades: scored 4/9 (44%), needs 70%",
        ),
    ],
)
def test_a_simulated_learner_earns_the_path_only_with_both_courses_passed(
    catalog: Catalog, wrong_in: frozenset[str], with_101: bool, explanation: str
) -> None:
    scores = _scores(catalog, wrong_in) + (_passed_101(catalog) if with_101 else [])
    assert _decide(catalog, scores).startswith(explanation)
