"""Learners break notebooks; grading does not break: each is graded or reported, the batch goes on."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kit.demo.learners import answered_notebook, load_demo_script
from kit.grading import CourseGrading
from kit.grading.grades import assignment_scores
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project

pytestmark = pytest.mark.slow


def _cell(nb: Any, grade_id: str) -> Any:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def delete_test_cell(nb: Any) -> None:
    nb.cells.remove(_cell(nb, "ex6-check"))


def delete_answer_cell(nb: Any) -> None:
    nb.cells.remove(_cell(nb, "ex6-answer"))


def duplicate_answer_cell(nb: Any) -> None:
    index = nb.cells.index(_cell(nb, "ex1-answer"))
    copied = copy.deepcopy(nb.cells[index])
    copied.id = "pasted-copy"  # JupyterLab gives a pasted cell a new id; the grade id stays
    nb.cells.insert(index + 1, copied)


def reorder_exercises(nb: Any) -> None:
    cells = nb.cells
    first = [
        c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("ex1-")
    ]
    for cell in first:
        cells.remove(cell)
    cells.extend(first)


def retype_test_cell(nb: Any) -> None:
    _cell(nb, "ex6-check").cell_type = "markdown"
    _cell(nb, "ex6-check").pop("outputs", None)
    _cell(nb, "ex6-check").pop("execution_count", None)


def strip_all_metadata(nb: Any) -> None:
    for cell in nb.cells:
        cell.metadata = {}


def old_jupyter_version(nb: Any) -> None:
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.pop("id", None)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}


def delete_setup_cell(nb: Any) -> None:
    nb.cells.remove(_cell(nb, "setup"))


BREAKAGES: dict[str, Callable[[Any], None]] = {
    f.__name__: f
    for f in (
        delete_test_cell, delete_answer_cell, duplicate_answer_cell, reorder_exercises,
        retype_test_cell, strip_all_metadata, old_jupyter_version, delete_setup_cell,
    )
}  # fmt: skip


@pytest.fixture(scope="module")
def outcome(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("broken")
    grading = CourseGrading.for_project(project, "sourcegraph-101", grading_dir=root / "grading",
                                        release_dir=root / "release")  # fmt: skip
    (released,) = grading.release("search-basics")
    ada = next(learner for learner in load_demo_script().learners if learner.id == "ada")
    for name, breakage in {"intact": lambda nb: None, **BREAKAGES}.items():
        nb = answered_notebook(read_notebook(released), ada.answers_for("search-basics"))
        breakage(nb)
        write_notebook(nb, root / "inbox" / name.replace("_", "-") / "search-basics.ipynb")
    learners = grading.import_submissions("search-basics", root / "inbox", ["search-basics"])
    outcomes = {o.learner: o for o in grading.autograde("search-basics", learners)}
    totals = {s.learner: s.score for s in assignment_scores(grading.scores(["search-basics"]))}
    return {"outcomes": outcomes, "totals": totals}


def test_the_intact_notebook_gets_full_marks(outcome: dict[str, Any]) -> None:
    assert outcome["outcomes"]["intact"].ok and outcome["totals"]["intact"] == 12


@pytest.mark.parametrize("breakage", [name.replace("_", "-") for name in BREAKAGES])
def test_a_broken_notebook_is_graded_or_reported_never_over_credited(
    outcome: dict[str, Any], breakage: str
) -> None:
    result = outcome["outcomes"][breakage]
    if result.ok:
        assert outcome["totals"][breakage] <= 12
    else:
        assert result.message, "a refused submission says why"
        assert outcome["totals"].get(breakage, 0) == 0


@pytest.mark.parametrize(
    ("breakage", "total"),
    [
        ("reorder-exercises", 12),  # answers follow their own test, wherever they stand
        ("duplicate-answer-cell", 12),
        ("delete-setup-cell", 12),  # the instructor's setup comes from the gradebook
        ("old-jupyter-version", 12),
        ("delete-answer-cell", 10),  # exercise 6 unanswered
    ],
)
def test_harmless_edits_keep_the_score_they_earned(
    outcome: dict[str, Any], breakage: str, total: float
) -> None:
    assert outcome["outcomes"][breakage].ok, outcome["outcomes"][breakage].message
    assert outcome["totals"][breakage] == total
