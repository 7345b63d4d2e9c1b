"""`sgkit status ASSIGNMENT`: who is graded, not graded (and why), waiting, or missing."""

from __future__ import annotations

from typing import Annotated

import typer

from kit.cli.common import ProjectOption, console
from kit.cli.grading import AssignmentArgument, CourseOption, grading_for


def status(
    assignment: AssignmentArgument,
    course: CourseOption = None,
    project: ProjectOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when a submission is not graded.")
    ] = False,
) -> None:
    """List every learner of an assignment: graded (score), not graded (why), waiting, missing."""
    from kit.cli.tables import status_table
    from kit.grading.status import assignment_status

    found = assignment_status(grading_for(project, assignment, course).layout, assignment)
    console.print(status_table(assignment, found) if found else "Nobody has submitted yet.")
    if exit_code and any(s.state == "not graded" for s in found):
        raise typer.Exit(1)
