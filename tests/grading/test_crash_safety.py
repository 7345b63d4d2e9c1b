"""A grader killed with `kill -9` mid-batch loses nothing: running again grades everyone once."""

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
EXPECTED = {"ada": 12, "ben": 4, "cleo": 0, "dev": 10}


def test_kill_9_then_rerun_grades_every_submission_exactly_once(
    project_copy: Project, tmp_path: Path
) -> None:
    released = (
        project_copy.release_dir / "sourcegraph-101" / "search-basics" / "search-basics.ipynb"
    )
    personas = load_demo_script().learners
    for i in range(12):
        persona = personas[i % len(personas)]
        nb = answered_notebook(read_notebook(released), persona.answers_for("search-basics"))
        write_notebook(nb, tmp_path / "inbox" / f"{persona.id}-{i:02d}" / "search-basics.ipynb")
    root = str(project_copy.root)
    collect_inbox(project_copy, tmp_path / "inbox")

    course_root = project_copy.grading_dir / "sourcegraph-101"
    grader = subprocess.Popen(
        [sys.executable, "-m", "kit", "autograde", "search-basics", "--workers", "2", "--project", root],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while (
        not list((course_root / "autograded").glob("*/search-basics"))
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    os.killpg(grader.pid, signal.SIGKILL)  # the grader and its workers, mid-batch
    grader.wait()

    again = sgkit("autograde", "search-basics", "--project", root)
    assert again.returncode == 0, again.stderr
    assert "12 graded, 0 not graded" in again.stdout

    with sqlite3.connect(course_root / "gradebook.db") as db:
        rows = db.execute(
            "SELECT student.id, COUNT(DISTINCT submitted_assignment.id), "
            "SUM(COALESCE(grade.manual_score, grade.auto_score)) "
            "FROM submitted_assignment JOIN student ON student.id = submitted_assignment.student_id "
            "JOIN submitted_notebook ON submitted_notebook.assignment_id = submitted_assignment.id "
            "JOIN grade ON grade.notebook_id = submitted_notebook.id GROUP BY student.id"
        ).fetchall()
    assert len(rows) == 12
    for learner, submissions, total in rows:
        assert submissions == 1, learner
        assert total == EXPECTED[learner.split("-")[0]], learner
