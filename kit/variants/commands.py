"""`sgkit variants build`, `sgkit plan` and `sgkit catalog`: parse arguments, call one function."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kit.cli_common import ProjectOption, console, err_console, find_project

ProfilesArgument = Annotated[
    list[Path], typer.Argument(help="Customer profile files (courses/customers/*.yaml).")
]


def variants_build(
    profiles: ProfilesArgument,
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default: <checkout>/build/variants).")
    ] = None,
    courses: Annotated[
        list[str] | None, typer.Option("--courses", help="Only these courses (default: all).")
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option("--assignments", help="Only these assignments (default: all)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check/--no-check",
            help="Execute each variant and prove solution = full marks, blank = 0 (slow).",
        ),
    ] = True,
    practice_checks: Annotated[
        bool,
        typer.Option(
            "--practice-checks",
            help="For a customer with a sourcegraph_url, keep the search checks on the practice "
            "corpus instead of computing them on the instance (SRC_ACCESS_TOKEN).",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes in parallel.")] = 2,
    project: ProjectOption = None,
) -> None:
    """Build each customer's copy of every published course's learner notebooks; a live
    customer's search checks are computed on its Sourcegraph (token from SRC_ACCESS_TOKEN)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from kit.variants import load_profiles
    from kit.variants.build import build_variants

    checkout = find_project(project)
    loaded = load_profiles(profiles)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console) as progress:
        task = progress.add_task("Variants", total=None)
        built = build_variants(
            loaded,
            checkout,
            out=out,
            courses=courses,
            assignments=assignments,
            workers=workers,
            check=check,
            live_checks=not practice_checks,
            on_planned=lambda total: progress.update(task, total=total),
            on_done=lambda done: progress.advance(task),
        )
    for result in built:
        checked = sum(1 for n in result.notebooks if n.check is not None and n.check.ok)
        note = f", {checked} checked" if check else ""
        counts = [n.live for n in result.notebooks if n.live is not None]
        if counts:
            live, practice = sum(c.live for c in counts), sum(c.practice for c in counts)
            note += (
                f", {live} search checks on {result.customer.endpoint}"
                f" ({practice} stay on the practice corpus)"
            )
        console.print(
            f"{result.customer.name}: {len(result.notebooks)} notebooks{note} in {result.folder}"
        )


def plan(
    profiles: ProfilesArgument,
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default: <checkout>/build/plans).")
    ] = None,
    completions: Annotated[
        Path | None,
        typer.Option(help="CSV of customer,course,date: marks sessions done and lists the late."),
    ] = None,
    learners: Annotated[
        Path | None,
        typer.Option(
            help="CSV of learner,customer: marks sessions done from the gradebooks' completions."
        ),
    ] = None,
    grading: Annotated[
        Path | None,
        typer.Option(help="Grading folder with the gradebooks (default: <checkout>/grading)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Status date, YYYY-MM-DD (default: today).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write each customer's plan as HTML and an iCalendar file: the 90-day enablement plan, or
    the trial plan for a profile at `stage: trial`. With --completions or --learners, each
    session is marked done, late or upcoming."""
    from kit.courses import load_catalog
    from kit.plans import (
        TrialPlan,
        dated_plan,
        late,
        read_completions,
        track,
        write_plan,
        write_trial_plan,
    )
    from kit.variants import load_profiles

    checkout = find_project(project)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--as-of") from None
    catalog = load_catalog(checkout.courses_dir)
    done = read_completions(completions) if completions else None
    if learners is not None:
        from kit.plans.completions import gradebook_completions, read_learner_roster

        graded = gradebook_completions(
            checkout, catalog, read_learner_roster(learners), grading_dir=grading
        )
        console.print(f"{len(graded)} course completions in the gradebooks")
        done = (done or []) + graded
    target = out or checkout.build_dir / "plans"
    for profile in load_profiles(profiles):
        dated = dated_plan(profile, checkout.courses_dir, catalog)
        if isinstance(dated, TrialPlan):
            trial = write_trial_plan(dated, target / profile.slug)
            console.print(f"{profile.name} (trial): {trial.html} and {trial.ics}")
            continue
        statuses = track(dated, done, day) if done is not None else None
        files = write_plan(
            dated, target / profile.slug, statuses=statuses, as_of=day if done is not None else None
        )
        console.print(f"{profile.name}: {files.html} and {files.ics}")
        for session in late(statuses or []):
            console.print(f"  late: {session.day.isoformat()} {session.title}")


def catalog(
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default: <checkout>/build/catalog.html).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Render the training catalog (courses, certifications, offerings) as one HTML page."""
    from kit.catalog import render_catalog

    checkout = find_project(project)
    target = out or checkout.build_dir / "catalog.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_catalog(checkout.courses_dir), encoding="utf-8")
    console.print(f"Catalog: {target}")


def register_variant_commands(app: typer.Typer) -> None:
    """Add `variants build`, `plan` and `catalog` to the `sgkit` app."""
    variants_app = typer.Typer(help="Courses in each customer's own terms.", no_args_is_help=True)
    variants_app.command("build")(variants_build)
    app.add_typer(variants_app, name="variants")
    app.command("plan")(plan)
    app.command("catalog")(catalog)
