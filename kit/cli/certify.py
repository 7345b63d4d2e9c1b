"""`sgkit certify` and `revoke`: decide and issue credentials, revoke one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project

OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Credentials folder (default: <checkout>/build/credentials)."),
]


def certify(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Certification path ids (default: every path whose courses exist)."),
    ] = None,
    out: OutOption = None,
    allow_ids: Annotated[
        bool,
        typer.Option("--allow-ids", help="Issue to learners with no name on record (shows ids)."),
    ] = False,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Decide every certification path and issue signed credentials and certificates to everyone
    newly certified (running it again issues nothing new)."""
    from kit.certify.run import certify_paths
    from kit.cli.progress import counting
    from kit.cli.tables import certification_table, issued_lines

    checkout = find_project(project)
    target = out or checkout.build_dir / "credentials"
    console.print("Reading gradebooks and rubric records...")
    with counting("Deciding certifications", console, transient=True) as (planned, done):
        run = certify_paths(
            checkout, target, path_ids=paths or (), records_url=records,
            on_planned=planned, on_decided=done, require_names=not allow_ids,
        )  # fmt: skip
    table = certification_table(run.decisions)
    console.print(table if table.rows else "No graded learners or assessed sessions yet.")
    for line in issued_lines(run.issued):
        console.print(line)
    for path_id, learner in run.unnamed:
        console.print(
            f"[yellow]not issued[/yellow] {path_id} to {learner}: no name on record "
            "(sgkit roster import learners.csv, or --allow-ids)"
        )
    console.print(f"{len(run.issued)} credential(s) issued; JWKS and status list in {target}")


def revoke(
    credential_id: Annotated[str, typer.Argument(help="The credential id (urn:uuid:...).")],
    reason: Annotated[str, typer.Option(help="Why it is revoked (kept in the records).")],
    out: OutOption = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Revoke a credential and republish the signed status list verifiers check."""
    from kit.certify.run import revoke_credential

    checkout = find_project(project)
    target = out or checkout.build_dir / "credentials"
    revocation = revoke_credential(checkout, credential_id, reason, target, records)
    console.print(
        f"revoked {revocation.credential_id} on {revocation.revoked_at:%Y-%m-%d}: "
        f"{revocation.reason}; status list republished in {target}"
    )
