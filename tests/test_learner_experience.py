"""A learner opens the released notebook in JupyterLab and its checks answer at once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from nbclient import NotebookClient

from kit.demo.learners import answered_notebook, load_demo_script
from kit.notebook_io import read_notebook
from kit.project import Project

pytestmark = pytest.mark.slow
RELEASED = Path("sourcegraph-101") / "search-basics" / "search-basics.ipynb"


def run_as_learner(project: Project, answers: dict[str, str], tmp_path: Path) -> Any:
    nb = answered_notebook(read_notebook(project.release_dir / RELEASED), answers)
    NotebookClient(
        nb, timeout=60, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return nb


def check_outputs(nb: Any) -> dict[str, str]:
    """What each check cell showed the learner: the plain-text form of its verdict panel."""
    shown: dict[str, str] = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-check"):
            panels = [o["data"]["text/plain"] for o in cell.outputs if "data" in o]
            shown[grade_id] = "\n".join(panels).strip()
    return shown


def check_errors(nb: Any) -> dict[str, list[str]]:
    """The traceback lines each failed check cell showed (none for a passed one)."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: [
            line for o in cell.outputs if o["output_type"] == "error" for line in o["traceback"]
        ]
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-check")
    }


@pytest.fixture(autouse=True)
def _kernel_from_this_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def test_right_answers_are_confirmed_at_once(project: Project, tmp_path: Path) -> None:
    ada = next(learner for learner in load_demo_script().learners if learner.id == "ada")
    shown = check_outputs(run_as_learner(project, ada.answers_for("search-basics"), tmp_path))
    assert len(shown) == 6
    assert all(text.startswith("✓ Correct") for text in shown.values()), shown


def test_a_blank_or_wrong_answer_says_what_to_do_without_a_traceback(
    project: Project, tmp_path: Path
) -> None:
    nb = run_as_learner(
        project,
        {"ex2-answer": 'answer = "TODO"', "ex3-answer": 'answer = "lang:go TODO"'},
        tmp_path,
    )
    shown = check_outputs(nb)
    assert shown["ex1-check"] == "○ Not answered yet: Replace the ... with your query in quotes."
    assert shown["ex2-check"].splitlines() == [
        "✗ Not yet: Your query returns 6 files; the exercise expects 2.",
        "  Your answer: TODO",
        "  Hint: That is every file with a TODO; keep only Python files with lang:python.",
    ]
    assert "Hint" not in shown["ex3-check"]  # no near miss of exercise 3 returns this
    errors = check_errors(nb)
    assert errors["ex2-check"] == ["Not yet (see the panel above)"]  # still a failure
    assert not any(
        "Traceback" in line or "kit/" in line for lines in errors.values() for line in lines
    )


def test_a_check_never_judges_an_answer_its_cell_did_not_set(
    project: Project, tmp_path: Path
) -> None:
    answers = {
        "ex1-answer": 'answer = "TODO"',
        "ex2-answer": "pass  # the learner's edit was never run",
        "ex3-answer": 'answer = "lang:python TODO',  # a syntax error
    }
    shown = check_outputs(run_as_learner(project, answers, tmp_path))
    assert shown["ex1-check"].startswith("✓ Correct")
    assert shown["ex2-check"] == (
        "○ Not answered yet: The answer this check sees belongs to an earlier exercise: "
        "run the answer cell above first, then this check."
    )
    assert shown["ex3-check"].startswith(
        "○ Not answered yet: The last answer cell you ran stopped with an error (SyntaxError"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_jupyterlab_serves_the_learner_notebook(project: Project, tmp_path: Path) -> None:
    port, token = free_port(), "sgkit-test"
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={project.release_dir}",
         "--ServerApp.ip=127.0.0.1", "--allow-root"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        notebook = _get_json(f"{base}/api/contents/{RELEASED.as_posix()}?token={token}")
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10) as page:
            assert page.status == 200 and "JupyterLab" in page.read().decode()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    cells = notebook["content"]["cells"]
    assert notebook["type"] == "notebook"
    assert any("check_query(" in "".join(c["source"]) for c in cells)


def _get_json(url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return dict(json.load(response))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
