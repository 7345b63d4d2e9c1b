"""The report's interactive charts as plotly figures, built from the metrics (no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import plotly.colors  # type: ignore[import-untyped]
import plotly.graph_objects as go  # type: ignore[import-untyped]

from kit.certify.coverage import BlockCoverage
from kit.outcomes.data import OutcomeData
from kit.outcomes.metrics import HEALTHY_DAU_MAU, USAGE_WINDOW_DAYS, Nps, dau_mau
from kit.outcomes.models import ONBOARDING_WEEKS
from kit.outcomes.onboarding import DEMO_CERTIFIED_BY_DAY, CeProgress
from kit.outcomes.targets import FROM_CONTRACT, FROM_PRODUCTION, Milestones, pace

if TYPE_CHECKING:
    from kit.outcomes.effects import FeatureEffect

TEMPLATE = "plotly_white"
MARGIN = {"t": 30, "b": 50, "l": 60, "r": 20}
PALETTE: tuple[str, ...] = tuple(plotly.colors.qualitative.Dark24)
COLOURS = {"on track": "#2e7d32", "at risk": "#ef6c00", "behind": "#c62828", "ramped": "#1565c0"}


@dataclass(frozen=True)
class Chart:
    """One figure with the id and heading the page shows it under."""

    id: str
    title: str
    figure: go.Figure
    note: str = ""


def _colour(data: OutcomeData, slug: str) -> str:
    """One colour per customer, the same in every chart."""
    slugs = [c.customer for c in data.customers]
    return PALETTE[slugs.index(slug) % len(PALETTE)]


def _percent_axis(figure: go.Figure, title: str) -> None:
    figure.update_yaxes(title_text=title, ticksuffix="%", rangemode="tozero")


def _target_lines(figure: go.Figure, milestones: Milestones, last_day: int) -> None:
    days = sorted({0, *(d for d, _ in milestones), max(last_day, milestones[-1][0] + 30)})
    figure.add_trace(
        go.Scatter(
            x=days,
            y=[round(100 * pace(d, milestones), 1) for d in days],
            name="Pace to the targets",
            mode="lines",
            line={"dash": "dash", "color": "#555", "width": 2},
        )
    )
    start = 0
    for due_day, share in milestones:
        figure.add_shape(
            type="rect",
            x0=start,
            x1=due_day,
            y0=0,
            y1=100 * share,
            layer="below",
            fillcolor="rgba(46,125,50,0.07)",
            line={"width": 0},
        )
        figure.add_annotation(
            x=due_day,
            y=100 * share,
            text=f"{share:.0%} by day {due_day}",
            showarrow=True,
            arrowhead=2,
            ax=-40,
            ay=-25,
            font={"size": 11},
        )
        start = due_day


def adoption_chart(data: OutcomeData, *, from_contract: bool = False) -> Chart:
    """Adoption (MAU/seats) per customer by day since production set-up (or contract), with the
    target bands and the pace line."""
    figure = go.Figure()
    last = 0
    for customer in data.customers:
        anchor = customer.contract_date if from_contract else customer.production_setup_date
        rows = data.usage_of(customer.customer)
        if anchor is None or not rows:
            continue
        points = [((u.date - anchor).days, round(100 * u.mau / u.seats, 1)) for u in rows]
        points = [(d, s) for d, s in points if d >= 0]
        if not points:
            continue
        last = max(last, points[-1][0])
        figure.add_trace(
            go.Scatter(
                x=[d for d, _ in points],
                y=[s for _, s in points],
                name=customer.name,
                mode="lines",
                line={"color": _colour(data, customer.customer)},
                hovertemplate="day %{x}: %{y}%<extra>" + customer.name + "</extra>",
            )
        )
    milestones = FROM_CONTRACT if from_contract else FROM_PRODUCTION
    _target_lines(figure, milestones, last)
    anchor_name = "contract" if from_contract else "production set-up"
    figure.update_layout(template=TEMPLATE, margin=MARGIN, height=480, legend={"orientation": "v"})
    figure.update_xaxes(title_text=f"Days since {anchor_name}")
    _percent_axis(figure, "MAU / seats purchased")
    if from_contract:
        return Chart(
            "adoption-contract",
            "Future goal: 75% adoption by day 180 of the contract",
            figure,
            "The same adoption counted from the contract date; customers without usage data "
            "are left out.",
        )
    return Chart(
        "adoption",
        "Adoption against the target bands (from production set-up)",
        figure,
        "Shaded: the target of each period (25% by day 90, 50% by 180, 75% by 270 and after); "
        "dashed: the straight-line pace between them. Customers without usage data or without "
        "production set-up are not drawn.",
    )


def timeline_chart(data: OutcomeData) -> Chart:
    """Adoption over the calendar with each training session marked on its customer's curve."""
    figure = go.Figure()
    for customer in data.customers:
        rows = data.usage_of(customer.customer)
        by_day = {u.date: 100 * u.mau / u.seats for u in rows}
        if rows:
            figure.add_trace(
                go.Scatter(
                    x=[u.date.isoformat() for u in rows],
                    y=[round(by_day[u.date], 1) for u in rows],
                    name=customer.name,
                    mode="lines",
                    legendgroup=customer.customer,
                    line={"color": _colour(data, customer.customer)},
                )
            )
        sessions: dict[tuple[str, dt.date], int] = {}
        for done in data.completions_of(customer.customer):
            sessions[(done.course, done.day)] = sessions.get((done.course, done.day), 0) + 1
        if not sessions:
            continue
        keys = sorted(sessions, key=lambda k: k[1])
        figure.add_trace(
            go.Scatter(
                x=[day.isoformat() for _, day in keys],
                y=[round(by_day.get(day, 0.0), 1) for _, day in keys],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 9,
                    "line": {"width": 1},
                    "color": _colour(data, customer.customer),
                },
                name=f"{customer.name}: training",
                legendgroup=customer.customer,
                showlegend=False,
                text=[f"{course}: {sessions[(course, day)]} completed" for course, day in keys],
                hovertemplate="%{x}<br>%{text}<extra>" + customer.name + "</extra>",
            )
        )
    figure.update_layout(template=TEMPLATE, margin=MARGIN, height=480)
    _percent_axis(figure, "MAU / seats purchased")
    return Chart(
        "timeline",
        "Training events on the adoption timeline",
        figure,
        "Diamonds: days learners completed a course (hover for the course and count). An "
        "air-gapped customer's trainings sit at 0% because it sends no usage data.",
    )


