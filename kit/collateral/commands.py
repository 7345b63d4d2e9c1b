"""`sgkit cheatsheet`: build the query-language cheat sheet (HTML and PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli_common import ProjectOption, console, find_project


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


def register_collateral_commands(app: typer.Typer) -> None:
    """Add the collateral commands to the `sgkit` app."""
    app.command()(cheatsheet)
