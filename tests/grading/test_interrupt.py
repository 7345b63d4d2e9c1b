"""Ctrl-C during autograde: the submissions being graded finish, nothing new starts, one line
says how far it got, no learner is left half-graded, and the same command finishes the batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.demo.learners import answered_notebook, load_demo_script
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from tests.conftest import collect_inbox, sgkit

pytestmark = pytest.mark.slow
LEARNERS = 10


def _collect(project: Project, inbox: Path) -> None:
    released = project.release_dir / "sourcegraph-101" / "search-basics" / "search-basics.ipynb"
    personas = load_demo_script().learners
    for i in range(LEARNERS):
        persona = personas[i % len(personas)]
        nb = answered_notebook(read_notebook(released), persona.answers_for("search-basics"))
        write_notebook(nb, inbox / f"{persona.id}-{i:02d}" / "search-basics.ipynb")
    collect_inbox(project, inbox)


def _null_scores(course_root: Path) -> int:
    with sqlite3.connect(course_root / "gradebook.db") as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM grade JOIN grade_cells ON grade_cells.id = grade.cell_id "
            "WHERE grade.auto_score IS NULL AND grade.manual_score IS NULL"
        ).fetchone()
    return int(count)


@pytest.mark.parametrize("workers", [2, 1])
def test_ctrl_c_stops_cleanly_and_the_same_command_finishes(
    project_copy: Project, tmp_path: Path, workers: int
) -> None:
    _collect(project_copy, tmp_path / "inbox")
    course_root = project_copy.grading_dir / "sourcegraph-101"
    grader = subprocess.Popen(
        [sys.executable, "-m", "kit", "autograde", "search-basics", "--workers", str(workers),
         "--project", str(project_copy.root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while (
        len(list((course_root / "autograded").glob("*/search-basics"))) < 2
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    os.killpg(grader.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
    _, err = grader.communicate(timeout=180)

    assert grader.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("interrupted:")]
    assert len(lines) == 1, err
    graded, total = lines[0].removeprefix("interrupted: ").split(" graded")[0].split(" of ")
    assert int(total) == LEARNERS and 0 < int(graded) < LEARNERS, lines[0]
    assert "run the same command to finish" in lines[0]
    assert _null_scores(course_root) == 0

    again = sgkit("autograde", "search-basics", "--project", str(project_copy.root))
    assert again.returncode == 0, again.stderr
    assert f"{LEARNERS} graded, 0 not graded" in again.stdout
    assert _null_scores(course_root) == 0
