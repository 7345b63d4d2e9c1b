"""The outcomes report in a real browser (Debian's Chromium driven by Playwright): the page loads
offline, every chart draws its data, and the browser reports no errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.outcomes.run import outcomes_report

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is installed by `make test` (chromium-deps)"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    """The report `sgkit report` writes from the sample data, with the catalog's training blocks."""
    blocks = catalog.training_blocks.values()
    return outcomes_report(tmp_path_factory.mktemp("outcomes"), blocks=blocks)


def test_every_chart_draws_its_data_without_browser_errors(report: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.goto(report.as_uri())
        page.wait_for_function(
            "document.querySelectorAll('div.chart').length > 0 && "
            "[...document.querySelectorAll('div.chart')].every(d => d.querySelector('.main-svg'))",
            timeout=30_000,
        )
        charts = page.eval_on_selector_all(
            "div.chart",
            """divs => divs.map(d => ({
                id: d.id,
                traces: (d.data || []).length,
                points: (d.data || []).reduce((n, t) => n + ((t.x || t.y || t.values || []).length), 0),
                marks: d.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length,
            }))""",
        )
        verdicts = page.inner_text("#customer-table")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()

    assert problems == []
    assert len(charts) == 8, charts
    for chart in charts:
        assert chart["traces"] > 0 and chart["points"] > 0, chart
        assert chart["marks"] > 0, f"{chart['id']} drew nothing"
    assert "behind" in verdicts and "on track" in verdicts and "no usage data" in verdicts
    assert (tmp_path / "report.png").stat().st_size > 50_000
