"""`sgkit`: the kit's command line. Each command parses its arguments and calls one library function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kit.certify.commands import register_certification_commands
from kit.cli_common import ProjectOption, console, err_console, find_project
from kit.collateral.commands import register_collateral_commands
from kit.errors import KitError, QuerySyntaxError
from kit.exercises.commands import register_exercise_commands
from kit.hub.commands import register_hub_commands
from kit.lint.commands import register_lint_commands
from kit.lms.commands import register_lms_commands
from kit.outcomes.commands import register_outcomes_commands
from kit.practice.batch.commands import register_batch_commands
from kit.practice.graphql.commands import register_graphql_commands
from kit.practice.site_config.commands import register_site_config_commands
from kit.variants.commands import register_variant_commands

if TYPE_CHECKING:
    from kit.courses import Assignment
    from kit.grading import CourseGrading
    from kit.project import Project

app = typer.Typer(
    name="sgkit",
    help="Sourcegraph Training & Certification Kit: courses, practice search, grading, certification.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
CourseOption = Annotated[
    str | None,
    typer.Option("--course", "-c", help="Course id, when the assignment id is ambiguous."),
]


def _project(path: Path | None) -> Project:
    return find_project(path)


def _grading_for(
    project_path: Path | None, assignment: str, course_id: str | None
) -> tuple[Assignment, CourseGrading]:
    """The assignment (found in the catalog) and the nbgrader steps of its course."""
    from kit.courses import load_catalog
    from kit.grading import CourseGrading

    project = _project(project_path)
    course = load_catalog(project.courses_dir).find_assignment(assignment, course_id)
    found = course.assignment(assignment)
    assert found is not None  # find_assignment guarantees it
    return found, CourseGrading.for_project(project, course.id)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="A Sourcegraph query, e.g. 'lang:python TODO'.")],
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder (default: the practice corpus).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON object per match, then progress.")
    ] = False,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="A live Sourcegraph URL (default: $SRC_ENDPOINT); the token is $SRC_ACCESS_TOKEN."
        ),
    ] = None,
) -> None:
    """Search the practice corpus, or a live Sourcegraph, with Sourcegraph's query language."""
    import os

    from kit.practice import connect
    from kit.search.live import TOKEN_ENV, LiveBackend
    from kit.search.render import print_results

    if endpoint and corpus:
        raise typer.BadParameter("give --corpus or --endpoint, not both")
    backend = LiveBackend(endpoint, os.environ.get(TOKEN_ENV)) if endpoint else connect(corpus)
    try:
        results = backend.search(query)
    except QuerySyntaxError as exc:
        if json_output:
            import json

            alert = {"type": "alert", "title": "Invalid query", "description": exc.message}
            print(json.dumps(alert))
        raise
    if json_output:
        for line in results.json_lines():
            print(line)
    else:
        print_results(results, console)