def dau_mau_chart(data: OutcomeData) -> Chart:
    """DAU/MAU per customer over a trailing four weeks, against the 30% line."""
    figure = go.Figure()
    for customer in data.customers:
        rows = data.usage_of(customer.customer)
        if len(rows) < USAGE_WINDOW_DAYS:
            continue
        xs, ys = [], []
        for end in range(USAGE_WINDOW_DAYS - 1, len(rows), 7):
            ratio = dau_mau(rows[end - USAGE_WINDOW_DAYS + 1 : end + 1])
            if ratio is not None:
                xs.append(rows[end].date.isoformat())
                ys.append(round(100 * ratio, 1))
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                name=customer.name,
                mode="lines",
                line={"color": _colour(data, customer.customer)},
            )
        )
    figure.add_hline(
        y=100 * HEALTHY_DAU_MAU,
        line={"dash": "dash", "color": "#c62828"},
        annotation_text="healthy: above 30%",
    )
    figure.update_layout(template=TEMPLATE, margin=MARGIN, height=420)
    _percent_axis(figure, "DAU / MAU (4-week)")
    return Chart("dau-mau", "Usage health: DAU / MAU", figure)


def nps_chart(groups: Sequence[Nps], chart_id: str, title: str) -> Chart:
    """NPS per group as bars, with the number of answers in the hover."""
    scored = [g for g in groups if g.score is not None]
    figure = go.Figure(
        go.Bar(
            x=[g.group for g in scored],
            y=[round(g.score or 0.0, 1) for g in scored],
            text=[f"{g.score:+.0f}" for g in scored],
            customdata=[g.answers for g in scored],
            hovertemplate="%{x}: NPS %{y} from %{customdata} answers<extra></extra>",
            marker={"color": ["#2e7d32" if (g.score or 0) > 0 else "#c62828" for g in scored]},
        )
    )
    figure.update_layout(template=TEMPLATE, margin=MARGIN, height=360)
    figure.update_yaxes(title_text="NPS (promoters - detractors, %)", range=[-100, 100])
    return Chart(chart_id, title, figure)


