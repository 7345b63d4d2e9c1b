"""What every `sgkit` command module shares: the consoles and the common options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from kit.errors import ConfigError

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


GradingOption = Annotated[
    Path | None,
    typer.Option(help="Grading folder with the gradebooks (default: <checkout>/grading)."),
]
LearnersOption = Annotated[
    Path | None,
    typer.Option(help="Learner roster, learners.csv (learner,customer): their gradebook records."),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Day to report as of, YYYY-MM-DD (default: today).")
]


def as_of_day(text: str | None) -> date | None:
    """The day an `--as-of` option names (None when not given)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f'--as-of: bad date "{text}" (use YYYY-MM-DD)') from None


def find_project(path: Path | None) -> Project:
    """The kit checkout: `path`, `$SGKIT_PROJECT`, or found from the working folder."""
    from kit.project import Project

    return Project.discover(path)
