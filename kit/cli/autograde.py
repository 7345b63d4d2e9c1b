"""`sgkit autograde`: grade an assignment's submissions, learner code in the sandbox."""

from __future__ import annotations

from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console, err_console
from kit.cli.grading import AssignmentArgument, CourseOption, grading_for


def autograde(
    assignment: AssignmentArgument,
    learner: Annotated[
        list[str] | None, typer.Option("--learner", help="Only these learners.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Grading processes in parallel (local pool).")
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Grade on this Dask scheduler instead (tcp://host:8786); see docs/scaling.md."
        ),
    ] = None,
    course: CourseOption = None,
    project: ProjectOption = None,
) -> None:
    """Autograde submissions (answers judged in the trusted process); scores go to the gradebook."""
    from kit.cli.progress import counting
    from kit.cli.tables import autograde_table
    from kit.grading.grades import assignment_scores
    from kit.grading.run import autograde_assignment

    grading = grading_for(project, assignment, course)
    with counting("Autograding", err_console) as (planned, done):
        outcomes = autograde_assignment(
            grading.layout, assignment, learner, workers=workers, scheduler=scheduler,
            on_planned=planned, on_done=lambda _: done(),
        )  # fmt: skip
    console.print(autograde_table(outcomes, assignment_scores(grading.scores([assignment]))))
    if any(not o.ok for o in outcomes):
        raise typer.Exit(1)
