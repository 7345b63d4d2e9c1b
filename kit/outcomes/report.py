"""The static outcomes report: one HTML page with interactive plotly charts and the tables behind
them, plotly.js written once beside it so the page works offline (no CDN)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import plotly.io as pio  # type: ignore[import-untyped]
import plotly.offline  # type: ignore[import-untyped]

from kit.certify.coverage import BlockCoverage
from kit.outcomes.charts import (
    Chart,
    adoption_chart,
    dau_mau_chart,
    effects_chart,
    nps_chart,
    onboarding_chart,
    timeline_chart,
    trained_chart,
)
from kit.outcomes.data import OutcomeData
from kit.outcomes.effects import (
    LEVEL,
    MIN_COMPARISON,
    MIN_TRAINED,
    MIN_WEEKS_EACH_SIDE,
    PRE_TREND_WEEKS,
    FeatureEffect,
    customers_without_feature_usage,
    use_case_effects,
)
from kit.outcomes.impact import Impact, training_impact
from kit.outcomes.metrics import Nps, median_days, nps, nps_by
from kit.outcomes.okrs import Okr, scoreboard
from kit.outcomes.onboarding import (
    MILESTONES,
    WEEK_GOALS,
    CeProgress,
    ce_progress,
    current_credentials,
    track_name,
    trained_per_block,
)
from kit.outcomes.retention import Finding, health_findings
from kit.outcomes.status import CustomerOutcome, customer_outcomes
from kit.templating import html_templates

REPORT_FILE = "index.html"
PLOTLY_FILE = "plotly.min.js"
VERDICT_ORDER = ("behind", "at risk", "no usage data", "not in production", "on track")
HEALTH_FILES = {
    "feature_usage": "feature-usage.csv (usage per feature, from Sourcegraph's usage statistics)",
    "product_nps": "product-nps.csv (product NPS survey answers)",
    "contracts": "contracts.csv (contract terms and renewals)",
    "collateral_requests": "collateral-requests.csv (assets CEs asked for)",
}
"""The optional inputs, as the report names them when they are missing."""


@dataclass(frozen=True)
class ReportView:
    """Everything the page shows, computed once from the data."""

    data: OutcomeData
    outcomes: tuple[CustomerOutcome, ...]
    impact: Impact
    progress: tuple[CeProgress, ...]
    coverage: tuple[BlockCoverage, ...]
    nps_all: Nps
    nps_courses: tuple[Nps, ...]
    nps_trainers: tuple[Nps, ...]
    collateral: tuple[tuple[str, int], ...]
    median_days_to_demo: float | None
    charts: tuple[Chart, ...]
    effects: tuple[FeatureEffect, ...] = ()
    health: tuple[Finding, ...] = ()
    okrs: tuple[Okr, ...] = ()
    no_feature_usage: tuple[str, ...] = ()

    @property
    def missing_inputs(self) -> list[str]:
        """The optional health inputs that were not given, as the report names them."""
        return [text for name, text in HEALTH_FILES.items() if getattr(self.data, name) is None]

    @property
    def verdict_counts(self) -> list[tuple[str, int]]:
        """How many customers have each verdict, worst first."""
        counts = Counter(o.verdict for o in self.outcomes)
        return [(v, counts[v]) for v in VERDICT_ORDER if counts[v]]


def report_view(data: OutcomeData) -> ReportView:
    """Compute the metrics, tables and charts of the report."""
    outcomes = tuple(
        sorted(
            customer_outcomes(data), key=lambda o: (VERDICT_ORDER.index(o.verdict), o.customer.name)
        )
    )
    current = current_credentials(data.credentials, data.revocations, data.as_of)
    progress = tuple(ce_progress(ce, data.as_of, current) for ce in data.roster)
    coverage = tuple(
        trained_per_block(data.blocks, data.roster, data.credentials, data.revocations, data.as_of)
    )
    answers = [a for a in data.feedback if a.date <= data.as_of]
    courses = tuple(nps_by(answers, lambda a: a.session))
    trainers = tuple(nps_by(answers, lambda a: a.trainer))
    collateral = Counter(a.collateral for a in answers if a.collateral)
    charts = [adoption_chart(data), adoption_chart(data, from_contract=True), timeline_chart(data)]
    charts.append(dau_mau_chart(data))
    if answers:
        charts.append(nps_chart(courses, "nps-course", "NPS per training and webinar"))
        charts.append(nps_chart(trainers, "nps-trainer", "NPS per trainer"))
    if coverage and progress:
        charts.append(trained_chart(coverage))
    if progress:
        charts.append(onboarding_chart(progress))
    effects = tuple(use_case_effects(data))
    if any(e.estimate is not None for e in effects):
        charts.append(effects_chart(effects))
    return ReportView(
        data=data,
        outcomes=outcomes,
        impact=training_impact(data.customers, data.usage, data.completions, data.as_of),
        progress=progress,
        coverage=coverage,
        nps_all=nps(a.rating for a in answers),
        nps_courses=courses,
        nps_trainers=trainers,
        collateral=tuple(sorted(collateral.items(), key=lambda kv: (-kv[1], kv[0]))),
        median_days_to_demo=median_days(p.days_to_demo_certification for p in progress),
        charts=tuple(charts),
        effects=effects,
        health=health_findings(data),
        okrs=scoreboard(data),
        no_feature_usage=tuple(
            customers_without_feature_usage(data) if data.feature_usage is not None else ()
        ),
    )


STATS_TERMS = {
    "level": LEVEL,
    "min_trained": MIN_TRAINED,
    "min_comparison": MIN_COMPARISON,
    "min_weeks": MIN_WEEKS_EACH_SIDE,
    "pre_weeks": PRE_TREND_WEEKS,
}
"""The analysis' stated thresholds, for the page's method notes."""


def figure_json(chart: Chart) -> str:
    """The figure as JSON safe inside a <script> element."""
    text = pio.to_json(chart.figure, validate=True, pretty=False)
    return str(text).replace("</", "<\\/")


def render_report(view: ReportView) -> str:
    """The report page as HTML (plotly.js loaded from PLOTLY_FILE beside it)."""
    return (
        html_templates("kit.outcomes")
        .get_template("report.html.j2")
        .render(
            view=view,
            figures=[(chart, figure_json(chart)) for chart in view.charts],
            plotly_file=PLOTLY_FILE,
            milestones=MILESTONES,
            week_goals=WEEK_GOALS,
            track_name=track_name,
            generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            stats=STATS_TERMS,
            json=json,
        )
    )


def build_report(out_dir: Path, data: OutcomeData) -> Path:
    """Write the report (index.html and plotly.min.js) into `out_dir`; return the page's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / REPORT_FILE
    page.write_text(render_report(report_view(data)), encoding="utf-8")
    script = out_dir / PLOTLY_FILE
    bundle = plotly.offline.get_plotlyjs()
    if not script.exists() or script.read_text(encoding="utf-8") != bundle:
        script.write_text(bundle, encoding="utf-8")
    return page