corpus_app = typer.Typer(help="The practice corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("build")
def corpus_build(dest: Annotated[Path, typer.Argument(help="New folder to build it in.")]) -> None:
    """Build the practice corpus as git repositories (same commit hashes every time)."""
    from kit.practice import build_corpus

    console.print(f"Built the practice corpus in {build_corpus(dest)}")


@app.command()
def release(
    assignment: Annotated[str | None, typer.Argument(help="Assignment id.")] = None,
    course: CourseOption = None,
    all_assignments: Annotated[bool, typer.Option("--all", help="Every assignment.")] = False,
    project: ProjectOption = None,
) -> None:
    """Generate learner notebooks (release/) from the instructor notebooks, with nbgrader."""
    from kit.courses import load_catalog
    from kit.grading import CourseGrading

    if all_assignments == (assignment is not None):
        raise typer.BadParameter("give an ASSIGNMENT or --all, not both or neither")
    checkout = _project(project)
    catalog = load_catalog(checkout.courses_dir)
    targets = (
        [(c.id, a.id) for c in catalog.published_courses for a in c.assignments]
        if all_assignments
        else [(catalog.find_assignment(str(assignment), course).id, str(assignment))]
    )
    for course_id, assignment_id in targets:
        for path in CourseGrading.for_project(checkout, course_id).release(assignment_id):
            console.print(f"released {path}")


@app.command()
def collect(
    assignment: Annotated[str, typer.Argument(help="Assignment id.")],
    from_dir: Annotated[
        Path, typer.Option("--from", help="Folder of <learner>/[<assignment>/]<notebook>.ipynb.")
    ],
    course: CourseOption = None,
    project: ProjectOption = None,
) -> None:
    """Import learners' submitted notebooks from a folder into nbgrader's submitted/ folder.

    Regular files only; every refused learner is listed, one line each (exit 1).
    """
    from kit.grading.intake import Refusal, RefusedSubmissionsError

    found, grading = _grading_for(project, assignment, course)
    refused: tuple[Refusal, ...] = ()
    try:
        learners = grading.import_submissions(assignment, from_dir, found.notebooks)
    except RefusedSubmissionsError as exc:
        learners, refused = list(exc.imported), exc.refused
    console.print(f"imported {len(learners)} submissions: {', '.join(learners)}", markup=False)
    for refusal in refused:
        err_console.print(f"refused {refusal}", markup=False, highlight=False, soft_wrap=True)
    if refused:
        raise typer.Exit(1)


@app.command()
def autograde(
    assignment: Annotated[str, typer.Argument(help="Assignment id.")],
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from kit.errors import GradingError
    from kit.grades import assignment_scores
    from kit.grading.parallel import autograde_parallel
    from kit.reports.terminal import autograde_table

    _, grading = _grading_for(project, assignment, course)
    learners = learner or grading.submitted_learners(assignment)
    if not learners:
        raise GradingError(
            f"no submissions of {assignment} to autograde; run `sgkit collect` first"
        )
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console) as progress:
        task = progress.add_task("Autograding", total=len(learners))
        if scheduler:
            from kit.grading.dask_grading import autograde_on_dask

            outcomes = autograde_on_dask(
                grading.layout, assignment, learners, scheduler=scheduler,
                on_done=lambda _: progress.advance(task),
            )  # fmt: skip
        else:
            outcomes = autograde_parallel(
                grading.layout, assignment, learners, workers=workers,
                on_done=lambda _: progress.advance(task),
            )  # fmt: skip
    totals = assignment_scores(grading.scores([assignment]))
    console.print(autograde_table(outcomes, totals))
    if any(not o.ok for o in outcomes):
        raise typer.Exit(1)


@app.command()
def feedback(
    assignment: Annotated[str, typer.Argument(help="Assignment id.")],
    course: CourseOption = None,
    project: ProjectOption = None,
) -> None:
    """Write HTML feedback for autograded submissions (hidden tests never shown)."""
    for path in _grading_for(project, assignment, course)[1].feedback(assignment):
        console.print(f"feedback {path}")


@app.command()
def fingerprint(
    query: Annotated[str, typer.Argument(help="The exercise's reference query.")],
    compare: Annotated[str, typer.Option(help="repos, files, lines or matches.")] = "files",
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder.")] = None,
) -> None:
    """Print the fingerprint an exercise's visible check needs, for instructors writing exercises."""
    from kit.exercises import reference_fingerprint
    from kit.exercises.queries import COMPARES
    from kit.practice import practice

    if compare not in COMPARES:
        raise typer.BadParameter(f"use one of {', '.join(COMPARES)}", param_hint="--compare")
    print(reference_fingerprint(query, compare, practice(corpus)))  # type: ignore[arg-type]


@app.command()
def demo(
    out: Annotated[
        Path | None, typer.Option(help="Output folder, replaced (default: <checkout>/build/demo).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Run the whole path on a simulated cohort: release, autograde, certify, report."""
    from kit.demo import run_demo
    from kit.reports import outcome_table

    checkout = _project(project)
    target = out or checkout.build_dir / "demo"
    run = run_demo(checkout, target, console)
    console.print(outcome_table(run.report))
    console.print(f"Report: {run.report_path}")
    console.print(f"Feedback: {len(run.feedback)} files under {target / 'grading'}")
    for item in run.issued:
        console.print(
            f"Credential: {item.credential.certification} for {item.credential.learner}: "
            f"{item.token_file} (certificate {item.certificate.pdf.name})"
        )
    if run.issued:
        console.print(f"Check one: sgkit verify {run.issued[0].token_file}")


register_certification_commands(app)
register_batch_commands(app)
register_graphql_commands(app)
register_site_config_commands(app)
register_variant_commands(app)
register_outcomes_commands(app)
register_lint_commands(app)
register_exercise_commands(app)
register_collateral_commands(app)
register_hub_commands(app)
register_lms_commands(app)


def main() -> None:
    """Entry point: run the app, turning KitError into one line on stderr and exit status 2."""
    try:
        status = app(standalone_mode=False)  # click hands back `typer.Exit(n)` as n here
    except KitError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: typer shows them itself
        exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    if isinstance(status, int) and status:
        sys.exit(status)
