"""A grader opens nbgrader's formgrader (the Jupyter server extension, run from `grading/`) and
sees the scores the kit's autograde wrote, and the feedback it generated."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.demo.learners import load_demo_script, write_submissions
from kit.grading import CourseGrading
from kit.project import Project

pytestmark = pytest.mark.slow
TOKEN = "formgrader-test-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {TOKEN}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def graded_checkout(project_copy: Project, tmp_path: Path) -> Project:
    """The demo cohort graded by `sgkit`'s steps into the checkout's own grading/ folder."""
    grading = CourseGrading.for_project(project_copy, "sourcegraph-101")
    (released,) = grading.release("search-basics")
    script = load_demo_script()
    write_submissions(script, "search-basics", released, tmp_path / "inbox")
    learners = grading.import_submissions("search-basics", tmp_path / "inbox", ["search-basics"])
    assert all(o.ok for o in grading.autograde("search-basics", learners))
    grading.feedback("search-basics")
    return project_copy


@pytest.fixture
def formgrader(graded_checkout: Project) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "SGKIT_COURSE": "sourcegraph-101", "JUPYTER_PLATFORM_DIRS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
         f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"],
        cwd=graded_checkout.grading_dir, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (_up(port) and get(port, "/api/status")[0] == 200):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("jupyter server with the formgrader did not start")
            time.sleep(0.5)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _up(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_formgrader_shows_the_kits_scores_and_feedback(formgrader: int) -> None:
    status, body = get(formgrader, "/formgrader/api/submissions/search-basics")
    assert status == 200, body
    submissions: list[dict[str, Any]] = json.loads(body)
    scores = {s["student"]: (s["score"], s["max_score"]) for s in submissions}
    assert scores == {"ada": (12, 12), "ben": (4, 12), "cleo": (0, 12), "dev": (10, 12)}
    assert all(s["autograded"] for s in submissions)
    assert not any(s["needs_manual_grade"] for s in submissions)

    status, page = get(formgrader, "/formgrader/gradebook/search-basics/search-basics")
    assert status == 200 and "search-basics" in page

    # The feedback the kit generated is where the formgrader's "release feedback" takes it from,
    # and the grader can open it from the same server.
    for learner in scores:
        status, feedback = get(
            formgrader,
            f"/files/sourcegraph-101/feedback/{learner}/search-basics/search-basics.html",
        )
        assert status == 200, learner
        assert "grade_query" not in feedback and "HIDDEN TESTS" not in feedback
