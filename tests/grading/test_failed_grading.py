"""A submission that could not be graded tells one story everywhere: "not graded: <reason>" in
autograde's summary, `sgkit status`, the learner's feedback page and certification; never 0%."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.certify.rules import Shortfall
from kit.courses import load_catalog
from kit.demo.learners import answered_notebook, load_demo_script
from kit.evidence.gradebooks import read_gradebooks
from kit.evidence.rules import passes
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from tests.conftest import collect_inbox, sgkit

pytestmark = pytest.mark.slow


@pytest.fixture
def graded(project_copy: Project, tmp_path: Path) -> tuple[Project, str, str]:
    """ada graded, zed's notebook with corrupted nbgrader metadata; autograde's output."""
    released = (
        project_copy.release_dir / "sourcegraph-101" / "search-basics" / "search-basics.ipynb"
    )
    ada = next(p for p in load_demo_script().learners if p.id == "ada")
    for learner in ("ada", "zed"):
        nb = answered_notebook(read_notebook(released), ada.answers_for("search-basics"))
        if learner == "zed":  # a schema nbgrader does not know: its autograde refuses it
            nb.cells[2].metadata["nbgrader"]["schema_version"] = 99
        write_notebook(nb, tmp_path / "inbox" / learner / "search-basics.ipynb")
    root = str(project_copy.root)
    collect_inbox(project_copy, tmp_path / "inbox")
    run = sgkit("autograde", "search-basics", "--project", root)
    return project_copy, run.stdout, run.stderr


def test_autograde_says_not_graded_and_why(graded: tuple[Project, str, str]) -> None:
    _, out, err = graded
    assert "1 graded, 1 not graded" in out, out + err
    assert "zed" in out and "not graded:" in out


def test_the_formgrader_still_lists_it(graded: tuple[Project, str, str]) -> None:
    from nbgrader.api import Gradebook

    project, _, _ = graded
    url = f"sqlite:///{project.grading_dir / 'sourcegraph-101' / 'gradebook.db'}"
    with Gradebook(url, "sourcegraph-101") as gradebook:  # what the formgrader lists
        learners = {s.student.id for s in gradebook.assignment_submissions("search-basics")}
    assert learners == {"ada", "zed"}


def test_status_lists_the_graded_and_the_not_graded(graded: tuple[Project, str, str]) -> None:
    project, _, _ = graded
    shown = sgkit("status", "search-basics", "--project", str(project.root), "--exit-code")
    assert shown.returncode == 1
    lines = {
        line.split()[1]: line
        for line in shown.stdout.splitlines()
        if line.split()[1:2] in (["ada"], ["zed"])
    }
    assert "graded" in lines["ada"] and "12/12" in lines["ada"]
    assert "not graded" in lines["zed"]


def test_the_feedback_page_says_not_graded_not_zero(graded: tuple[Project, str, str]) -> None:
    project, _, _ = graded
    done = sgkit("feedback", "search-basics", "--project", str(project.root))
    assert done.returncode == 0, done.stderr
    page = (
        project.grading_dir
        / "sourcegraph-101"
        / "feedback"
        / "zed"
        / "search-basics"
        / "search-basics.html"
    ).read_text()
    assert "Not graded" in page and "it is not a zero" in page


def test_certification_never_counts_it_as_a_zero(graded: tuple[Project, str, str]) -> None:
    project, _, _ = graded
    catalog = load_catalog(project.courses_dir)
    scores = read_gradebooks(project, catalog).scores
    (zed,) = [s for s in scores if s.learner == "zed" and s.assignment == "search-basics"]
    assert zed.not_graded and not passes(zed, 0)
    shortfall = Shortfall("sourcegraph-101", "search-basics", 70, zed)
    assert shortfall.explain().startswith("sourcegraph-101 search-basics: not graded (")
    assert "0%" not in shortfall.explain() and shortfall.brief() == "search-basics not graded"
    regraded = [s for s in scores if s.learner == "ada"]
    assert regraded and all(s.not_graded is None for s in regraded)
