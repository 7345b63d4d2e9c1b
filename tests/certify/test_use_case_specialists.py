"""The use-case Specialist paths (Sourcegraph 101 and every assignment of one use-case course),
earned by a simulated learner whose answers are judged by the course's real visible checks: the
points each check awards make the assignment scores the path decides on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.certify import evaluate
from kit.courses import Catalog
from kit.grading.grades import AssignmentScore
from kit.notebook_io import read_notebook
from tests.courses.exercises import Exercise, notebook_exercises, wrong_answers

LEARNER = "lee"
NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
PATHS = {"code-reuse-specialist": "code-reuse", "code-health-specialist": "code-health"}


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


def _scores(catalog: Catalog, course: str, wrong_in: frozenset[str]) -> list[AssignmentScore]:
    """The learner's scores in `course`: the solution everywhere but in the exercises named in
    `wrong_in`, where the learner gives the first wrong answer of the course's tests."""
    first_wrong: dict[str, object] = {}
    for wrong in wrong_answers():
        first_wrong.setdefault(wrong.exercise, wrong.answer)
    scores = []
    for assignment in catalog.course(course).assignments:
        (name,) = assignment.notebooks
        path = NOTEBOOKS / course / assignment.id / f"{name}.ipynb"
        points = _points(path)
        got = 0.0
        for exercise in notebook_exercises(course, assignment.id, path):
            answer = (
                first_wrong[exercise.id]
                if exercise.id in wrong_in
                else exercise.run(exercise.solution)["answer"]
            )
            got += points[exercise.number] if _earned(exercise, answer) else 0
        scores.append(AssignmentScore(LEARNER, course, assignment.id, got, sum(points.values())))
    return scores


def _passed_101(catalog: Catalog) -> list[AssignmentScore]:
    return [
        AssignmentScore(LEARNER, "sourcegraph-101", a.id, 9, 10)
        for a in catalog.course("sourcegraph-101").assignments
    ]


@pytest.mark.parametrize(("path", "course"), PATHS.items())
def test_each_path_is_offered_and_requires_101_and_its_course(
    catalog: Catalog, path: str, course: str
) -> None:
    certification = catalog.certification(path)
    assert catalog.offered(certification)
    assert [r.course for r in certification.requires] == ["sourcegraph-101", course]


@pytest.mark.parametrize(
    ("path", "wrong_in", "with_101", "explanation"),
    [
        ("code-reuse-specialist", (), True, "certified"),
        # one missed exercise of four (2 of 11 points) still passes the 70% mark
        ("code-reuse-specialist", ("library-consumers/ex1",), True, "certified"),
        (
            "code-reuse-specialist",
            (),
            False,
            "missing: sourcegraph-101 search-basics: not submitted, needs 70%",
        ),
        (
            "code-reuse-specialist",
            ("adoption-and-upgrades/ex3", "adoption-and-upgrades/ex4"),
            True,
            "missing: code-reuse adoption-and-upgrades: scored 4/9 (44%), needs 70%",
        ),
        ("code-health-specialist", (), True, "certified"),
        ("code-health-specialist", ("ownership-and-migrations/ex1",), True, "certified"),
        (
            "code-health-specialist",
            ("debt-and-deprecations/ex2", "debt-and-deprecations/ex4"),
            True,
            "missing: code-health debt-and-deprecations: scored 6/10 (60%), needs 70%",
        ),
    ],
)
def test_a_simulated_learner_earns_a_path_only_with_both_courses_passed(
    catalog: Catalog, path: str, wrong_in: tuple[str, ...], with_101: bool, explanation: str
) -> None:
    course = PATHS[path]
    wrong = frozenset(f"{course}/{exercise}" for exercise in wrong_in)
    scores = _scores(catalog, course, wrong) + (_passed_101(catalog) if with_101 else [])
    decision = evaluate(
        catalog.certification(path), LEARNER, catalog.courses, scores, rubrics=catalog.rubrics
    )
    assert decision.explain().startswith(explanation)
