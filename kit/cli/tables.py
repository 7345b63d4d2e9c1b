"""Terminal rendering (rich) of the results the commands print: autograde, cohort, certification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from kit.certify import Decision
    from kit.certify.coverage import BlockCoverage
    from kit.certify.issue import Issued
    from kit.courses import Rubric
    from kit.grading.grades import AssignmentScore, AutogradeOutcome
    from kit.grading.status import LearnerStatus
    from kit.outcomes.cohort import CohortReport
    from kit.records.assessments import RubricSession
    from kit.variants.build import CustomerVariants


def certification_table(decisions: Mapping[str, Sequence[Decision]]) -> Table:
    """One row per (path, learner): certified, or what is missing."""
    table = Table(title="Certification decisions")
    for column in ("Certification", "Learner", "Decision"):
        table.add_column(column)
    for path_id, path_decisions in decisions.items():
        for decision in path_decisions:
            verdict = "[green]certified[/green]" if decision.certified else decision.explain()
            table.add_row(path_id, decision.learner, verdict)
    return table


def issued_lines(issued: Iterable[Issued]) -> list[str]:
    """One line per credential issued: to whom, and its token and certificate files."""
    lines = []
    for item in issued:
        renewal = " (renewal)" if item.credential.renews else ""
        lines.append(
            f"issued {item.credential.certification} to {item.credential.learner}{renewal}: "
            f"{item.token_file} and {item.certificate.pdf}"
        )
    return lines


def cohort_table(report: CohortReport) -> Table:
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
    table = Table(title="Autograde", caption=f"{len(rows) - failed} graded, {failed} not graded")
    table.add_column("Learner", style="bold")
    table.add_column("Score", justify="right")
    table.add_column("Status")
    for outcome in rows:
        score = by_learner.get(outcome.learner)
        shown = f"{score.score:g}/{score.max_score:g}" if score and outcome.ok else "-"
        status = (
            "[green]graded[/green]" if outcome.ok else f"[red]not graded[/red]: {outcome.message}"
        )
        table.add_row(outcome.learner, shown, status)
    return table


def rubric_table(rubric: Rubric, sessions: Sequence[RubricSession]) -> Table:
    """Each learner's sessions on a rubric: passed (certified here) or why not."""
    from kit.certify.rubric_rules import evaluate_rubric

    table = Table(title=rubric.title)
    for column in ("Learner", "Session", "Subject", "Verdict"):
        table.add_column(column)
    for who in sorted({s.learner for s in sessions}):
        decision = evaluate_rubric(rubric, who, sessions)
        for verdict in decision.history:
            passed = verdict.passed and verdict is decision.passing
            table.add_row(
                who,
                verdict.session.label(),
                verdict.session.subject or "",
                "[green]passed: certified here[/green]" if passed else verdict.explain(),
            )
    return table


def coverage_table(coverage: Iterable[BlockCoverage], team_size: int) -> Table:
    """The share of the CE team certified to deliver each training block, and who is missing."""
    table = Table(title=f"Train-the-trainer coverage ({team_size} CEs, goal 100%)")
    for column in ("Training block", "Trained", "Missing"):
        table.add_column(column)
    for block in coverage:
        colour = "green" if block.on_goal else "yellow"
        table.add_row(
            block.block.title,
            f"[{colour}]{len(block.trained)}/{team_size} ({block.percent:.0f}%)[/{colour}]",
            ", ".join(m.name for m in block.missing) or "nobody",
        )
    return table


def variant_lines(built: Iterable[CustomerVariants], *, checked: bool) -> list[str]:
    """One line per customer: notebooks built, checked, and where its search checks run."""
    lines = []
    for result in built:
        ok = sum(1 for n in result.notebooks if n.check is not None and n.check.ok)
        note = f", {ok} checked" if checked else ""
        counts = [n.live for n in result.notebooks if n.live is not None]
        if counts:
            live, practice = sum(c.live for c in counts), sum(c.practice for c in counts)
            note += (
                f", {live} search checks on {result.customer.endpoint}"
                f" ({practice} stay on the practice corpus)"
            )
        lines.append(
            f"{result.customer.name}: {len(result.notebooks)} notebooks{note} in {result.folder}"
        )
    return lines


_STATE_STYLES = {"graded": "green", "not graded": "red", "waiting": "yellow", "missing": "dim"}


def status_table(assignment: str, found: Iterable[LearnerStatus]) -> Table:
    """One row per learner: graded (score), not graded (why), waiting or missing."""
    rows = list(found)
    counts = {state: sum(r.state == state for r in rows) for state in _STATE_STYLES}
    caption = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
    table = Table(title=f"{assignment}: status", caption=caption)
    for column in ("Learner", "Status", "Detail"):
        table.add_column(column)
    for row in rows:
        style = _STATE_STYLES[row.state]
        table.add_row(row.learner, f"[{style}]{row.state}[/{style}]", row.detail)
    return table
