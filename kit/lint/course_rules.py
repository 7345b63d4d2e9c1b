"""The template's rules for a course as a whole: its YAML, its files, its grade ids, its release."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kit.courses import Assignment, Course
from kit.errors import NotebookError
from kit.lint.cells import MARKERS, Cell, read_cells
from kit.lint.violations import Violation


def assignment_notebooks(course: Course, root: Path) -> list[tuple[Assignment, Path]]:
    """Each assignment notebook of `course` under `root` (the notebooks or the release folder)."""
    return [
        (assignment, root / course.id / assignment.id / f"{name}.ipynb")
        for assignment in course.assignments
        for name in assignment.notebooks
    ]


def prerequisites(course: Course, course_file: Path) -> Iterator[Violation]:
    """T102: the course names its prerequisites."""
    if not course.prerequisites:
        yield Violation(
            course_file,
            None,
            "T102",
            "list what a learner needs first (write '- None' if nothing)",
            field="prerequisites",
        )


def undeclared_notebooks(course: Course, notebooks_dir: Path) -> Iterator[Violation]:
    """T104: no notebook in the course's folder is left out of its assignments."""
    declared = {path for _, path in assignment_notebooks(course, notebooks_dir)}
    for path in sorted((notebooks_dir / course.id).rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts and path not in declared:
            yield Violation(
                path,
                None,
                "T104",
                f"declare it in an assignment's 'notebooks' in courses/{course.id}.yaml, or move it",
            )


def unique_grade_ids(path: Path, cells: tuple[Cell, ...]) -> Iterator[Violation]:
    """T309: no grade id is used twice in a notebook (nbgrader's gradebook keys a graded cell
    on its grade id, notebook and assignment)."""
    first_use: dict[str, Cell] = {}
    for cell in cells:
        if cell.grade_id is None:
            continue
        earlier = first_use.setdefault(cell.grade_id, cell)
        if earlier is not cell:
            yield Violation(
                path,
                cell.index,
                "T309",
                f"grade id also used by cell {earlier.index}: rename one",
                cell_id=cell.grade_id,
            )


def release_clean(released: Path) -> Iterator[Violation]:
    """T501 and T502: the released notebook exists and shows no solution or hidden test."""
    try:
        cells = read_cells(released)
    except NotebookError as exc:
        yield Violation(released, None, "T501", f"{exc.message}: run `sgkit release --all`")
        return
    for cell in cells:
        leaked = [marker for marker in MARKERS if marker.removeprefix("### ") in cell.source]
        if leaked:
            yield Violation(
                released,
                cell.index,
                "T502",
                f"holds '{leaked[0]}': regenerate it with `sgkit release`, never edit release/",
                cell_id=cell.label,
            )
