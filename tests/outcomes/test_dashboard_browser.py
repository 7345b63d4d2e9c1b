"""`sgkit dashboard` for real: Voila serves the dashboard on 127.0.0.1, Debian's Chromium (driven by
Playwright) loads it, every chart draws its data, picking a customer redraws the charts, and the
browser reports no errors.

Voila's page template links Font Awesome from a CDN; the dashboard uses no icons, so the test
answers those two requests with an empty stylesheet (as an offline machine would need) and checks
that nothing else leaves the machine.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from kit.outcomes.dashboard import DashboardSources
from kit.outcomes.serve import HOST, start_dashboard
from kit.project import Project

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is installed by `make test` (chromium-deps)"
)
VOILA_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/"
STARTUP_SECONDS = 120
CUSTOMER_CHARTS = ("adoption", "adoption-contract", "timeline", "dau-mau")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"voila exited with {server.returncode}"
        try:
            with urlopen(url, timeout=5):
                return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise AssertionError(f"voila did not answer on {url} within {STARTUP_SECONDS}s")


@pytest.fixture(scope="module")
def dashboard_url(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the sample data, served by Voila on a free local port."""
    sources = DashboardSources(
        courses_dir=project.courses_dir, sample_dir=tmp_path_factory.mktemp("sample")
    )
    port = _free_port()
    server = start_dashboard(sources, port)
    try:
        url = f"http://{HOST}:{port}/"
        _wait_until_serving(f"{url}voila/static/voila.js", server)  # a page would start a kernel
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _chart_traces(page: object, chart: str) -> list[str]:
    return page.eval_on_selector(  # type: ignore[attr-defined, no-any-return]
        f".chart-{chart} .js-plotly-plot",
        "d => (d.data || []).map(t => t.name || '')",
    )


def test_dashboard_draws_every_chart_and_follows_the_picker(
    dashboard_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import Route, sync_playwright

    problems: list[str] = []
    outside: list[str] = []

    def empty_stylesheet(route: Route) -> None:
        route.fulfill(status=200, content_type="text/css", body="")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.route(f"{VOILA_CDN}**", empty_stylesheet)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((dashboard_url, VOILA_CDN, "data:", "blob:"))
                or r.url.startswith(dashboard_url.replace("http", "ws"))
                else outside.append(r.url)
            ),
        )
        page.goto(dashboard_url)
        for chart in CUSTOMER_CHARTS:
            page.wait_for_selector(f".chart-{chart} .main-svg", timeout=90_000)
        everyone = {chart: _chart_traces(page, chart) for chart in CUSTOMER_CHARTS}
        page.screenshot(path=str(tmp_path / "customers.png"))

        page.select_option(".customer-picker select", label="Granite Pharma (behind)")
        page.wait_for_function(
            "() => { const d = document.querySelector('.chart-adoption .js-plotly-plot');"
            " return d && d.data && d.data.length === 2; }",
            timeout=30_000,
        )
        one = _chart_traces(page, "adoption")
        rows = page.eval_on_selector_all(
            "tr[data-customer]", "rs => rs.map(r => r.dataset.customer)"
        )

        page.get_by_text("Feedback", exact=True).click()
        page.wait_for_selector(".chart-nps-course .main-svg", state="visible", timeout=30_000)
        nps = _chart_traces(page, "nps-course")
        page.screenshot(path=str(tmp_path / "feedback.png"))

        page.get_by_text("Customer health", exact=True).click()
        page.wait_for_selector(".chart-effects .main-svg", state="visible", timeout=30_000)
        effects = page.eval_on_selector(".chart-effects .js-plotly-plot", "d => d.data[0].x.length")
        page.get_by_text("OKRs", exact=True).click()
        page.wait_for_selector("#okr-table", state="visible", timeout=30_000)
        okrs = page.eval_on_selector_all("tr[data-okr]", "rs => rs.length")
        browser.close()

    assert problems == []
    assert outside == []
    for chart, traces in everyone.items():
        assert len(traces) > 5, f"{chart} drew {traces}"
    assert "Granite Pharma" in everyone["adoption"]
    assert one == ["Granite Pharma", "Pace to the targets"]
    assert rows == ["granite-pharma"]
    assert len(nps) == 1
    assert effects == 2  # taught features and the placebo
    assert okrs == 7
    assert (tmp_path / "customers.png").stat().st_size > 30_000
