"""`sgkit catalog`: the training catalog as one HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, find_project


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
