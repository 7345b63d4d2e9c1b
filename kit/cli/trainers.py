"""`sgkit trainers coverage`: the train-the-trainer coverage of the CE team."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project
from kit.cli.rubric import open_catalog_and_records

trainers_app = typer.Typer(help="Train-the-trainer coverage of the CE team.")


@trainers_app.command("coverage")
def trainers_coverage(
    roster: Annotated[Path, typer.Argument(help="CE roster CSV with columns id,name.")],
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """The share of CEs certified to deliver each training block (goal 100%), and who is missing."""
    from kit.certify.coverage import read_roster, trainer_coverage
    from kit.cli.tables import coverage_table

    checkout = find_project(project)
    catalog, store = open_catalog_and_records(checkout, records)
    team = read_roster(roster)
    with store:
        coverage = trainer_coverage(
            catalog.training_blocks.values(),
            team,
            store.credentials(),
            store.revocations(),
            datetime.now(UTC),
        )
    console.print(coverage_table(coverage, len(team)))
