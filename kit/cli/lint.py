"""`sgkit lint`: report every course-template violation; exit 1 when there is one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kit.cli.common import ProjectOption, console, find_project


def lint(
    courses: Annotated[
        Path | None, typer.Option("--courses", help="Course YAML folder (default: courses/).")
    ] = None,
    notebooks: Annotated[
        Path | None,
        typer.Option("--notebooks", help="Instructor notebooks (default: notebooks/)."),
    ] = None,
    release: Annotated[
        Path | None,
        typer.Option("--release", help="Learner notebooks (default: release/ beside --notebooks)."),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Check every course and assignment notebook against courses/TEMPLATE.md."""
    from kit.lint import RULES, lint_catalog, lint_scope

    if courses is None or notebooks is None:
        checkout = find_project(project)
        courses = courses or checkout.courses_dir
        notebooks = notebooks or checkout.notebooks_dir
    violations = lint_catalog(courses, notebooks, release)
    for v in violations:
        console.print(
            f"[bold]{escape(_shown(v.where))}[/bold]: "
            f"[red]{v.rule}[/red] {RULES[v.rule].name}: {escape(v.message)}",
            highlight=False,
            soft_wrap=True,
        )
    if violations:
        files = len({v.file for v in violations})
        plural = "s" if len(violations) != 1 else ""
        console.print(f"{len(violations)} violation{plural} in {files} file(s)")
        raise typer.Exit(1)
    linted_courses, linted = lint_scope(courses, notebooks)
    console.print(f"{len(linted_courses)} courses, {len(linted)} notebooks: no violations")


def _shown(where: str) -> str:
    """A location relative to the working folder when it is under it."""
    cwd = f"{Path.cwd()}/"
    return where.removeprefix(cwd)
