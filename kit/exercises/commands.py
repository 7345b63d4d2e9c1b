"""`sgkit exercises sync`: recompute the visible checks' fingerprints of instructor notebooks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli_common import console


def sync_command(
    notebooks: Annotated[list[Path], typer.Argument(help="Instructor notebooks (.ipynb).")],
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 when a fingerprint is stale.")
    ] = False,
) -> None:
    """Rewrite each visible check's fingerprint from its hidden reference answer."""
    from kit.exercises.authoring import sync_notebook

    stale = wrong = 0
    for path in notebooks:
        for sync in sync_notebook(path, write=not check):
            if sync.stale:
                stale += 1
                verb = "is stale" if check else "updated"
                console.print(f"{path}: {sync.grade_id}: {sync.written} {verb} -> {sync.current}")
            for hint in sync.wrong_hints:
                wrong += 1
                console.print(
                    f"{path}: {sync.grade_id}: the near miss {hint!r} in hints= is a right answer"
                )
    if wrong or (check and stale):
        raise typer.Exit(1)
    console.print(f"{len(notebooks)} notebook(s): every visible check is current")


def register_exercise_commands(app: typer.Typer) -> None:
    """Add the `exercises` command group to `app`."""
    group = typer.Typer(help="Author exercises: keep visible checks in step with the references.")
    group.command("sync")(sync_command)
    app.add_typer(group, name="exercises")
