"""The outcomes dashboard: the report's numbers and charts as ipywidgets, for Voila.

The Voila notebook (`dashboard.ipynb` beside this module) only calls `dashboard_from_env()`. What
it shows comes from the environment variable `SGKIT_DASHBOARD`, which `sgkit dashboard` sets to
the JSON form of `DashboardSources` before it starts Voila, so the notebook has no parameters a
browser could change. Charts are plotly figures sent as their mime bundle into Output widgets,
which JupyterLab and Voila draw with plotly's renderer extension (no CDN).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import plotly.io as pio  # type: ignore[import-untyped]

from kit.errors import ConfigError
from kit.outcomes.charts import Chart, adoption_chart, dau_mau_chart, timeline_chart
from kit.outcomes.config import load_outcomes_config
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import HEALTH_INPUTS, InputPaths
from kit.outcomes.onboarding import MILESTONES, WEEK_GOALS, track_name
from kit.outcomes.report import STATS_TERMS, ReportView, report_view
from kit.outcomes.run import OutcomeSources, load_outcome_data
from kit.plans.tracker import Completion
from kit.templating import html_templates

SOURCES_ENV = "SGKIT_DASHBOARD"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
ALL_CUSTOMERS = ""
CUSTOMER_CHARTS = ("adoption", "adoption-contract", "timeline", "dau-mau")
"""The charts of the customer tab; the other tabs take theirs from the report view."""
TAB_CHARTS = {
    "Feedback": ("nps-course", "nps-trainer"),
    "CE onboarding": ("onboarding", "trained"),
    "Customer health": ("effects",),
}


@dataclass(frozen=True)
class DashboardSources:
    """What the dashboard reads, as `sgkit dashboard` hands it to the Voila kernel."""

    courses_dir: Path
    sample_dir: Path
    inputs: InputPaths | None = None
    records_url: str | None = None
    as_of: dt.date | None = None
    gradebook_completions: tuple[Completion, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        """The JSON form set in SGKIT_DASHBOARD."""
        inputs = self.inputs
        return json.dumps(
            {
                "courses_dir": str(self.courses_dir),
                "sample_dir": str(self.sample_dir),
                "inputs": None if inputs is None else _input_json(inputs),
                "records_url": self.records_url,
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "gradebook_completions": [
                    [c.customer, c.course, c.day.isoformat()] for c in self.gradebook_completions
                ],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> DashboardSources:
        """Read the form `to_json` writes; a malformed value is a ConfigError naming the key."""
        try:
            raw: dict[str, Any] = json.loads(text)
            inputs = raw.get("inputs")
            return cls(
                courses_dir=Path(raw["courses_dir"]),
                sample_dir=Path(raw["sample_dir"]),
                inputs=None if inputs is None else _input_paths(inputs),
                records_url=raw.get("records_url"),
                as_of=dt.date.fromisoformat(raw["as_of"]) if raw.get("as_of") else None,
                gradebook_completions=tuple(
                    Completion(customer, course, dt.date.fromisoformat(day))
                    for customer, course, day in raw.get("gradebook_completions", [])
                ),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                f"{SOURCES_ENV} is not what `sgkit dashboard` writes ({error}); "
                "start the dashboard with `sgkit dashboard`"
            ) from None


def _input_json(inputs: InputPaths) -> dict[str, Any]:
    out: dict[str, Any] = {
        k: None if v is None else str(v) for k, v in vars(inputs).items() if k != "profiles"
    }
    out["profiles"] = [str(p) for p in inputs.profiles]
    return out


def _input_paths(raw: Mapping[str, Any]) -> InputPaths:
    def optional(key: str) -> Path | None:
        value = raw.get(key)
        return None if value is None else Path(str(value))

    return InputPaths(
        customers=optional("customers"),
        usage=Path(str(raw["usage"])),
        feedback=optional("feedback"),
        roster=optional("roster"),
        completions=optional("completions"),
        profiles=tuple(Path(str(p)) for p in raw.get("profiles", [])),
        **{name: optional(name) for name in HEALTH_INPUTS},
    )


def load_dashboard_data(sources: DashboardSources) -> OutcomeData:
    """The outcome data the dashboard shows."""
    from kit.courses import load_catalog

    catalog = load_catalog(sources.courses_dir)
    outcome_sources = OutcomeSources(
        sources.inputs, sources.records_url, sources.gradebook_completions
    )
    return load_outcome_data(
        outcome_sources,
        as_of=sources.as_of,
        blocks=catalog.training_blocks.values(),
        sample_dir=sources.sample_dir,
        config=load_outcomes_config(sources.courses_dir, catalog.courses),
        published=[c.id for c in catalog.published_courses],
    )


def plotly_bundle(chart: Chart) -> dict[str, Any]:
    """The display_data output that draws `chart` (plotly's mime type, text as a fallback)."""
    figure = json.loads(pio.to_json(chart.figure, validate=True))
    figure.setdefault("config", {}).update({"responsive": True, "displaylogo": False})
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: figure, "text/plain": chart.title},
        "metadata": {},
    }


def customer_data(data: OutcomeData, customer: str) -> OutcomeData:
    """`data` narrowed to one customer (ALL_CUSTOMERS: unchanged)."""
    if customer == ALL_CUSTOMERS:
        return data
    if customer not in {c.customer for c in data.customers}:
        raise ConfigError(f'unknown customer "{customer}"')
    return replace(
        data,
        customers=tuple(c for c in data.customers if c.customer == customer),
        usage=tuple(u for u in data.usage if u.customer == customer),
        completions=tuple(c for c in data.completions if c.customer == customer),
        feedback=tuple(f for f in data.feedback if f.customer == customer),
    )


