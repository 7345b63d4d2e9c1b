"""`sgkit roster import`: learners' real names for feedback, the formgrader and certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project

roster_app = typer.Typer(help="The class list: learners' names.", no_args_is_help=True)


@roster_app.command("import")
def roster_import(
    roster: Annotated[Path, typer.Argument(help="CSV: id,first_name,last_name,email[,customer].")],
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Import a class list: names and e-mail into the records database and every course
    gradebook there is; every row is checked before anything is written."""
    from kit.grading.run import import_class_list

    done = import_class_list(find_project(project), roster, records)
    where = ", ".join(done.gradebooks) or "no gradebook yet"
    console.print(f"{roster}: {done.learners} learner(s) named in the records and in {where}")
