"""Prove a variant grades like the standard course before it is released.

For one notebook of one customer: the grade ids and points equal the standard release's; the
solution version (the variant with the instructor's answers from `notebooks/`) runs top to bottom
in a kernel through papermill; and nbgrader, with the kit's grading steps and a gradebook made
from the *standard* instructor notebook, scores that solution version full marks and the blank
variant 0. A scratch course folder holds it all and is deleted afterwards.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import GradingError
from kit.notebook_io import copy_notebook, read_notebook, write_notebook

SOLUTION_LEARNER = "variant-solution"
BLANK_LEARNER = "variant-blank"
_SOLUTION_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")


@dataclass(frozen=True)
class VariantCheck:
    """What the check found for one variant notebook."""

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


def execute_notebook(nb: Any, folder: Path, name: str) -> None:
    """Run `nb` top to bottom in a kernel with papermill; a GradingError names the failing cell."""
    import papermill  # type: ignore[import-untyped]

    source = write_notebook(nb, folder / f"{name}.input.ipynb")
    try:
        papermill.execute_notebook(
            str(source),
            str(folder / f"{name}.output.ipynb"),
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            cwd=str(folder),
            progress_bar=False,
            log_output=False,
        )
    except papermill.PapermillExecutionError as exc:
        raise GradingError(
            f"the solution version fails in cell {exc.cell_index}: {exc.ename}: {exc.evalue}",
            where=name,
        ) from None


def check_variant(
    variant: Any,
    *,
    course_id: str,
    assignment_id: str,
    notebook: str,
    source_assignment: Path,
    standard_release: Path,
) -> VariantCheck:
    """Execute the variant's solution version and autograde it and the blank variant."""
    from kit.grading import CourseGrading, course_layout

    where = f"{course_id}/{assignment_id}/{notebook}"
    source = read_notebook(source_assignment / f"{notebook}.ipynb")
    check_same_grading(variant, read_notebook(standard_release / f"{notebook}.ipynb"), where)
    solution = solution_version(variant, source)
    with tempfile.TemporaryDirectory(prefix="sgkit-variant-check-") as scratch:
        root = Path(scratch)
        shutil.copytree(source_assignment, root / "notebooks" / course_id / assignment_id)
        grading = CourseGrading(
            course_layout(
                course_id,
                notebooks_dir=root / "notebooks",
                release_dir=root / "release",
                grading_dir=root / "grading",
            )
        )  # before the kernel starts: it puts this environment's python first on PATH
        execute_notebook(solution, root, notebook)
        grading.release(assignment_id)
        inbox = root / "inbox"
        write_notebook(solution, inbox / SOLUTION_LEARNER / f"{notebook}.ipynb")
        write_notebook(variant, inbox / BLANK_LEARNER / f"{notebook}.ipynb")
        grading.import_submissions(assignment_id, inbox, [notebook])
        for outcome in grading.autograde(assignment_id, [SOLUTION_LEARNER, BLANK_LEARNER]):
            if not outcome.ok:
                raise GradingError(f"nbgrader could not grade it: {outcome.message}", where=where)
        totals: dict[str, list[float]] = {}
        for score in grading.scores([assignment_id]):
            got = totals.setdefault(score.learner, [0.0, 0.0])
            got[0] += score.score
            got[1] += score.max_score
    result = VariantCheck(
        notebook=where,
        max_score=totals[SOLUTION_LEARNER][1],
        solution_score=totals[SOLUTION_LEARNER][0],
        blank_score=totals[BLANK_LEARNER][0],
    )
    if not result.ok:
        raise GradingError(
            f"the solution version scores {result.solution_score:g}/{result.max_score:g} and the "
            f"blank copy {result.blank_score:g}; expected full marks and 0",
            where=where,
        )
    return result
