"""`sgkit release`, `collect` and `feedback`: the nbgrader steps of a course around autograde."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kit.cli.common import ProjectOption, console, err_console, find_project

if TYPE_CHECKING:
    from kit.grading import CourseGrading

CourseOption = Annotated[
    str | None,
    typer.Option("--course", "-c", help="Course id, when the assignment id is ambiguous."),
]
AssignmentArgument = Annotated[str, typer.Argument(help="Assignment id.")]


def grading_for(project: Path | None, assignment: str, course: str | None) -> CourseGrading:
    from kit.grading.run import grading_for_assignment

    return grading_for_assignment(find_project(project), assignment, course)


def release(
    assignment: Annotated[str | None, typer.Argument(help="Assignment id.")] = None,
    course: CourseOption = None,
    all_assignments: Annotated[bool, typer.Option("--all", help="Every assignment.")] = False,
    project: ProjectOption = None,
) -> None:
    """Generate learner notebooks (release/) from the instructor notebooks, with nbgrader."""
    from kit.grading.run import release_assignments

    if all_assignments == (assignment is not None):
        raise typer.BadParameter("give an ASSIGNMENT or --all, not both or neither")
    for path in release_assignments(find_project(project), assignment, course):
        console.print(f"released {path}")


def collect(
    assignment: AssignmentArgument,
    from_dir: Annotated[
        Path, typer.Option("--from", help="Folder of <learner>/[<assignment>/]<notebook>.ipynb.")
    ],
    course: CourseOption = None,
    project: ProjectOption = None,
) -> None:
    """Import learners' submitted notebooks from a folder into nbgrader's submitted/ folder.

    Regular files only; every refused learner is listed, one line each (exit 1).
    """
    from kit.grading.run import collect_submissions

    found = collect_submissions(find_project(project), assignment, from_dir, course)
    imported = ", ".join(found.imported)
    console.print(f"imported {len(found.imported)} submissions: {imported}", markup=False)
    for refusal in found.refused:
        err_console.print(f"refused {refusal}", markup=False, highlight=False, soft_wrap=True)
    if found.refused:
        raise typer.Exit(1)


def feedback(
    assignment: AssignmentArgument, course: CourseOption = None, project: ProjectOption = None
) -> None:
    """Write HTML feedback for autograded submissions (hidden tests never shown)."""
    for path in grading_for(project, assignment, course).feedback(assignment):
        console.print(f"feedback {path}")
