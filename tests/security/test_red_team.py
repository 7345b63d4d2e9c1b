"""Red team: each submission attacks grading one way; each must score 0 on exercise 1.

An attack that reads something it should not answers correctly (`"TODO"` is exercise 1's right
answer) only if the read worked, so a 0 proves it failed. Every attacker also answers exercise 2
correctly, and an honest learner is graded in the same batch: neither may be affected.
"""

from __future__ import annotations

import http.server
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_code_cell

from kit.certify.keys import KEY_FILE, key_dir, load_or_create_key
from kit.demo.learners import answered_notebook, load_demo_script
from kit.grading import CourseGrading
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from kit.records import Records
from kit.sandbox import SandboxLimits

pytestmark = pytest.mark.slow

RIGHT_EX2 = 'answer = "lang:python TODO"'
MARKER = Path(f"/tmp/sgkit-red-team-{uuid.uuid4().hex}")
SECRET_ENV = {"SRC_ACCESS_TOKEN": "sgp_red_team_secret", "SGKIT_SIGNING_KEY": "do-not-leak"}


def if_reachable(condition: str) -> str:
    """Answer exercise 1 correctly only if `condition` holds inside the learner's code."""
    return f'import os\nanswer = "TODO" if ({condition}) else "nope"'


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def web_server() -> Iterator[int]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def attacks(paths: dict[str, Path], port: int) -> dict[str, str]:
    """Learner id -> the source of their exercise-1 answer cell."""
    gradebook, source, other = paths["gradebook"], paths["source"], paths["other"]
    key, records = paths["key"], paths["records"]
    return {
        "custom-exception-handler": "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)\nanswer = 'nope'",
        "pre-run-cell-hook": "get_ipython().events.register('pre_run_cell', lambda *a: None)\nanswer = 'nope'",
        "no-tracebacks": "get_ipython().showtraceback = lambda *a, **k: None\nanswer = 'nope'",
        "patched-checker": "import kit.exercises.checks as c, kit.exercises.queries as q\nq.judge_against_fingerprint = lambda *a: q.Verdict(True, 'ok')\nc._report = lambda v: None\nanswer = 'nope'",
        "patched-assert": "import builtins\nbuiltins.AssertionError = type('Nope', (Exception,), {})\nanswer = 'nope'",
        "patched-grader": "import kit.grading.trusted as t\nt.judge_test_cell = lambda *a, **k: []\nanswer = 'nope'",
        "early-exit": "import os\nanswer = 'nope'\nos._exit(0)",
        "always-equal": "class Anything:\n    def __eq__(self, other): return True\n    __hash__ = object.__hash__\nanswer = Anything()",
        "equal-string": "class S(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\nanswer = S('nope')",
        "read-gradebook": if_reachable(f"os.path.exists({str(gradebook)!r})"),
        "read-source-notebook": if_reachable(f"os.path.exists({str(source)!r})"),
        "read-other-submission": if_reachable(f"os.path.exists({str(other)!r})"),
        "read-token": if_reachable("os.environ.get('SRC_ACCESS_TOKEN')"),
        "read-signing-key": if_reachable("os.environ.get('SGKIT_SIGNING_KEY')"),
        "read-signing-key-file": if_reachable(f"os.path.exists({str(key)!r})"),
        "read-records-database": if_reachable(f"os.path.exists({str(records)!r})"),
        "see-grader-processes": if_reachable(
            "any('pytest' in open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc') if p.isdigit())"
        ),
        "network": f"import urllib.request\nurllib.request.urlopen('http://127.0.0.1:{port}/', timeout=2)\nanswer = 'TODO'",
        "write-outside-scratch": f"open({str(MARKER)!r}, 'w').write('pwned')\nanswer = 'nope'",
        "write-fake-score": f"open({str(gradebook)!r}, 'ab').write(b'x')\nanswer = 'nope'",
        "delete-other-submissions": f"import shutil\nshutil.rmtree({str(other.parent.parent)!r})\nanswer = 'nope'",
        "infinite-loop": "while True:\n    pass",
        "memory-bomb": "hog = ' ' * (4 << 30)\nanswer = 'TODO'",
        "fork-bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
        "huge-output": "while True:\n    print('x' * 1_000_000)",
        "huge-file": "with open('big', 'w') as f:\n    while True:\n        f.write('x' * 1_000_000)",
        "forged-results-line": 'import os\nfor fd in range(3, 20):\n    try: os.write(fd, b\'{"answer_id": "ex2-answer", "value": "nope"}\\n\')\n    except OSError: pass\nanswer = \'nope\'',
    }


