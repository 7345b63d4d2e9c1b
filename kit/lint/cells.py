"""A notebook read once into typed cells, and the exercises (answer cell + test cell) in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.notebook_io import read_notebook

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)


@dataclass(frozen=True)
class Cell:
    """One cell and its nbgrader metadata (absent metadata reads as an ungraded, unlocked cell)."""

    index: int
    kind: str
    source: str
    cell_id: str | None = None
    grade_id: str | None = None
    grade: bool = False
    solution: bool = False
    locked: bool = False
    points: float | None = None

    @property
    def label(self) -> str | None:
        """What a violation calls the cell: its grade id, else its cell id."""
        return self.grade_id or self.cell_id

    @property
    def is_code(self) -> bool:
        """True for a code cell."""
        return self.kind == "code"

    @property
    def is_answer(self) -> bool:
        """An answer cell: an nbgrader solution cell with code."""
        return self.is_code and self.solution

    @property
    def is_test(self) -> bool:
        """An autograder test cell: graded code that is not the learner's answer."""
        return self.is_code and self.grade and not self.solution

    def visible_source(self) -> str:
        """The source without its hidden-test regions: what a learner sees in the release."""
        kept: list[str] = []
        hidden = False
        for line in self.source.splitlines():
            if BEGIN_HIDDEN in line:
                hidden = True
            elif END_HIDDEN in line:
                hidden = False
            elif not hidden:
                kept.append(line)
        return "\n".join(kept)


@dataclass(frozen=True)
class Exercise:
    """An answer cell and the test cell that directly follows it (None when it does not)."""

    answer: Cell
    tests: Cell | None


def cells_of(nb: Any) -> tuple[Cell, ...]:
    """The cells of an nbformat notebook node, as typed Cells."""
    return tuple(_cell(index, cell) for index, cell in enumerate(nb.cells))


def read_cells(path: Path) -> tuple[Cell, ...]:
    """Read a notebook file into Cells (a NotebookError names a missing or unreadable file)."""
    return cells_of(read_notebook(path))


def exercises(cells: tuple[Cell, ...]) -> list[Exercise]:
    """Every answer cell, paired with the next code cell when that is a test cell."""
    found: list[Exercise] = []
    for position, cell in enumerate(cells):
        if not cell.is_answer:
            continue
        following = next((c for c in cells[position + 1 :] if c.is_code), None)
        found.append(Exercise(cell, following if following and following.is_test else None))
    return found


def _cell(index: int, cell: Any) -> Cell:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    points = meta.get("points")
    return Cell(
        index=index,
        kind=str(cell.get("cell_type", "")),
        source=str(cell.get("source", "")),
        cell_id=cell.get("id"),
        grade_id=meta.get("grade_id"),
        grade=bool(meta.get("grade", False)),
        solution=bool(meta.get("solution", False)),
        locked=bool(meta.get("locked", False)),
        points=float(points) if isinstance(points, int | float) else None,
    )
