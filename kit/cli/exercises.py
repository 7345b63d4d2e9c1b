"""`sgkit exercises sync`: write the visible checks of instructor notebooks from their hidden tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import console

exercises_app = typer.Typer(
    help="Author exercises: keep visible checks in step with the references."
)


@exercises_app.command("sync")
def sync_command(
    notebooks: Annotated[list[Path], typer.Argument(help="Instructor notebooks (.ipynb).")],
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 when a fingerprint is stale.")
    ] = False,
) -> None:
    """Write each visible check (fingerprint and hints) from the hidden test's reference answer
    and near misses."""
    from kit.exercises.authoring import sync_notebook

    stale = wrong = 0
    for path in notebooks:
        for sync in sync_notebook(path, write=not check):
            if sync.stale:
                stale += 1
                verb = "is stale" if check else "rewritten"
                console.print(
                    f"{path}: {sync.grade_id}: the visible check {verb} (expects {sync.expected})"
                )
            for miss in sync.wrong_near_misses:
                wrong += 1
                console.print(
                    f"{path}: {sync.grade_id}: the near miss {miss!r} does what the reference "
                    "does: it is a right answer, not a near miss"
                )
    if wrong or (check and stale):
        raise typer.Exit(1)
    console.print(f"{len(notebooks)} notebook(s): every visible check is current")
