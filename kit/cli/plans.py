"""`sgkit plan`: each customer's enablement (or trial) plan as HTML and iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import (
    AsOfOption,
    GradingOption,
    LearnersOption,
    ProjectOption,
    as_of_day,
    console,
    find_project,
)
from kit.cli.variants import ProfilesArgument


def plan(
    profiles: ProfilesArgument,
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default: <checkout>/build/plans).")
    ] = None,
    completions: Annotated[
        Path | None,
        typer.Option(help="CSV of customer,course,date: marks sessions done and lists the late."),
    ] = None,
    learners: LearnersOption = None,
    grading: GradingOption = None,
    as_of: AsOfOption = None,
    project: ProjectOption = None,
) -> None:
    """Write each customer's plan as HTML and an iCalendar file: the 90-day enablement plan, or
    the trial plan for a profile at `stage: trial`. With --completions or --learners, each
    session is marked done, late or upcoming."""
    from kit.courses import load_catalog
    from kit.customers import load_profiles
    from kit.plans import read_completions
    from kit.plans.completions import roster_completions
    from kit.plans.run import write_customer_plans

    checkout = find_project(project)
    catalog = load_catalog(checkout.courses_dir)
    done = read_completions(completions) if completions else None
    graded = roster_completions(checkout, catalog, learners, grading_dir=grading)
    if learners is not None:
        console.print(f"{len(graded)} course completions in the gradebooks")
        done = (done or []) + graded
    for written in write_customer_plans(
        load_profiles(profiles), checkout.courses_dir, catalog, out or checkout.build_dir / "plans",
        completions=done, as_of=as_of_day(as_of),
    ):  # fmt: skip
        kind = " (trial)" if written.trial else ""
        console.print(f"{written.customer}{kind}: {written.files.html} and {written.files.ics}")
        for session in written.late:
            console.print(f"  late: {session.day.isoformat()} {session.title}")
