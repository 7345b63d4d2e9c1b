"""`sgkit hub`: start the multi-user hub (JupyterHub, nbgrader exchange, formgraders)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, find_project


def hub(
    settings: Annotated[Path, typer.Argument(help="Hub settings file (YAML).")],
    check: Annotated[
        bool, typer.Option("--check", help="Only validate the settings and the hub's tools.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Run JupyterHub on 127.0.0.1 with a formgrader per course (as root)."""
    from kit.hub.run import check_hub, run_hub

    checkout = find_project(project)
    if check:
        found = check_hub(settings, checkout)
        for course in found.courses:
            console.print(
                f"{course.id}: {course.course}, {len(course.learners)} learners, "
                f"{len(course.graders)} graders, formgrader {found.url}"
                f"/services/{course.service}/"
            )
        return
    raise typer.Exit(run_hub(settings, checkout))
