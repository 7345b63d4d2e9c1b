"""release/ is exactly what nbgrader generates from notebooks/ now, and holds no solution."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from kit.courses import Catalog
from kit.grading import CourseGrading, course_layout
from kit.project import Project

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
TRIVIAL = re.compile(r"[()\[\]{},]*|answer,")


def released_notebooks(project: Project) -> list[Path]:
    """The committed learner notebooks (JupyterLab's git-ignored checkpoints left out)."""
    found = project.release_dir.rglob("*.ipynb")
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def split_regions(source_notebook: Path) -> tuple[set[str], str]:
    """The lines inside the solution and hidden-test regions of an instructor notebook that say
    something (not blank, not only brackets and commas, not the bare `answer` argument), and
    the text of everything outside those regions (what the instructor shows on purpose)."""
    hidden: set[str] = set()
    shown: list[str] = []
    for cell in nbformat.read(source_notebook, as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            if any(marker in line for marker in MARKERS):
                inside = "BEGIN" in line
            elif not inside:
                shown.append(line)
            elif not TRIVIAL.fullmatch(line.strip()):
                hidden.add(line.strip())
    return hidden, "\n".join(shown)


def test_every_assignment_is_released(project: Project, catalog: Catalog) -> None:
    expected = {
        project.release_dir / c.id / a.id / f"{nb}.ipynb"
        for c in catalog.published_courses
        for a in c.assignments
        for nb in a.notebooks
    }
    assert set(released_notebooks(project)) == expected


def test_released_notebooks_hold_no_solution_or_hidden_test(project: Project) -> None:
    for released in released_notebooks(project):
        text = released.read_text()
        assert not [m for m in MARKERS if m in text], released
        source = project.notebooks_dir / released.relative_to(project.release_dir)
        sources = "\n".join(c.source for c in nbformat.read(released, as_version=4).cells)
        hidden, shown = split_regions(source)
        # A hidden line the instructor also shows on purpose (a YAML key of a worked example's
        # spec, say) is no leak; any other hidden line in the release is.
        leaked = {line for line in hidden if line in sources and line not in shown}
        assert not leaked, f"{released} contains {leaked}"


@pytest.mark.slow
def test_release_is_what_nbgrader_generates_now(
    project: Project, catalog: Catalog, tmp_path: Path
) -> None:
    for course in catalog.published_courses:
        layout = course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=tmp_path / "release",
            grading_dir=tmp_path / "grading",
        )
        grading = CourseGrading(layout)
        for assignment in course.assignments:
            for generated in grading.release(assignment.id):
                committed = project.release_dir / generated.relative_to(tmp_path / "release")
                assert json.loads(generated.read_text()) == json.loads(committed.read_text()), (
                    f"{committed} is stale: run `make release` and commit it"
                )
