"""A simulated learner for certification tests: answers a course's exercises (the solution, or a
given wrong answer), graded by each exercise's own hidden test, scores added up per assignment as
the gradebook does."""

from __future__ import annotations

from collections.abc import Mapping

from kit.courses import Catalog
from kit.grading.grades import AssignmentScore, ExerciseScore, assignment_scores
from kit.notebook_io import read_notebook
from tests.courses.exercises import CHECKOUT, Exercise, published_exercises, wrong_answers

LEARNER = "kim"


def course_exercises(course: str) -> list[Exercise]:
    """Every autograded exercise of a published course."""
    return [e for e in published_exercises() if e.course == course]


def first_wrong_answers() -> dict[str, object]:
    """The first wrong answer listed for each exercise, by exercise id."""
    return {w.exercise: w.answer for w in reversed(wrong_answers())}


def points(exercise: Exercise) -> float:
    """The points of the exercise's test cell, as nbgrader's gradebook records them."""
    folder = CHECKOUT / "notebooks" / exercise.course / exercise.assignment
    for path in sorted(folder.glob("*.ipynb")):
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


def learner_scores(
    catalog: Catalog, course: str, answers: Mapping[str, object]
) -> list[AssignmentScore]:
    """Sourcegraph 101 passed, and `course` answered with the solutions, except `answers`
    (exercise id -> answer)."""
    cells = []
    for exercise in course_exercises(course):
        answer = answers.get(exercise.id, exercise.run(exercise.solution)["answer"])
        cells.append(
            ExerciseScore(
                LEARNER,
                course,
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