def trained_chart(coverage: Sequence[BlockCoverage]) -> Chart:
    """% of CEs certified to deliver each training block, against the 100% goal."""
    figure = go.Figure(
        go.Bar(
            x=[b.block.title for b in coverage],
            y=[round(b.percent, 1) for b in coverage],
            text=[f"{len(b.trained)} of {len(b.trained) + len(b.missing)}" for b in coverage],
            marker={"color": "#1565c0"},
        )
    )
    figure.add_hline(y=100, line={"dash": "dash"}, annotation_text="goal: 100% of CEs")
    figure.update_layout(template=TEMPLATE, margin=MARGIN, height=360)
    figure.update_yaxes(title_text="CEs trained", ticksuffix="%", range=[0, 110])
    return Chart("trained", "Train-the-trainer: % of CEs certified per block", figure)


def onboarding_chart(progress: Sequence[CeProgress]) -> Chart:
    """Each CE's onboarding weeks done against those expected by now, coloured by status."""
    names = [p.ce.name for p in progress]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=names,
            x=[p.ce.weeks_done for p in progress],
            orientation="h",
            name="Weeks done",
            marker={"color": [COLOURS.get(p.status, "#777") for p in progress]},
            text=[p.status for p in progress],
            customdata=[p.day for p in progress],
            hovertemplate="%{y}: %{x} weeks done, day %{customdata}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            y=names,
            x=[p.weeks_expected for p in progress],
            mode="markers",
            name="Expected by now",
            marker={"symbol": "line-ns-open", "size": 18, "color": "#000"},
        )
    )
    figure.update_layout(
        template=TEMPLATE, margin=MARGIN, height=80 + 40 * len(progress), barmode="overlay"
    )
    figure.update_xaxes(title_text="Onboarding weeks", range=[0, ONBOARDING_WEEKS + 0.5])
    figure.update_yaxes(autorange="reversed")
    return Chart(
        "onboarding",
        "CE onboarding: six weeks",
        figure,
        f"Bars: weeks done; ticks: weeks expected by today. Demo Certification is due by day "
        f"{DEMO_CERTIFIED_BY_DAY}; the table below has the 30/60/90-day milestones.",
    )


def effects_chart(effects: Sequence[FeatureEffect]) -> Chart:
    """Each use-case training's estimated change in feature use with its 95% interval: the
    taught features, and the placebo (features it does not teach), against no change."""
    shown = [e for e in effects if e.estimate is not None]
    labels = [
        f"{e.use_case}: {'placebo, not taught' if e.placebo else 'taught'}<br>{e.feature_names}"
        for e in shown
    ]
    estimates = [e.estimate for e in shown if e.estimate is not None]
    figure = go.Figure(
        go.Scatter(
            x=[round(s.percent, 1) for s in estimates],
            y=labels,
            mode="markers",
            marker={"size": 12, "color": ["#888" if e.placebo else "#1565c0" for e in shown]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [round(s.percent_high - s.percent, 1) for s in estimates],
                "arrayminus": [round(s.percent - s.percent_low, 1) for s in estimates],
            },
            customdata=[len(e.trained) for e in shown],
            hovertemplate="%{x}% (%{customdata} trained customers)<extra></extra>",
            name="Estimate and 95% interval",
        )
    )
    figure.add_vline(x=0, line={"dash": "dash", "color": "#555"}, annotation_text="no change")
    figure.update_layout(
        template=TEMPLATE, margin={**MARGIN, "l": 260}, height=120 + 90 * len(shown)
    )
    figure.update_xaxes(title_text="Change in use per active user after the course", ticksuffix="%")
    figure.update_yaxes(autorange="reversed")  # in the order of the findings: taught first
    return Chart(
        "effects",
        "Feature use after a use-case training, with 95% intervals",
        figure,
        note="Dots: estimated change against customers not (yet) trained; bars: 95% intervals. "
        "A bar across the dashed line cannot tell the change from no change.",
    )
