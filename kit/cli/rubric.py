"""`sgkit rubric import|status`: rubric-assessed sessions (CE demos, trainer deliveries,
practicals)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project

if TYPE_CHECKING:
    from kit.courses import Catalog
    from kit.project import Project
    from kit.records import Records

rubric_app = typer.Typer(
    help="Rubric-assessed sessions (CE demos, trainer deliveries, practicals)."
)


def open_catalog_and_records(project: Project, records_url: str | None) -> tuple[Catalog, Records]:
    from kit.courses import load_catalog
    from kit.records import Records
    from kit.records import records_url as default_url

    return load_catalog(project.courses_dir), Records(default_url(project, records_url))


@rubric_app.command("import")
def rubric_import(
    rubric: Annotated[str, typer.Argument(help="Rubric id, e.g. ce-demo.")],
    csv_file: Annotated[Path, typer.Argument(help="CSV: one row per assessor per session.")],
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Import assessors' scores from a CSV; every row is checked before anything is recorded."""
    from kit.certify.rubric_input import read_rubric_csv

    checkout = find_project(project)
    catalog, store = open_catalog_and_records(checkout, records)
    with store:
        sessions = read_rubric_csv(csv_file, catalog.rubric(rubric))
        result = store.record_sessions(sessions)
    console.print(
        f"{csv_file}: {result.added} assessment(s) recorded, {result.unchanged} already there, "
        f"in {len(sessions)} session(s)"
    )


@rubric_app.command("status")
def rubric_status(
    rubric: Annotated[str, typer.Argument(help="Rubric id, e.g. ce-demo.")],
    learner: Annotated[str | None, typer.Option(help="Only this learner.")] = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Each learner's sessions on a rubric: passed or not, and the focus areas per assessor."""
    from kit.cli.tables import rubric_table

    checkout = find_project(project)
    catalog, store = open_catalog_and_records(checkout, records)
    definition = catalog.rubric(rubric)
    with store:
        sessions = store.sessions(rubric, learner)
    table = rubric_table(definition, sessions)
    console.print(table if table.rows else "No sessions recorded yet.")
