"""What every `sgkit` command module shares: the consoles and the common options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from kit.project import Project

console = Console()
err_console = Console(stderr=True)

ProjectOption = Annotated[
    Path | None, typer.Option("--project", help="The kit checkout (default: found from here).")
]
RecordsOption = Annotated[
    str | None,
    typer.Option(
        "--records",
        help="Records database URL (default: $SGKIT_RECORDS_URL, else grading/records.db).",
    ),
]


def find_project(path: Path | None) -> Project:
    """The kit checkout: `path`, `$SGKIT_PROJECT`, or found from the working folder."""
    from kit.project import Project

    return Project.discover(path)
