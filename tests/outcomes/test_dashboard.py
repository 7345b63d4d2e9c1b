"""The Voila dashboard's widgets: the report's numbers per customer, charts as plotly mime bundles,
and its sources handed over by `sgkit dashboard` (a bad hand-over is a clear error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kit.errors import ConfigError
from kit.outcomes.dashboard import (
    ALL_CUSTOMERS,
    PLOTLY_MIME,
    SOURCES_ENV,
    Dashboard,
    DashboardSources,
    customer_charts,
    customer_data,
    load_dashboard_data,
    sources_from_env,
)
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import InputPaths
from kit.plans.tracker import Completion
from kit.project import Project


def _traces(output: Any) -> list[str]:
    """The trace names of a chart Output widget."""
    (bundle,) = output.outputs
    return [t.get("name", "") for t in bundle["data"][PLOTLY_MIME]["data"]]


def _chart_outputs(box: Any) -> dict[str, Any]:
    """chart id -> Output widget, in a chart box."""
    return {
        next(c for c in w._dom_classes if c.startswith("chart-"))[len("chart-") :]: w
        for w in box.children
        if any(c.startswith("chart-") for c in w._dom_classes)
    }


def test_one_customer_narrows_usage_completions_and_feedback(sample: OutcomeData) -> None:
    one = customer_data(sample, "granite-pharma")
    assert [c.customer for c in one.customers] == ["granite-pharma"]
    assert one.usage and {u.customer for u in one.usage} == {"granite-pharma"}
    assert one.completions and {c.customer for c in one.completions} == {"granite-pharma"}
    assert {f.customer for f in one.feedback} <= {"granite-pharma"}
    assert customer_data(sample, ALL_CUSTOMERS) is sample
    with pytest.raises(ConfigError, match='unknown customer "nobody"'):
        customer_data(sample, "nobody")


def test_customer_charts_draw_that_customer_against_the_targets(sample: OutcomeData) -> None:
    adoption, contract, timeline, dau_mau = customer_charts(sample, "granite-pharma")
    assert [t.name for t in adoption.figure.data] == ["Granite Pharma", "Pace to the targets"]
    assert [t.name for t in contract.figure.data] == ["Granite Pharma", "Pace to the targets"]
    assert "Granite Pharma" in [t.name for t in timeline.figure.data]
    assert [t.name for t in dau_mau.figure.data] == ["Granite Pharma"]
    everyone = customer_charts(sample, ALL_CUSTOMERS)[0]
    assert len(everyone.figure.data) > len(adoption.figure.data) + 5


def test_picking_a_customer_shows_its_row_and_charts(sample: OutcomeData) -> None:
    board = Dashboard(sample)
    labels = [label for label, _ in board.picker.options]
    assert labels[0] == "All customers" and len(labels) == len(sample.customers) + 1
    assert "Granite Pharma (behind)" in labels
    assert board.customer_table.value.count("<tr data-customer=") == len(sample.customers)

    board.picker.value = "granite-pharma"

    assert board.customer_table.value.count("<tr data-customer=") == 1
    assert 'data-customer="granite-pharma"' in board.customer_table.value
    assert "below the 25% due by day 90" in board.customer_table.value
    charts = _chart_outputs(board.customer_charts.children[0])
    assert set(charts) == {"adoption", "adoption-contract", "timeline", "dau-mau"}
    assert _traces(charts["adoption"]) == ["Granite Pharma", "Pace to the targets"]

    board.picker.value = ALL_CUSTOMERS
    assert board.customer_table.value.count("<tr data-customer=") == len(sample.customers)


def test_tabs_hold_feedback_onboarding_impact_health_and_okrs(sample: OutcomeData) -> None:
    board = Dashboard(sample)
    assert board.tabs.titles == (
        "Customers", "Feedback", "CE onboarding", "Training impact", "Customer health", "OKRs"
    )  # fmt: skip
    feedback, onboarding, impact, health, okrs = board.tabs.children[1:]
    assert set(_chart_outputs(health.children[0])) == {"effects"}
    assert 'id="effects-table"' in health.children[1].value
    assert 'id="health-table"' in health.children[1].value
    assert 'id="okr-table"' in okrs.value
    assert set(_chart_outputs(feedback.children[0])) == {"nps-course", "nps-trainer"}
    assert 'id="nps-table"' in feedback.children[1].value
    assert set(_chart_outputs(onboarding.children[0])) == {"onboarding", "trained"}
    assert 'id="ce-table"' in onboarding.children[1].value
    assert 'id="impact-findings"' in impact.value
    for output in [*_chart_outputs(feedback.children[0]).values()]:
        assert _traces(output), "a chart without data"


def test_styles_stay_inside_the_dashboard(sample: OutcomeData) -> None:
    html = Dashboard(sample).customer_table.value
    style = html[html.index("<style>") : html.index("</style>")]
    rules = [r for r in style.removeprefix("<style>").splitlines() if r.strip()]
    assert rules and all(r.startswith(".sgkit-dashboard ") for r in rules)


def test_sources_round_trip_through_the_environment(tmp_path: Path) -> None:
    sources = DashboardSources(
        courses_dir=tmp_path / "courses",
        sample_dir=tmp_path / "sample",
        inputs=InputPaths(
            tmp_path / "customers.csv",
            tmp_path / "usage.csv",
            roster=None,
            feature_usage=tmp_path / "feature-usage.csv",
            contracts=tmp_path / "contracts.csv",
        ),
        records_url="sqlite:///records.db",
        as_of=dt.date(2026, 10, 31),
        gradebook_completions=(Completion("acme", "sourcegraph-101", dt.date(2026, 9, 1)),),
    )
    assert sources_from_env({SOURCES_ENV: sources.to_json()}) == sources


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "SGKIT_DASHBOARD is not set; start the dashboard with `sgkit dashboard`"),
        ("{not json", "SGKIT_DASHBOARD is not what `sgkit dashboard` writes"),
        ('{"sample_dir": "x"}', "SGKIT_DASHBOARD is not what `sgkit dashboard` writes"),
        (
            '{"courses_dir": "c", "sample_dir": "s", "as_of": "31/10/2026"}',
            "SGKIT_DASHBOARD is not what `sgkit dashboard` writes",
        ),
    ],
)
def test_a_bad_hand_over_is_one_clear_error(value: str | None, message: str) -> None:
    environ = {} if value is None else {SOURCES_ENV: value}
    with pytest.raises(ConfigError) as error:
        sources_from_env(environ)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_the_sample_is_loaded_with_the_catalogs_blocks(project: Project, tmp_path: Path) -> None:
    data = load_dashboard_data(
        DashboardSources(courses_dir=project.courses_dir, sample_dir=tmp_path / "s")
    )
    assert data.synthetic and len(data.customers) == 12
    assert data.blocks and (tmp_path / "s" / "usage.csv").is_file()
