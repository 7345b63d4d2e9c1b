"""Answers are judged in sandboxed judges with a deadline per exercise, never in the grader.

A literal answer is data, but judging it runs a search, a parser or a tool, and a learner can
choose data that keeps any of those busy for minutes. The answer that does scores 0 on that
exercise with "took longer than N s"; the learner's other exercises and other learners are
graded as usual.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kit.demo.learners import answered_notebook, load_demo_script
from kit.grading import CourseGrading
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from kit.sandbox import JudgeSetup, JudgeStep, judge_for
from kit.sandbox.judge import JUDGE_LIMITS

pytestmark = pytest.mark.slow

SLOW_STRUCTURAL = 'answer = "patterntype:structural :[a]:[b]:[c]:[d]:[e]:[f]:[g]:[h]:[i]:[j]:[k] x"'
RIGHT_EX2 = 'answer = "lang:python TODO"'
DEADLINE = 4.0


@pytest.fixture(scope="module")
def graded(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("judge-limits")
    grading = CourseGrading.for_project(
        project,
        "sourcegraph-101",
        grading_dir=root / "grading",
        release_dir=root / "release",
        exercise_seconds=DEADLINE,
    )
    (released,) = grading.release("search-basics")
    ada = next(learner for learner in load_demo_script().learners if learner.id == "ada")
    inbox = root / "inbox"
    write_notebook(
        answered_notebook(read_notebook(released), ada.answers_for("search-basics")),
        inbox / "ada" / "search-basics.ipynb",
    )
    write_notebook(
        answered_notebook(
            read_notebook(released), {"ex1-answer": SLOW_STRUCTURAL, "ex2-answer": RIGHT_EX2}
        ),
        inbox / "slowpoke" / "search-basics.ipynb",
    )
    learners = grading.import_submissions("search-basics", inbox, ["search-basics"])
    started = time.monotonic()
    outcomes = grading.autograde("search-basics", learners)
    elapsed = time.monotonic() - started
    scores: dict[str, dict[str, float]] = {}
    for s in grading.scores(["search-basics"]):
        scores.setdefault(s.learner, {})[s.exercise] = s.score
    autograded = grading.layout.course_root / "autograded" / "slowpoke" / "search-basics"
    return {
        "outcomes": outcomes,
        "scores": scores,
        "elapsed": elapsed,
        "notebook": read_notebook(autograded / "search-basics.ipynb"),
    }


def test_a_slow_answer_scores_zero_with_the_reason(graded: dict[str, object]) -> None:
    scores = graded["scores"]
    assert isinstance(scores, dict)
    assert scores["slowpoke"]["ex1-check"] == 0
    nb = graded["notebook"]
    (check,) = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ex1-check"
    ]
    assert f"took longer than {DEADLINE:g} s" in check.outputs[0]["evalue"]


def test_the_learners_other_exercises_and_other_learners_are_graded(
    graded: dict[str, object],
) -> None:
    scores = graded["scores"]
    assert isinstance(scores, dict)
    assert scores["slowpoke"]["ex2-check"] == 2
    assert all(o.ok for o in graded["outcomes"])  # type: ignore[attr-defined]
    assert sum(scores["ada"].values()) > 0


def test_a_right_answer_is_confirmed_once_in_the_graded_notebook(
    graded: dict[str, object],
) -> None:
    nb = graded["notebook"]
    (check,) = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ex2-check"
    ]
    text = "".join(o.get("text", "") for o in check.outputs)
    assert text.count("✓ Correct") == 1, text  # the visible check and the hidden test agree once


def test_the_grader_waits_about_one_deadline_not_minutes(graded: dict[str, object]) -> None:
    assert graded["elapsed"] < 60


def test_a_judge_that_is_stopped_is_replaced_and_the_request_goes_on(tmp_path: Path) -> None:
    from kit.practice import default_corpus

    judge = judge_for(JudgeSetup(corpus=default_corpus()), JUDGE_LIMITS)
    steps = [
        JudgeStep("setup", "setup", "import os\nbase = 40"),
        JudgeStep("test", "loops", "while True:\n    pass", answer="1"),
        JudgeStep("test", "dies", "os._exit(3)", answer="2"),
        JudgeStep("test", "adds", "assert base + answer == 42, 'wrong'", answer="2"),
        JudgeStep("test", "reads-secrets", "open('/root/.config/sgkit/keys/x')", answer="0"),
    ]
    outcomes = judge.run(steps, step_seconds=2)
    assert outcomes[1].failure == "took longer than 2 s"
    assert outcomes[2].failure is not None and "stopped" in outcomes[2].failure
    assert outcomes[3].failure is None and outcomes[3].outputs == []  # set up again: base = 40
    (error,) = outcomes[4].outputs
    assert error["ename"] in ("FileNotFoundError", "PermissionError")
