"""`sgkit cheatsheet` (the query-language cheat sheet, HTML and PDF) and `sgkit collateral
build` (every customer's enablement assets)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import AsOfOption, ProjectOption, as_of_day, console, find_project


def cheatsheet(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default: <checkout>/build/collateral)."),
    ] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus", help="Corpus to run the examples on (default: the practice corpus)."
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Build the query-language cheat sheet; every example runs on the practice corpus first."""
    from kit.collateral.cheatsheet import build_cheatsheet

    target = out if out is not None else find_project(project).build_dir / "collateral"
    sheet = build_cheatsheet(target, corpus=corpus)
    console.print(f"{len(sheet.counts)} examples ran, each with results")
    console.print(f"wrote {sheet.html}")
    console.print(f"wrote {sheet.pdf}")


collateral_app = typer.Typer(help="Enablement assets per customer.", no_args_is_help=True)


@collateral_app.command("build")
def collateral_build(
    profiles: Annotated[
        list[Path], typer.Argument(help="Customer profile files (courses/customers/*.yaml).")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default: <checkout>/build/collateral)."),
    ] = None,
    as_of: AsOfOption = None,
    project: ProjectOption = None,
) -> None:
    """Build each customer's kickoff e-mail (Markdown, HTML, .eml), cheat sheet and course
    handouts, worded for where the customer is as of --as-of; every query runs on the practice
    corpus first."""
    from rich.progress import Progress

    from kit.collateral.build import build_collateral, collateral_steps
    from kit.customers import load_profiles

    checkout = find_project(project)
    customers = load_profiles(profiles)
    target = out if out is not None else checkout.build_dir / "collateral"
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Building collateral", total=collateral_steps(customers, checkout))
        built = build_collateral(
            customers,
            checkout,
            target,
            as_of=as_of_day(as_of),
            on_step=lambda _: progress.advance(task),
        )
    for result in built:
        console.print(f"{result.customer.name}: {len(result.files)} files in {result.folder}")