def customer_charts(data: OutcomeData, customer: str) -> list[Chart]:
    """The customer tab's charts for one customer, or for all."""
    narrowed = customer_data(data, customer)
    return [
        adoption_chart(narrowed),
        adoption_chart(narrowed, from_contract=True),
        timeline_chart(narrowed),
        dau_mau_chart(narrowed),
    ]


def _partial(name: str, view: ReportView, **extra: object) -> str:
    template = html_templates("kit.outcomes").get_template(name)
    styles = html_templates("kit.outcomes").get_template("_styles.css.j2").render()
    body = template.render(
        view=view,
        milestones=MILESTONES,
        week_goals=WEEK_GOALS,
        track_name=track_name,
        stats=STATS_TERMS,
        **extra,
    )
    return f'<div class="sgkit-dashboard"><style>{_scoped(styles)}</style>{body}</div>'


def _scoped(css: str) -> str:
    """The report's styles limited to the dashboard's own HTML (not Voila's page)."""
    rules = []
    for rule in css.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = ", ".join(
            f".sgkit-dashboard {s.strip()}" for s in selectors.split(",") if s.strip() != "body"
        )
        if scoped:
            rules.append(f"{scoped} {{{body}}}")
    return "\n".join(rules)


def _chart_box(charts: Sequence[Chart]) -> Any:
    import ipywidgets as widgets

    children: list[Any] = []
    for chart in charts:
        note = f'<p class="note">{chart.note}</p>' if chart.note else ""
        children.append(widgets.HTML(f"<h3>{chart.title}</h3>{note}"))
        out = widgets.Output(layout={"width": "100%"})
        out.outputs = (plotly_bundle(chart),)
        out.add_class(f"chart-{chart.id}")
        children.append(out)
    return widgets.VBox(children, layout={"width": "100%"})


class Dashboard:
    """The widget tree: a summary, then tabs for customers, feedback, CE onboarding, impact,
    customer health and the OKR scoreboard."""

    def __init__(self, data: OutcomeData) -> None:
        import ipywidgets as widgets

        self.data = data
        self.view = report_view(data)
        choices = [
            (f"{o.customer.name} ({o.verdict})", o.customer.customer) for o in self.view.outcomes
        ]
        self.picker = widgets.Dropdown(
            options=[("All customers", ALL_CUSTOMERS), *choices],
            value=ALL_CUSTOMERS,
            description="Customer",
            layout={"width": "420px"},
        )
        self.picker.add_class("customer-picker")
        self.customer_table = widgets.HTML()
        self.customer_charts = widgets.VBox(layout={"width": "100%"})
        self.picker.observe(lambda _: self.show_customer(self.picker.value), names="value")
        self.show_customer(ALL_CUSTOMERS)
        by_id = {chart.id: chart for chart in self.view.charts}
        tabs = {
            "Customers": widgets.VBox([self.picker, self.customer_charts, self.customer_table]),
            "Feedback": widgets.VBox(
                [
                    _chart_box([by_id[i] for i in TAB_CHARTS["Feedback"] if i in by_id]),
                    widgets.HTML(_partial("_feedback.html.j2", self.view)),
                ]
            ),
            "CE onboarding": widgets.VBox(
                [
                    _chart_box([by_id[i] for i in TAB_CHARTS["CE onboarding"] if i in by_id]),
                    widgets.HTML(_partial("_ces.html.j2", self.view)),
                ]
            ),
            "Training impact": widgets.HTML(_partial("_impact.html.j2", self.view)),
            "Customer health": widgets.VBox(
                [
                    _chart_box([by_id[i] for i in TAB_CHARTS["Customer health"] if i in by_id]),
                    widgets.HTML(_partial("_health.html.j2", self.view)),
                ]
            ),
            "OKRs": widgets.HTML(_partial("_okrs.html.j2", self.view)),
        }
        self.tabs = widgets.Tab(children=list(tabs.values()), titles=list(tabs))
        self.widget = widgets.VBox([widgets.HTML(self._summary()), self.tabs])

    def _summary(self) -> str:
        counts = ", ".join(f"{n} {verdict}" for verdict, n in self.view.verdict_counts)
        sample = (
            ' <strong class="banner">Sample data: simulated, fictional customers.</strong>'
            if self.data.synthetic
            else ""
        )
        return (
            f'<div class="sgkit-dashboard"><h1>Training outcomes</h1><p class="meta">As of '
            f"{self.data.as_of.isoformat()}: {len(self.data.customers)} customers ({counts}), "
            f"{len(self.data.roster)} CEs, {len(self.data.feedback)} feedback answers.{sample}"
            "</p></div>"
        )

    def show_customer(self, customer: str) -> None:
        """Show one customer's row and charts (ALL_CUSTOMERS: everyone's)."""
        outcomes = tuple(
            o for o in self.view.outcomes if customer in (ALL_CUSTOMERS, o.customer.customer)
        )
        self.customer_table.value = _partial(
            "_customers.html.j2", replace(self.view, outcomes=outcomes)
        )
        self.customer_charts.children = (_chart_box(customer_charts(self.data, customer)),)


def sources_from_env(environ: Mapping[str, str] | None = None) -> DashboardSources:
    """The sources `sgkit dashboard` set for this kernel."""
    text = (os.environ if environ is None else environ).get(SOURCES_ENV)
    if not text:
        raise ConfigError(f"{SOURCES_ENV} is not set; start the dashboard with `sgkit dashboard`")
    return DashboardSources.from_json(text)


def dashboard_from_env() -> Any:
    """The dashboard's widget for the sources in the environment (what the notebook displays)."""
    return Dashboard(load_dashboard_data(sources_from_env())).widget
