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
        typer.Option(
            help="CSV of customer,course,date: marks sessions done and lists the late. Each "
            "customer needs a profile; each course a session id or course id."
        ),
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
    from kit.plans.completions import plan_completions
    from kit.plans.run import write_customer_plans

    day = as_of_day(as_of)
    checkout = find_project(project)
    catalog = load_catalog(checkout.courses_dir)
    loaded = load_profiles(profiles)
    done = plan_completions(
        checkout, catalog, loaded, completions=completions, learners=learners, grading_dir=grading
    )
    if learners is not None:
        console.print(f"{done.graded} course completions in the gradebooks")
    for written in write_customer_plans(
        loaded, checkout.courses_dir, catalog, out or checkout.build_dir / "plans",
        completions=done.completions, as_of=day,
    ):  # fmt: skip
        kind = " (trial)" if written.trial else ""
        console.print(f"{written.customer}{kind}: {written.files.html} and {written.files.ics}")
        for session in written.late:
            console.print(f"  late: {session.day.isoformat()} {session.title}")
