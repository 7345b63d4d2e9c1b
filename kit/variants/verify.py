"""Prove a variant grades like the standard course before it is released, on the grader's own path.

For one notebook of one customer: the grade ids and points equal the standard release's; then the
solution version (the variant with the instructor's answers from `notebooks/`) and the blank
variant are graded as `kit.grading.trusted.TrustedExecute` grades a submission: each answer read
as data (a literal as written, else the cells run in the sandbox), and each of the instructor's
tests run over it by this worker's sandboxed judge. The solution must score full marks and the
blank copy 0. No kernel starts and no gradebook is written, so a proof takes about a second; the
judge runs with the grader's limits, and a failure names the notebook, the cell and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import GradingError
from kit.notebook_io import copy_notebook

if TYPE_CHECKING:
    from kit.grading.trusted import GradingPlan

_SOLUTION_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")


@dataclass(frozen=True)
class VariantCheck:
    """What the proof found for one variant notebook."""

    notebook: str
    max_score: float
    solution_score: float
    blank_score: float

    @property
    def ok(self) -> bool:
        """Full marks for the solution, none for the blank copy."""
        return self.solution_score == self.max_score > 0 and self.blank_score == 0


def graded_cells(nb: Any) -> dict[str, tuple[str, float | None, bool]]:
    """grade id -> (cell type, points, solution?) of every nbgrader cell."""
    out: dict[str, tuple[str, float | None, bool]] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta and meta.get("grade_id"):
            points = meta.get("points") if meta.get("grade") else None
            out[meta["grade_id"]] = (cell.cell_type, points, bool(meta.get("solution")))
    return out


def check_same_grading(variant: Any, standard: Any, where: str | Path) -> None:
    """A GradingError unless the variant has the standard notebook's grade ids and points."""
    got, want = graded_cells(variant), graded_cells(standard)
    if got != want:
        changed = sorted(set(got.items()) ^ set(want.items()))
        raise GradingError(
            f"grade cells differ from the standard release ({changed[0][0]!r} first); "
            "variants must keep nbgrader ids and points",
            where=where,
        )


def solution_version(variant: Any, source: Any) -> Any:
    """The variant with each solution cell's answer taken from the instructor notebook."""
    answers = {
        meta["grade_id"]: "\n".join(
            line for line in cell.source.splitlines() if not _SOLUTION_MARKER.match(line)
        )
        for cell in source.cells
        if (meta := cell.get("metadata", {}).get("nbgrader", {})).get("solution")
    }
    out = copy_notebook(variant)
    for cell in out.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return out


@dataclass(frozen=True)
class _Graded:
    score: float
    failed: list[tuple[str, str]]
    """(grade id, why) of each test that did not pass, and of each answer that gave no data."""


def _grade(nb: Any, plan: GradingPlan, points: dict[str, float]) -> _Graded:
    """Score `nb` as the autograder would, with the instructor notebook's plan and points."""
    from kit.grading.judging import EXERCISE_SECONDS, practice_judge
    from kit.grading.trusted import (
        Unanswerable,
        extract_answers,
        judge_steps,
        verdict_outputs,
    )
    from kit.sandbox import SandboxLimits

    answers = extract_answers(nb, plan, SandboxLimits())
    failed = [(gid, a.reason) for gid, a in answers.items() if isinstance(a, Unanswerable)]
    steps = judge_steps(nb, plan, answers)
    outcomes = practice_judge().run(steps, step_seconds=EXERCISE_SECONDS)
    score = 0.0
    for step, outcome in zip(steps, outcomes, strict=True):
        if step.kind != "test":
            continue
        errors = [o for o in verdict_outputs(outcome) if o.output_type == "error"]
        if errors:
            failed.append((step.name, f"{errors[0].ename}: {errors[0].evalue}"))
        else:
            score += float(points.get(step.name, 0.0))
    return _Graded(score, failed)


def check_variant(variant: Any, *, source: Any, standard: Any, where: str) -> VariantCheck:
    """Grade the variant's solution version and its blank copy on the grader's path; a
    GradingError naming the cell unless they score full marks and 0."""
    from kit.grading.trusted import plan_from_notebook

    check_same_grading(variant, standard, where)
    max_score = sum(p or 0.0 for kind, p, _ in graded_cells(standard).values() if kind == "code")
    plan = plan_from_notebook(source)
    points = {gid: p or 0.0 for gid, (kind, p, _) in graded_cells(source).items() if kind == "code"}
    solution = _grade(solution_version(variant, source), plan, points)
    if solution.failed:
        grade_id, why = solution.failed[0]
        raise GradingError(
            f"cell {grade_id!r}: the solution version fails it ({why}); the variant would grade "
            "a correct answer wrong",
            where=where,
        )
    blank = _grade(variant, plan, points)
    result = VariantCheck(where, max_score, solution.score, blank.score)
    if not result.ok:
        raise GradingError(
            f"the solution version scores {result.solution_score:g}/{result.max_score:g} and the "
            f"blank copy {result.blank_score:g}; expected full marks and 0",
            where=where,
        )
    return result
