"""`sgkit lms xapi`: hand course completions and certifications to a learning record store as
xAPI statements (or write them to a file with --dry-run)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli_common import ProjectOption, RecordsOption, console, find_project
from kit.lms.send import BATCH_SIZE, KEY_ENV, SECRET_ENV

lms_app = typer.Typer(help="Hand-off to a learning management system.", no_args_is_help=True)


def xapi(
    lrs: Annotated[
        str | None,
        typer.Option(
            "--lrs",
            help=f"The LRS's xAPI endpoint (statements go to <LRS>/statements); its Basic auth "
            f"key and secret come from ${KEY_ENV} and ${SECRET_ENV}.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write the statements to --out; send nothing.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Dry-run file (default: <checkout>/build/lms/xapi-statements.json)."
        ),
    ] = None,
    course: Annotated[
        list[str] | None, typer.Option("--course", help="Only completions of these courses.")
    ] = None,
    certification: Annotated[
        list[str] | None,
        typer.Option("--certification", help="Only credentials of these certification paths."),
    ] = None,
    learners: Annotated[
        Path | None,
        typer.Option(
            "--learners", help="Only the learners of this roster (learners.csv: learner,customer)."
        ),
    ] = None,
    home_page: Annotated[
        str | None,
        typer.Option(
            "--home-page",
            help="Home page of the learners' accounts (default: the issuer's URL in "
            "courses/certifications.yaml).",
        ),
    ] = None,
    grading: Annotated[
        Path | None,
        typer.Option(help="Grading folder with the gradebooks (default: <checkout>/grading)."),
    ] = None,
    ledger: Annotated[
        Path | None,
        typer.Option(help="Ledger folder of what each LRS accepted (default: <grading>/lms)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=500, help="Statements per request.")
    ] = BATCH_SIZE,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Send every course completion and certification not yet sent to an LRS as xAPI 1.0.3
    statements (a revoked credential as a voiding statement); running it again sends nothing new."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kit.courses import load_catalog
    from kit.lms.handoff import gather_statements, write_statements
    from kit.lms.ledger import Ledger, ledger_path
    from kit.lms.send import credentials_from_env, send_statements, statements_url
    from kit.lms.statements import xapi_settings
    from kit.plans.completions import read_learner_roster
    from kit.records import Records
    from kit.records import records_url as default_url

    if not dry_run and not lrs:
        raise typer.BadParameter("give the LRS endpoint, or --dry-run", param_hint="--lrs")
    checkout = find_project(project)
    credentials = None
    if not dry_run:
        assert lrs is not None
        statements_url(lrs)  # a bad endpoint fails before any reading
        credentials = credentials_from_env()
    catalog = load_catalog(checkout.courses_dir)
    roster = set(read_learner_roster(learners)) if learners else None
    with Records(default_url(checkout, records)) as store:
        statements = gather_statements(
            checkout,
            catalog,
            store,
            xapi_settings(catalog, home_page),
            grading_dir=grading,
            courses=course or (),
            certifications=certification or (),
            learners=roster,
        )
    folder = ledger or (grading or checkout.grading_dir) / "lms"
    book = Ledger(ledger_path(folder, lrs), lrs) if lrs else None
    if dry_run:
        new = book.unsent(statements) if book else statements
        target = write_statements(new, out or checkout.build_dir / "lms" / "xapi-statements.json")
        console.print(f"{len(new)} of {len(statements)} statements written to {target}")
        return
    assert lrs is not None and credentials is not None and book is not None
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with progress:
        task = progress.add_task("Sending xAPI statements", total=len(book.unsent(statements)))
        report = send_statements(
            statements,
            lrs,
            credentials,
            book,
            batch_size=batch_size,
            on_sent=lambda n: progress.advance(task, n),
        )
    console.print(
        f"{report.sent} statement(s) sent to {lrs} in {report.requests} request(s) "
        f"({report.retries} retried); {report.already_sent} sent before; ledger {book.path}"
    )


def register_lms_commands(app: typer.Typer) -> None:
    """Add `lms xapi` to the `sgkit` app."""
    lms_app.command("xapi")(xapi)
    app.add_typer(lms_app, name="lms")
