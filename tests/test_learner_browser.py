"""A learner in JupyterLab (Debian's Chromium driven by Playwright) answers exercise 1 of
Sourcegraph 101 "Search basics" wrong, then with a near miss, then right, and reads the panel
under the check each time: no traceback, the query it judged, the hint only for the near miss."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.project import Project
from tests.test_learner_experience import RELEASED, _get_json, free_port

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is installed by `make test` (chromium-deps)"
    ),
]
NEAR_MISS_HINT = "That keeps Go files only"
TOKEN = "sgkit-browser-test"


@pytest.fixture
def lab(project: Project, tmp_path: Path) -> Iterator[str]:
    """JupyterLab serving a learner's copy of the released notebook; its URL."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(project.release_dir / RELEASED, work / RELEASED.name)
    notification = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={work}", "--ServerApp.ip=127.0.0.1",
         "--allow-root", "--expose-app-in-browser",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _get_json(f"{base}/api/status?token={TOKEN}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _cell_index(page: Any, grade_id: str) -> int:
    index: int = page.evaluate(
        """id => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
               c => (c.model.getMetadata('nbgrader') || {}).grade_id === id)""",
        grade_id,
    )
    assert index >= 0, grade_id
    return index


def _run(page: Any, index: int) -> None:
    page.evaluate(
        """i => { const nb = window.jupyterapp.shell.currentWidget.content;
                  nb.activeCellIndex = i;
                  return window.jupyterapp.commands.execute('notebook:run-cell'); }""",
        index,
    )


def _answer_and_check(page: Any, query: str) -> tuple[str, str]:
    """Type `query` as exercise 1's answer, run the answer and check cells; the panel's text and
    everything the check cell shows."""
    answer, check = _cell_index(page, "ex1-answer"), _cell_index(page, "ex1-check")
    page.evaluate(
        """([i, text]) => window.jupyterapp.shell.currentWidget.content.widgets[i]
               .model.sharedModel.setSource(text)""",
        [answer, f'answer = "{query}"'],
    )
    check_cell = page.locator(".jp-Notebook .jp-Cell").nth(check)
    _run(page, answer)
    _run(page, check)
    panel = check_cell.locator(".sgkit-verdict")
    panel.filter(has_text=query).wait_for(timeout=60_000)
    page.wait_for_function(
        """i => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status
               === 'idle'""",
        arg=check,
        timeout=60_000,
    )
    return panel.inner_text(), check_cell.locator(".jp-Cell-outputArea").inner_text()


def test_a_learner_reads_a_verdict_panel_for_a_wrong_a_near_miss_and_a_right_answer(
    lab: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{lab}/lab/tree/{RELEASED.name}?token={TOKEN}")
        page.wait_for_function(
            """() => window.jupyterapp && window.jupyterapp.shell.currentWidget
                   && window.jupyterapp.shell.currentWidget.content
                   && window.jupyterapp.shell.currentWidget.sessionContext.session
                   && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel""",
            timeout=120_000,
        )
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready")
        _run(page, _cell_index(page, "setup"))

        seen = {}
        for name, query in (("wrong", "FIXME"), ("near miss", "lang:go TODO"), ("right", "TODO")):
            seen[name] = _answer_and_check(page, query)
            slug = name.replace(" ", "-")
            page.locator(".jp-Notebook .jp-Cell").nth(_cell_index(page, "ex1-check")).screenshot(
                path=str(tmp_path / f"check-{slug}.png")
            )
        browser.close()

    for name, (_, everything) in seen.items():
        assert "Traceback" not in everything and "kit/" not in everything, (name, everything)
        assert "__tracebackhide__" not in everything
    wrong, near_miss, right = (seen[n][0] for n in ("wrong", "near miss", "right"))
    assert wrong.startswith("✗") and "Not yet" in wrong and "Your answer: FIXME" in wrong
    assert NEAR_MISS_HINT not in wrong
    assert "Your answer: lang:go TODO" in near_miss and NEAR_MISS_HINT in near_miss
    assert right.startswith("✓") and "Correct" in right and NEAR_MISS_HINT not in right
    assert "Your answer: TODO" in right
    assert "(see the panel above)" in seen["wrong"][1]  # the failure Validate counts, one line
