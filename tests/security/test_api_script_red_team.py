"""Red team for API-script exercises: the one kind of answer that is code by design.

The learner's function runs in a sandbox of its own for the visible check and the hidden test
alike; it never runs where the verdict is made. Each attacker's `report` returns the right
answer only if its attack worked, so a 0 on that exercise proves it failed; an honest learner in
the same batch gets full marks.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from kit.certify.keys import KEY_FILE, key_dir, load_or_create_key
from kit.demo.learners import answered_notebook
from kit.grading import CourseGrading
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project

pytestmark = pytest.mark.slow

COURSE, ASSIGNMENT = "graphql-for-admins", "admin-automation"
SECRET = "sgp_api_script_red_team_secret"
MARKER = Path(f"/tmp/sgkit-api-red-team-{uuid.uuid4().hex}")


def _solution(project: Project, grade_id: str) -> str:
    """The instructor's solution source of an answer cell (what an honest learner writes)."""
    nb = read_notebook(project.notebooks_dir / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    found = re.search(r"### BEGIN SOLUTION\n(.*)### END SOLUTION", cell.source, re.S)
    assert found is not None
    return found.group(1)


def _attack(solution: str, condition: str, before: str = "") -> str:
    """The solution, except that `report` returns the right list only when `condition` holds."""
    body = solution.replace("def report(endpoint, token):", "def _honest(endpoint, token):")
    wrapper = (
        "\n\ndef report(endpoint, token):\n"
        "    import os\n"
        f"    {before or 'pass'}\n"
        f"    return _honest(endpoint, token) if ({condition}) else []\n"
    )
    closed = body.rstrip()
    assert closed.endswith("'''")
    return closed[: -len("'''")] + wrapper + "'''\n"


@pytest.fixture(scope="module")
def graded(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    root = tmp_path_factory.mktemp("api-red-team")
    grading = CourseGrading.for_project(
        project, COURSE, grading_dir=root / "grading", release_dir=root / "release"
    )
    (released,) = grading.release(ASSIGNMENT)
    gradebook = grading.layout.course_root / "gradebook.db"
    source = project.notebooks_dir / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    load_or_create_key(key_dir())
    solution = _solution(project, "ex5-answer")
    learners = {
        "honest": solution,
        "read-token": _attack(solution, f"os.environ.get('SRC_ACCESS_TOKEN') == {SECRET!r}"),
        "read-hidden-tests": _attack(solution, f"os.path.exists({str(source)!r})"),
        "read-gradebook": _attack(solution, f"os.path.exists({str(gradebook)!r})"),
        "read-signing-key": _attack(solution, f"os.path.exists({str(key_dir() / KEY_FILE)!r})"),
        "write-host": _attack(
            solution,
            f"os.path.exists({str(gradebook.parent / 'written-by-learner')!r})",
            f"open({str(MARKER)!r}, 'w').write('x'); "
            f"open({str(gradebook.parent / 'written-by-learner')!r}, 'w').write('x')",
        ),
        "patch-the-judge": _attack(
            solution,
            "False",
            "import kit.exercises.graphql as g; "
            "g.judge_script_against_fingerprint = lambda *a, **k: g.Verdict(True, 'ok')",
        ),
        "root": _attack(solution, "os.getuid() == 0 or os.geteuid() == 0"),
    }
    inbox = root / "inbox"
    for name, answer_source in learners.items():
        write_notebook(
            answered_notebook(read_notebook(released), {"ex5-answer": answer_source}),
            inbox / name / f"{ASSIGNMENT}.ipynb",
        )
    imported = grading.import_submissions(ASSIGNMENT, inbox, [ASSIGNMENT])
    saved = os.environ.get("SRC_ACCESS_TOKEN")
    os.environ["SRC_ACCESS_TOKEN"] = SECRET
    try:
        outcomes = grading.autograde(ASSIGNMENT, imported)
    finally:
        os.environ.pop("SRC_ACCESS_TOKEN")
        if saved is not None:
            os.environ["SRC_ACCESS_TOKEN"] = saved
    assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok]
    return {s.learner: s.score for s in grading.scores([ASSIGNMENT]) if s.exercise == "ex5-check"}


def test_the_honest_script_earns_full_marks(graded: dict[str, float]) -> None:
    assert graded["honest"] == 3


@pytest.mark.parametrize(
    "attacker",
    ["read-token", "read-hidden-tests", "read-gradebook", "read-signing-key", "write-host",
     "patch-the-judge", "root"],
)  # fmt: skip
def test_the_attack_earns_nothing(graded: dict[str, float], attacker: str) -> None:
    assert graded[attacker] == 0


def test_nothing_was_written_on_the_host(graded: dict[str, float]) -> None:
    assert not MARKER.exists()  # the sandbox's /tmp is its own
