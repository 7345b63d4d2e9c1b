"""`sgkit lab`: JupyterLab on the learner's own copy of the released notebooks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, err_console, find_project


def lab(
    workspace: Annotated[
        Path | None, typer.Option(help="Workspace folder (default: <checkout>/workspace).")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start JupyterLab (or only copy).")
    ] = True,
    project: ProjectOption = None,
) -> None:
    """Copy the released notebooks into your workspace (your changes are kept) and open it in
    JupyterLab; `make release` never touches the workspace."""
    from kit.lab import Workspace, lab_command, prepare_workspace

    checkout = find_project(project)
    folder = workspace or checkout.workspace_dir
    report = prepare_workspace(Workspace(folder, checkout.release_dir))
    console.print(
        f"workspace {folder}: {len(report.copied)} notebook(s) copied, "
        f"{len(report.updated)} updated to the new release"
    )
    for kept in report.kept:
        console.print(f"  kept your changes to {kept} (a newer release is in release/{kept})")
    if not serve:
        return
    if os.geteuid() == 0:
        err_console.print("warning: running JupyterLab as root; a learner account is safer")
    raise typer.Exit(subprocess.call(lab_command(folder)))
