"""`sgkit lms xapi`: hand course completions and certifications to a learning record store as
xAPI statements (or write them to a file with --dry-run)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import (
    GradingOption,
    LearnersOption,
    ProjectOption,
    RecordsOption,
    console,
    find_project,
)
from kit.lms.send import BATCH_SIZE, KEY_ENV, SECRET_ENV

lms_app = typer.Typer(help="Hand-off to a learning management system.", no_args_is_help=True)


@lms_app.command("xapi")
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
    learners: LearnersOption = None,
    home_page: Annotated[
        str | None,
        typer.Option(
            "--home-page",
            help="Home page of the learners' accounts (default: the issuer's URL in "
            "courses/certifications.yaml).",
        ),
    ] = None,
    grading: GradingOption = None,
    ledger: Annotated[
        Path | None, typer.Option(help="Ledger folder of what each LRS accepted (<grading>/lms).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=500, help="Statements per request.")
    ] = BATCH_SIZE,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Send every course completion and certification not yet sent to an LRS as xAPI 1.0.3
    statements (a revoked credential as a voiding statement); running it again sends nothing new."""
    from kit.cli.progress import counting
    from kit.lms.run import XapiHandoff, hand_off

    if not dry_run and not lrs:
        raise typer.BadParameter("give the LRS endpoint, or --dry-run", param_hint="--lrs")
    checkout = find_project(project)
    handoff = XapiHandoff(
        lrs, (out or checkout.build_dir / "lms" / "xapi-statements.json") if dry_run else None,
        course or (), certification or (), learners, home_page, grading, ledger, records,
        batch_size,
    )  # fmt: skip
    if dry_run:
        done = hand_off(checkout, handoff)
        console.print(f"{done.written} of {done.statements} statements written to {done.dry_run}")
        return
    with counting("Sending xAPI statements", console) as (planned, sent):
        done = hand_off(checkout, handoff, on_planned=planned, on_sent=lambda n: sent(step=n))
    assert done.report is not None
    console.print(
        f"{done.report.sent} statement(s) sent to {lrs} in {done.report.requests} request(s) "
        f"({done.report.retries} retried); {done.report.already_sent} sent before; "
        f"ledger {done.ledger}"
    )
