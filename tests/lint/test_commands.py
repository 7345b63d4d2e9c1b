"""`sgkit lint`, registered on a local Typer app: violations printed and exit 1, or one line and 0."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app as sgkit
from tests.lint.course_tree import make_course_tree


@pytest.fixture
def app() -> typer.Typer:
    app = sgkit

    return app


def test_a_clean_catalog_says_how_much_it_checked_and_exits_0(
    app: typer.Typer, tmp_path: Path
) -> None:
    tree = make_course_tree(tmp_path)

    result = CliRunner().invoke(
        app, ["lint", "--courses", str(tree.courses), "--notebooks", str(tree.notebooks)]
    )

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 courses, 1 notebooks: no violations"


def test_violations_are_printed_with_file_cell_and_rule_and_exit_1(
    app: typer.Typer, tmp_path: Path
) -> None:
    tree = make_course_tree(tmp_path)
    nb = tree.read_notebook()
    nb.cells[5].metadata["nbgrader"]["points"] = 0
    tree.write_notebook(nb)

    result = CliRunner().invoke(
        app, ["lint", "--courses", str(tree.courses), "--notebooks", str(tree.notebooks)]
    )

    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        f"{tree.notebook} cell 5 (ex1-check): T307 points: "
        "give this graded cell 'points' greater than 0"
    )
    assert lines[-1] == "1 violation in 1 file(s)"


def test_the_folders_default_to_the_checkout(app: typer.Typer, tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text("")

    result = CliRunner().invoke(app, ["lint", "--project", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "1 courses, 1 notebooks: no violations" in result.output
    assert tree.courses.is_dir()


def test_a_missing_course_folder_is_an_error_not_a_pass(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["lint", "--courses", str(tmp_path / "nope"), "--notebooks", str(tmp_path)]
    )

    assert result.exit_code != 0
    assert "course folder not found" in str(result.exception)
