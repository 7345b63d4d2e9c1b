"""`sgkit variants build`: each customer's copy of the published courses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, err_console, find_project

ProfilesArgument = Annotated[
    list[Path], typer.Argument(help="Customer profile files (courses/customers/*.yaml).")
]


variants_app = typer.Typer(help="Courses in each customer's own terms.", no_args_is_help=True)


@variants_app.command("build")
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
            help="Prove each variant on the grader's path: the solution scores full marks, the "
            "blank copy 0, ids and points unchanged (about a second a notebook).",
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
    from kit.cli.progress import counting
    from kit.cli.tables import variant_lines
    from kit.customers import load_profiles
    from kit.variants.build import VariantsIncompleteError, build_variants

    checkout = find_project(project)
    loaded = load_profiles(profiles)
    try:
        with counting("Variants", err_console) as (planned, done):
            built = build_variants(
                loaded, checkout, out=out, courses=courses, assignments=assignments,
                workers=workers, check=check, live_checks=not practice_checks,
                on_planned=planned, on_done=done,
            )  # fmt: skip
    except VariantsIncompleteError as incomplete:
        for line in variant_lines(incomplete.built, checked=check):
            console.print(line)
        raise
    for line in variant_lines(built, checked=check):
        console.print(line)
