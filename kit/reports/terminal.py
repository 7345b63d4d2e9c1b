"""Terminal renderings (rich) of reports."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from kit.grades import AssignmentScore, AutogradeOutcome
from kit.reports.outcomes import OutcomeReport


def outcome_table(report: OutcomeReport) -> Table:
    """A rich table: one row per learner, a column per assignment, total and certification."""
    table = Table(
        title=f"{report.course.title}: {report.certification.title}",
        caption=f"{report.certified_count} of {len(report.rows)} learners certified "
        f"(pass mark {report.course.passing_score:g}% per assignment)",
    )
    table.add_column("Learner", style="bold")
    for assignment, points in report.assignments:
        table.add_column(f"{assignment}\n/{points:g}", justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Certification")
    for row in report.rows:
        cells = [
            f"{row.scores.get(a, 0):g}"
            if report.passed(row, a)
            else f"[red]{row.scores.get(a, 0):g}[/red]"
            for a, _ in report.assignments
        ]
        outcome = (
            "[green]certified[/green]"
            if row.decision.certified
            else "[red]not yet[/red]: " + "; ".join(s.brief() for s in row.decision.shortfalls)
        )
        table.add_row(
            row.learner, *cells, f"{row.total:g}/{row.max_total:g} ({row.percent:.0f}%)", outcome
        )
    return table


def autograde_table(
    outcomes: Iterable[AutogradeOutcome], scores: Iterable[AssignmentScore]
) -> Table:
    """One row per submission: its score, or why it could not be graded."""
    by_learner = {s.learner: s for s in scores}
    rows = sorted(outcomes, key=lambda o: o.learner)
    failed = sum(not o.ok for o in rows)
    table = Table(title="Autograde", caption=f"{len(rows) - failed} graded, {failed} failed")
    table.add_column("Learner", style="bold")
    table.add_column("Score", justify="right")
    table.add_column("Status")
    for outcome in rows:
        score = by_learner.get(outcome.learner)
        shown = f"{score.score:g}/{score.max_score:g}" if score and outcome.ok else "-"
        status = "[green]graded[/green]" if outcome.ok else f"[red]failed[/red]: {outcome.message}"
        table.add_row(outcome.learner, shown, status)
    return table
