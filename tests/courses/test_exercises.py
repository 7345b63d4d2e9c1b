"""Every autograded exercise accepts its solution, rejects the wrong answers learners give, and
says something useful about them; its visible check is in step with its hidden reference."""

from __future__ import annotations

import pytest

from tests.courses.exercises import Exercise, WrongAnswer, published_exercises, wrong_answers

EXERCISES = {e.id: e for e in published_exercises()}
WRONG = wrong_answers()


def test_there_are_autograded_exercises() -> None:
    assert len(EXERCISES) >= 6


def test_every_exercise_has_a_wrong_answer_in_the_tests() -> None:
    covered = {w.exercise for w in WRONG}
    assert sorted(set(EXERCISES) - covered) == []


def test_every_wrong_answer_belongs_to_an_exercise() -> None:
    assert sorted({w.exercise for w in WRONG} - set(EXERCISES)) == []


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_the_solution_passes_the_visible_check_and_the_hidden_tests(exercise: Exercise) -> None:
    namespace = exercise.run(exercise.solution)
    exercise.run(exercise.test, namespace["answer"])


@pytest.mark.parametrize("wrong", WRONG, ids=[f"{w.exercise}:{w.answer!r:.40}" for w in WRONG])
def test_a_wrong_answer_fails_and_the_check_says_why(wrong: WrongAnswer) -> None:
    exercise = EXERCISES[wrong.exercise]
    with pytest.raises(AssertionError) as visible:
        exercise.run(exercise.visible_check, wrong.answer)
    assert wrong.says in str(visible.value)
    with pytest.raises(AssertionError):
        exercise.run(exercise.test, wrong.answer)
