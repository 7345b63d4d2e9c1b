"""Red team, stored XSS: a learner's notebook attacks the grader's browser, and nothing runs.

One submission carries script in every form nbconvert would render: Markdown with HTML in it, a
`javascript:` link, a raw HTML cell, an attachment, outputs. It is autograded and its feedback
generated through the kit's real nbgrader pipeline, then opened in Chromium twice: the feedback
page, and the formgrader's view of the submission. Every payload calls `pwn(name)`, `alert` or
`console.log("pwned: ...")`; the browser records each, and the grader's page must record none.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output, new_raw_cell
from nbgrader.validator import Validator

from kit.grading import CourseGrading
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from tests.grading.test_formgrader import TOKEN, formgrader, get

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium")
COURSE, ASSIGNMENT = "sourcegraph-101", "search-basics"
ATTACKER = "mallory"
__all__ = ["formgrader"]  # the formgrader fixture, run on this module's `graded_checkout`

EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'attachment\')"/>'
MARKDOWN = "\n\n".join(
    [
        "## Mallory's notes",
        "<script>pwn('script')</script>",
        "<img src=x onerror=\"pwn('img-onerror')\">",
        "<svg onload=\"pwn('svg-onload')\"></svg>",
        "[click me](javascript:pwn('javascript-link'))",
        "<iframe srcdoc=\"<script>parent.pwn('iframe-srcdoc')</script>\"></iframe>",
        "<details open ontoggle=\"pwn('details-ontoggle')\"><summary>more</summary>x</details>",
        "<!--><img src=x onerror=\"pwn('comment-trick')\">-->",
        "<style>body { display: none }</style>",
        "![diagram](attachment:diagram.svg)",
        "My query compares:\n\n```\na < b && c\n```",
        "See [the docs](https://sourcegraph.com/docs).",
    ]
)
RAW_HTML = "<script>pwn('raw-cell')</script><img src=x onerror=\"console.log('pwned: raw-img')\">"
OUTPUT = {"text/html": "<script>pwn('output-html')</script>", "application/javascript": "pwn('js')"}

# Every payload reports here; the page's own scripts (jQuery, the formgrader's) never call it.
RECORDER = "window.__ran = []; window.pwn = name => window.__ran.push(name);"


def attacked_notebook(released: Path) -> Any:
    """The released notebook with the attacker's cells added after the title."""
    nb = read_notebook(released)
    notes = new_markdown_cell(MARKDOWN)
    notes.attachments = {"diagram.svg": {"image/svg+xml": base64.b64encode(EVIL_SVG).decode()}}
    raw = new_raw_cell(RAW_HTML, metadata={"raw_mimetype": "text/html"})
    code = new_code_cell("show()", outputs=[new_output("display_data", data=OUTPUT)])
    nb.cells[1:1] = [notes, raw, code]
    return nb


@pytest.fixture(scope="module")
def attacked(
    project: Project, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Project:
    """A checkout copy whose grading/ holds the attacker's autograded submission and feedback."""
    root = tmp_path_factory.mktemp("inert") / "checkout"
    for folder in ("courses", "notebooks", "release"):
        shutil.copytree(project.root / folder, root / folder)
    (root / "grading").mkdir()
    shutil.copy(project.root / "grading" / "nbgrader_config.py", root / "grading")
    checkout = Project(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SGKIT_CORPUS", str(corpus_dir))
        env.delenv("SGKIT_GRADEBOOK_URL", raising=False)
        grading = CourseGrading.for_project(checkout, COURSE)
        (released,) = grading.release(ASSIGNMENT)
        inbox = root / "inbox"
        write_notebook(attacked_notebook(released), inbox / ATTACKER / f"{ASSIGNMENT}.ipynb")
        learners = grading.import_submissions(ASSIGNMENT, inbox, [ASSIGNMENT])
        assert all(outcome.ok for outcome in grading.autograde(ASSIGNMENT, learners))
        grading.feedback(ASSIGNMENT)
    return checkout


@pytest.fixture
def graded_checkout(attacked: Project) -> Project:
    """What the imported `formgrader` fixture serves."""
    return attacked


def course_file(checkout: Project, step: str, suffix: str) -> Path:
    return checkout.grading_dir / COURSE / step / ATTACKER / ASSIGNMENT / f"{ASSIGNMENT}{suffix}"


def what_ran(url: str, allowed_origin: str) -> dict[str, Any]:
    """Open `url` in Chromium, click the learner's link, and report every payload that ran."""
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail("chromium not found; run `make chromium-deps`")
    dialogs: list[str] = []
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.add_init_script(RECORDER)
        # Offline: MathJax and other CDN scripts are refused; the page itself still loads.
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(allowed_origin) else route.abort()
            ),
        )
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: console.append(message.text))
        page.goto(url, wait_until="load")
        # As a grader's click would; dispatched, so a page the attack hid still gets it.
        page.locator("a", has_text="click me").first.dispatch_event("click")
        page.wait_for_timeout(1000)  # late onerror/onload/ontoggle events
        report = {
            "ran": page.evaluate("window.__ran"),
            "dialogs": dialogs,
            "console": [text for text in console if text.startswith("pwned")],
            "body shown": page.evaluate("getComputedStyle(document.body).display") != "none",
            "code block": page.locator("pre", has_text="a < b").first.inner_text(),
            "docs link": page.get_by_text("the docs").get_attribute("href"),
        }
        browser.close()
    return report


def assert_inert(report: dict[str, Any]) -> None:
    assert report["ran"] == [] and report["dialogs"] == [] and report["console"] == [], report
    assert report["body shown"]
    # Ordinary Markdown of the same cell still renders as written.
    assert report["code block"].strip() == "a < b && c"
    assert report["docs link"] == "https://sourcegraph.com/docs"


def test_nothing_runs_on_the_feedback_page(attacked: Project) -> None:
    feedback = course_file(attacked, "feedback", ".html")
    assert_inert(what_ran(feedback.as_uri(), "file://"))


def test_nothing_runs_in_the_formgraders_view_of_the_submission(formgrader: int) -> None:
    status, body = get(formgrader, f"/formgrader/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}")
    assert status == 200, body
    (submission,) = [s for s in json.loads(body) if s["student"] == ATTACKER]
    origin = f"http://127.0.0.1:{formgrader}"
    url = f"{origin}/formgrader/submissions/{submission['id']}/?token={TOKEN}"
    assert_inert(what_ran(url, origin))


def test_instructor_cells_keep_their_source_and_checksums(attacked: Project) -> None:
    released = read_notebook(attacked.release_dir / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    graded = read_notebook(course_file(attacked, "autograded", ".ipynb"))
    # nbgrader's own test for "this locked or graded cell was modified" finds nothing.
    assert Validator()._get_changed_cells(graded) == []
    instructor = {c.metadata.nbgrader["grade_id"]: c.source for c in released.cells
                  if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("locked")}  # fmt: skip
    after = {c.metadata.nbgrader["grade_id"]: c.source for c in graded.cells
             if c.metadata.get("nbgrader", {}).get("grade_id") in instructor}  # fmt: skip
    assert after == instructor
    # The attacker's own cells are stored cleaned: the autograded notebook is safe to render.
    notes = next(c for c in graded.cells if "Mallory" in c.source)
    assert "<script" not in notes.source and "onerror" not in notes.source
    assert "attachments" not in notes
