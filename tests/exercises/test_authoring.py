"""`sgkit exercises sync` writes each visible check from its hidden test: the fingerprint of what
the reference does, and the advice for each near miss keyed by what that near miss does."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from kit.errors import ConfigError
from kit.exercises.authoring import sync_notebook
from kit.exercises.sealing import seal_expected
from kit.project import Project
from tests.conftest import sgkit

NOTEBOOK = Path("sourcegraph-101") / "search-basics" / "search-basics.ipynb"


@pytest.fixture
def notebook(project: Project, tmp_path: Path) -> Path:
    copy = tmp_path / "search-basics.ipynb"
    shutil.copy(project.notebooks_dir / NOTEBOOK, copy)
    return copy


def _cell(path: Path, grade_id: str) -> str:
    nb = nbformat.read(path, as_version=4)
    return str(
        next(
            c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
        )
    )


def _edit_cell(path: Path, grade_id: str, old: str, new: str) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    assert old in cell.source, cell.source
    cell.source = cell.source.replace(old, new)
    nbformat.write(nb, path)


def _visible(path: Path, grade_id: str) -> str:
    return _cell(path, grade_id).split("### BEGIN HIDDEN TESTS")[0]


def test_the_committed_notebook_is_current(notebook: Path) -> None:
    synced = sync_notebook(notebook, write=False)
    assert len(synced) == 6
    assert not [s for s in synced if s.stale or s.wrong_near_misses]


def test_the_visible_check_names_no_reference_and_no_near_miss(notebook: Path) -> None:
    visible = _visible(notebook, "ex2-check")
    assert "lang:python TODO" not in visible  # the reference
    assert "'TODO'" not in visible  # the near miss's query
    assert f'"{seal_expected("files:2:05c4eee57acdf1da")}"' in visible  # sealed: no count shown
    assert "keep only Python files with" not in visible  # the advice, encrypted
    assert '"hint-' in visible
    assert "near_misses={" in _cell(notebook, "ex2-check")


def test_a_changed_reference_gets_its_new_fingerprint(notebook: Path) -> None:
    _edit_cell(
        notebook,
        "ex2-check",
        "grade_query(answer, 'lang:python TODO'",
        "grade_query(answer, 'lang:go TODO'",
    )

    (changed,) = [s for s in sync_notebook(notebook) if s.stale]

    assert changed.grade_id == "ex2-check"
    assert changed.expected.startswith("files:2:")
    assert f'"{seal_expected(changed.expected)}"' in _visible(notebook, "ex2-check")
    assert not [s for s in sync_notebook(notebook, write=False) if s.stale]


def test_a_new_near_miss_becomes_a_hint_keyed_by_what_it_returns(notebook: Path) -> None:
    _edit_cell(
        notebook,
        "ex5-check",
        "near_misses={",
        "near_misses={\n    'lang:python case:yes timeout': 'Capital letters, please.',",
    )
    sync_notebook(notebook)
    visible = _visible(notebook, "ex5-check")
    assert "Capital letters, please." not in visible and "lang:python case:yes" not in visible
    assert visible.count('"hint-') == 2  # the one it had, and the new one, sealed


def test_a_near_miss_that_is_a_right_answer_is_reported(notebook: Path) -> None:
    _edit_cell(notebook, "ex2-check", "    'TODO': ", "    'TODO lang:python': ")
    (synced,) = [s for s in sync_notebook(notebook, write=False) if s.grade_id == "ex2-check"]
    assert synced.wrong_near_misses == ("TODO lang:python",)


def test_a_reference_that_is_not_a_literal_is_an_error(notebook: Path) -> None:
    _edit_cell(
        notebook, "ex1-check", "grade_query(answer, 'TODO'", "grade_query(answer, 'TO' + 'DO'"
    )
    with pytest.raises(ConfigError, match="ex1-check: the reference answer and options must be"):
        sync_notebook(notebook)


def test_the_command_checks_without_writing(notebook: Path) -> None:
    _edit_cell(notebook, "ex1-check", '"fp1.', '"fp1.stale')
    stale = sgkit("exercises", "sync", "--check", str(notebook))
    assert stale.returncode == 1
    assert "ex1-check: the visible check is stale (expects files:6:" in stale.stdout
    fixed = sgkit("exercises", "sync", str(notebook))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert sgkit("exercises", "sync", "--check", str(notebook)).returncode == 0
