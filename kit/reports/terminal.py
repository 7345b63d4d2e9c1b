"""Terminal renderings (rich) of reports."""

from __future__ import annotations

from rich.table import Table

from kit.reports.outcomes import OutcomeReport, exercise_label


def outcome_table(report: OutcomeReport) -> Table:
    """A rich table: one row per learner, a column per exercise, total and certification."""
    table = Table(
        title=f"{report.course.title}: {report.certification.title}",
        caption=f"{report.certified_count} of {len(report.rows)} learners certified "
        f"(pass mark {report.course.passing_score:g}%)",
    )
    table.add_column("Learner", style="bold")
    for key, points in report.exercises:
        table.add_column(f"{exercise_label(key)}\n/{points:g}", justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Certification")
    for row in report.rows:
        cells = [f"{row.scores.get(key, 0):g}" for key, _ in report.exercises]
        outcome = (
            "[green]certified[/green]"
            if row.decision.certified
            else "[red]not yet[/red]: " + "; ".join(s.brief() for s in row.decision.shortfalls)
        )
        table.add_row(
            row.learner, *cells, f"{row.total:g}/{row.max_total:g} ({row.percent:.0f}%)", outcome
        )
    return table