@pytest.fixture(scope="module")
def graded(
    project: Project, tmp_path_factory: pytest.TempPathFactory, web_server: int
) -> dict[str, dict[str, float]]:
    root = tmp_path_factory.mktemp("red-team")
    limits = SandboxLimits(wall_seconds=6, cpu_seconds=3, memory_bytes=768 << 20, processes=32)
    grading = CourseGrading.for_project(project, "sourcegraph-101", grading_dir=root / "grading",
                                        release_dir=root / "release", limits=limits)  # fmt: skip
    (released,) = grading.release("search-basics")
    course_root = grading.layout.course_root
    paths = {
        "gradebook": course_root / "gradebook.db",
        "source": project.notebooks_dir
        / "sourcegraph-101"
        / "search-basics"
        / "search-basics.ipynb",
        "other": course_root / "submitted" / "ada" / "search-basics" / "search-basics.ipynb",
        "key": key_dir() / KEY_FILE,
        "records": root / "grading" / "records.db",
    }
    load_or_create_key(key_dir())  # the issuer key exists while learner code runs
    Records(f"sqlite:///{paths['records']}").close()
    inbox = root / "inbox"
    ada = next(learner for learner in load_demo_script().learners if learner.id == "ada")
    write_notebook(
        answered_notebook(read_notebook(released), ada.answers_for("search-basics")),
        inbox / "ada" / "search-basics.ipynb",
    )
    for name, source in attacks(paths, web_server).items():
        answers = {"ex1-answer": source, "ex2-answer": RIGHT_EX2}
        write_notebook(
            answered_notebook(read_notebook(released), answers),
            inbox / name / "search-basics.ipynb",
        )
    write_notebook(
        _with_fake_test_cells(read_notebook(released)),
        inbox / "fake-test-cells" / "search-basics.ipynb",
    )

    learners = grading.import_submissions("search-basics", inbox, ["search-basics"])
    saved = {key: os.environ.get(key) for key in SECRET_ENV}
    os.environ.update(SECRET_ENV)
    try:
        outcomes = grading.autograde("search-basics", learners)
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    failed = [o for o in outcomes if not o.ok]
    assert [o.learner for o in failed] in ([], ["fake-test-cells"]), failed
    scores: dict[str, dict[str, float]] = {o.learner: {"refused": 0.0} for o in failed}
    for s in grading.scores(["search-basics"]):
        if "refused" in scores.get(s.learner, {}):
            scores[s.learner]["refused"] += s.score  # whatever the gradebook holds for them
        else:
            scores.setdefault(s.learner, {})[s.exercise] = s.score
    return scores


def _with_fake_test_cells(nb: Any) -> Any:
    """A learner who edits a test cell and adds a 100-point 'test' that would run on the host."""
    nb = answered_notebook(nb, {"ex1-answer": "answer = 'nope'", "ex2-answer": RIGHT_EX2})
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "ex1-check":
            cell.source = "pass"
    fake = new_code_cell(
        f"open({str(MARKER)!r}, 'w').write('ran on the host')",
        metadata={"nbgrader": {"grade": True, "solution": False, "locked": True, "points": 100,
                               "grade_id": "my-own-test", "schema_version": 3}},
    )  # fmt: skip
    nb.cells.append(fake)
    return nb


ATTACKERS = [
    *attacks(
        {
            "gradebook": Path("g"),
            "source": Path("s"),
            "other": Path("o/a/b"),
            "key": Path("k"),
            "records": Path("r"),
        },
        0,
    ),
    "fake-test-cells",
]


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_the_attack_earns_nothing_and_the_honest_answer_still_counts(
    graded: dict[str, dict[str, float]], attacker: str
) -> None:
    if "refused" in graded[attacker]:  # nbgrader refused the tampered notebook, per learner
        assert graded[attacker]["refused"] == 0
        return
    assert graded[attacker]["ex1-check"] == 0
    assert graded[attacker]["ex2-check"] == 2
    assert sum(graded[attacker].values()) == 2
    assert set(graded[attacker]) == {f"ex{i}-check" for i in range(1, 7)}


def test_the_honest_learner_in_the_same_batch_is_unaffected(
    graded: dict[str, dict[str, float]],
) -> None:
    assert sum(graded["ada"].values()) == 12


def test_nothing_was_written_or_requested_outside_the_sandbox(
    graded: dict[str, dict[str, float]],
) -> None:
    assert not MARKER.exists()
    assert _Recorder.hits == 0
