"""`sgkit demo`: the whole path on a simulated cohort."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, find_project


def demo(
    out: Annotated[
        Path | None, typer.Option(help="Output folder, replaced (default: <checkout>/build/demo).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Run the whole path on a simulated cohort: release, autograde, certify, report."""
    from kit.cli.tables import cohort_table
    from kit.demo import run_demo

    checkout = find_project(project)
    target = out or checkout.build_dir / "demo"
    run = run_demo(checkout, target, console)
    console.print(cohort_table(run.report))
    console.print(f"Report: {run.report_path}")
    console.print(f"Feedback: {len(run.feedback)} files under {target / 'grading'}")
    for item in run.issued:
        console.print(
            f"Credential: {item.credential.certification} for {item.credential.learner}: "
            f"{item.token_file} (certificate {item.certificate.pdf.name})"
        )
    if run.issued:
        console.print(f"Check one: sgkit verify {run.issued[0].token_file}")
