"""A variant is proved on the grader's own path (answers as data, the instructor's tests in the
sandboxed judge): the solution version scores full marks, the blank copy 0, and a failure names
the notebook and the cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kit.errors import GradingError
from kit.project import Project
from kit.variants.verify import check_variant


def _pair(project: Project, relative: str) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    source = nbformat.read(project.notebooks_dir / relative, as_version=4)
    released = nbformat.read(project.release_dir / relative, as_version=4)
    return source, released


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _first(nb: nbformat.NotebookNode, *, test: bool) -> str:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        wanted = (meta.get("grade") and not meta.get("solution")) if test else meta.get("solution")
        if cell.cell_type == "code" and meta.get("grade_id") and wanted:
            return str(meta["grade_id"])
    raise AssertionError("no such cell")


@pytest.mark.parametrize(
    ("relative", "points"),
    [
        ("sourcegraph-101/search-basics/search-basics.ipynb", 12),
        ("sourcegraph-102/batch-changes/batch-changes.ipynb", 9),
        ("graphql-for-admins/first-queries/first-queries.ipynb", 12),
    ],
)
def test_the_solution_scores_full_marks_and_the_blank_copy_zero(
    project: Project, relative: str, points: int
) -> None:
    source, released = _pair(project, relative)
    proof = check_variant(released, source=source, standard=released, where=relative)
    assert (proof.solution_score, proof.blank_score, proof.max_score) == (points, 0, points)


def test_a_variant_that_would_grade_a_correct_answer_wrong_names_the_cell(
    project: Project,
) -> None:
    relative = "sourcegraph-101/search-basics/search-basics.ipynb"
    source, released = _pair(project, relative)
    answer = _first(source, test=False)
    _cell(source, answer).source = 'answer = "no-such-thing-anywhere-in-the-corpus"'
    with pytest.raises(GradingError) as caught:
        check_variant(released, source=source, standard=released, where=f"acme: {relative}")
    message = str(caught.value)
    assert message.startswith(f"acme: {relative}: cell ")
    assert "the solution version fails it" in message and "AssertionError" in message


def test_a_test_that_passes_a_blank_copy_is_refused(project: Project) -> None:
    relative = "sourcegraph-101/search-basics/search-basics.ipynb"
    source, released = _pair(project, relative)
    _cell(source, _first(source, test=True)).source = "pass  # accepts anything"
    with pytest.raises(GradingError, match=r"blank copy [1-9]\d*; expected full marks and 0"):
        check_variant(released, source=source, standard=released, where=relative)


def test_changed_points_are_refused_before_anything_runs(project: Project) -> None:
    relative = "sourcegraph-101/search-basics/search-basics.ipynb"
    source, released = _pair(project, relative)
    variant = nbformat.from_dict(released)
    _cell(variant, _first(variant, test=True)).metadata.nbgrader.points = 99
    with pytest.raises(GradingError, match="grade cells differ from the standard release"):
        check_variant(variant, source=source, standard=released, where=Path(relative).name)
