"""The static report: every chart is an inert JSON figure with data, plotly.js sits beside the page
(no CDN), and the tables say who is on track or behind and why."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kit.outcomes.data import OutcomeData
from kit.outcomes.models import Customer, UsageRow
from kit.outcomes.report import PLOTLY_FILE, build_report

SAMPLE_CHARTS = {
    "adoption",
    "adoption-contract",
    "timeline",
    "dau-mau",
    "nps-course",
    "nps-trainer",
    "trained",
    "onboarding",
    "effects",
}


class Page(HTMLParser):
    """The parts of the page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, dict[str, Any]] = {}
        self.chart_divs: set[str] = set()
        self.script_srcs: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self._figure: str | None = None
        self._row: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("class") == "sgkit-figure":
            self._figure, self._buffer = found["data-target"], []
        elif tag == "script" and found.get("src"):
            self.script_srcs.append(found["src"] or "")
        elif tag == "div" and found.get("data-chart"):
            self.chart_divs.add(found["data-chart"] or "")
        elif tag == "tr" and (found.get("data-customer") or found.get("data-ce")):
            self._row = found.get("data-customer") or found.get("data-ce")
            self.rows[self._row or ""] = []

    def handle_data(self, data: str) -> None:
        if self._figure is not None:
            self._buffer.append(data)
        elif self._row is not None and data.strip():
            self.rows[self._row].append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._figure is not None:
            self.figures[self._figure] = json.loads("".join(self._buffer))
            self._figure = None
        elif tag == "tr":
            self._row = None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def has_points(trace: dict[str, Any]) -> bool:
    values = trace.get("y") if trace.get("type") != "bar" or "y" in trace else trace.get("x")
    return isinstance(values, list) and len(values) > 0


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory, sample: OutcomeData) -> Path:
    return build_report(tmp_path_factory.mktemp("report"), sample)


def test_every_chart_is_on_the_page_with_data(sample_page: Path) -> None:
    page = parse(sample_page)
    assert set(page.figures) == SAMPLE_CHARTS
    assert page.chart_divs == SAMPLE_CHARTS
    for chart_id, figure in page.figures.items():
        traces = figure["data"]
        assert traces, chart_id
        assert all(has_points(t) for t in traces), chart_id


def test_adoption_chart_draws_each_customer_with_usage_and_the_pace(sample_page: Path) -> None:
    names = [t["name"] for t in parse(sample_page).figures["adoption"]["data"]]
    assert "Pace to the targets" in names
    assert "Fjord Shipping" not in names  # air-gapped: no usage data
    assert "Kestrel Government" not in names  # production not set up
    assert len(names) == 11


def test_plotly_js_is_written_beside_the_page_not_fetched(sample_page: Path) -> None:
    page = parse(sample_page)
    assert page.script_srcs == [PLOTLY_FILE]
    bundle = sample_page.with_name(PLOTLY_FILE)
    assert bundle.stat().st_size > 1_000_000
    assert "cdn.plot.ly" not in sample_page.read_text(encoding="utf-8")


def test_customer_table_says_who_is_behind_and_why(sample_page: Path) -> None:
    rows = parse(sample_page).rows
    assert "behind" in rows["birch-retail"]
    assert any("below the 75% due by day 270" in cell for cell in rows["birch-retail"])
    assert "no usage data" in rows["fjord-shipping"]
    assert any("DAU/MAU 16% is not above" in cell for cell in rows["harbor-telecom"])
    assert "not yet" in rows["felix"] and "behind" in rows["felix"]


def test_the_page_marks_sample_data_and_the_impact_findings(sample_page: Path) -> None:
    text = sample_page.read_text(encoding="utf-8")
    assert 'id="synthetic"' in text
    assert "an association, not proof of cause" in text
    assert "Cheat sheet of search filters" in text  # collateral requests


def test_script_closing_text_in_data_cannot_end_the_figure_early(tmp_path: Path) -> None:
    customer = Customer(
        customer="x",
        name="</script><b>X</b>",
        seats=10,
        contract_date=dt.date(2026, 1, 1),
        production_setup_date=dt.date(2026, 1, 2),
    )
    usage = tuple(
        UsageRow(
            customer="x", date=dt.date(2026, 1, 2) + dt.timedelta(days=i), dau=2, mau=5, seats=10
        )
        for i in range(40)
    )
    page = build_report(tmp_path, OutcomeData(dt.date(2026, 2, 10), (customer,), usage))
    parsed = parse(page)
    assert parsed.figures["adoption"]["data"][0]["name"] == "</script><b>X</b>"
    assert "</script><b>" not in page.read_text(encoding="utf-8")


def test_a_report_without_feedback_or_roster_leaves_those_charts_out(tmp_path: Path) -> None:
    customer = Customer(
        customer="vault",
        name="Vault",
        seats=10,
        contract_date=dt.date(2026, 1, 1),
        production_setup_date=dt.date(2026, 1, 20),
        air_gapped=True,
    )
    page = build_report(tmp_path, OutcomeData(dt.date(2026, 6, 1), (customer,), ()))
    parsed = parse(page)
    assert set(parsed.figures) == {"adoption", "adoption-contract", "timeline", "dau-mau"}
    text = page.read_text(encoding="utf-8")
    assert "No CE roster given." in text
    assert "too little data to conclude: 0 customer(s)" in text
    assert "air-gapped: the instance sends no usage" in text
    assert "Not given, so not shown: feature-usage.csv" in text
    assert "no contracts.csv given" in text and "no product-nps.csv given" in text


def test_the_page_shows_the_okrs_and_the_health_findings(sample_page: Path) -> None:
    text = sample_page.read_text(encoding="utf-8")
    assert text.count("<tr data-okr=") == 7
    assert 'data-effect="code-security-taught"' in text
    assert "rose 35% (95% interval +28% to +42%)" in text
    assert "Not in the comparison: Fjord Shipping (air-gapped)." in text
    assert "too little data to say: 2 decided renewal(s)" in text
    assert 'id="missing-inputs"' not in text


def test_an_empty_feature_usage_file_is_said_not_taken_for_no_use_cases(tmp_path: Path) -> None:
    customer = Customer(customer="x", name="X", seats=10, contract_date=dt.date(2026, 1, 1))
    data = OutcomeData(dt.date(2026, 6, 1), (customer,), (), feature_usage=())
    text = build_report(tmp_path, data).read_text(encoding="utf-8")
    assert "feature-usage.csv has no rows." in text
    assert "Not given, so not shown: product-nps.csv" in text
