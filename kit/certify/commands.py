"""`sgkit certify`, `verify`, `revoke`, `rubric ...`, `trainers coverage` and `keys`: the
certification commands. Each parses its arguments and calls the library."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kit.cli_common import ProjectOption, RecordsOption, console, find_project
from kit.errors import ConfigError, CredentialError

if TYPE_CHECKING:
    from kit.courses import Catalog
    from kit.project import Project
    from kit.records import Records

OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Credentials folder (default: <checkout>/build/credentials)."),
]

rubric_app = typer.Typer(
    help="Rubric-assessed sessions (CE demos, trainer deliveries, practicals)."
)
trainers_app = typer.Typer(help="Train-the-trainer coverage of the CE team.")
keys_app = typer.Typer(help="The issuer's signing key.")


def _open(project: Project, records_url: str | None) -> tuple[Catalog, Records]:
    from kit.courses import load_catalog
    from kit.records import Records
    from kit.records import records_url as default_url

    return load_catalog(project.courses_dir), Records(default_url(project, records_url))


def certify(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Certification path ids (default: every path whose courses exist)."),
    ] = None,
    out: OutOption = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Decide every certification path and issue signed credentials and certificates to everyone
    newly certified (running it again issues nothing new)."""
    from rich.progress import Progress

    from kit.certify.issue import certify as run_certify
    from kit.certify.issue import gather_evidence
    from kit.certify.keys import key_dir, load_or_create_key

    checkout = find_project(project)
    catalog, store = _open(checkout, records)
    key = load_or_create_key(key_dir(checkout))
    target = out or checkout.build_dir / "credentials"
    chosen = paths or [p.id for p in catalog.certifications.values() if catalog.offered(p)]
    with store:
        console.print("Reading gradebooks and rubric records...")
        evidence = gather_evidence(checkout, catalog, store)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Deciding certifications", total=len(chosen))
            run = run_certify(
                checkout,
                catalog,
                store,
                key,
                target,
                path_ids=chosen,
                evidence=evidence,
                on_decided=lambda _: progress.advance(task),
            )
    table = Table(title="Certification decisions")
    for column in ("Certification", "Learner", "Decision"):
        table.add_column(column)
    for path_id, decisions in run.decisions.items():
        for decision in decisions:
            verdict = "[green]certified[/green]" if decision.certified else decision.explain()
            table.add_row(path_id, decision.learner, verdict)
    if table.rows:
        console.print(table)
    else:
        console.print("No graded learners or assessed sessions yet.")
    for item in run.issued:
        renewal = " (renewal)" if item.credential.renews else ""
        console.print(
            f"issued {item.credential.certification} to {item.credential.learner}{renewal}: "
            f"{item.token_file} and {item.certificate.pdf}"
        )
    console.print(f"{len(run.issued)} credential(s) issued; JWKS and status list in {target}")


def verify(
    credential: Annotated[Path, typer.Argument(help="A credential file (.jwt).")],
    trust: Annotated[
        list[str] | None,
        typer.Option(
            "--trust",
            help="Also trust the keys of this JWKS (a file or https URL) for the issuer declared "
            "in courses/certifications.yaml; repeatable. Keys beside the credential are never "
            "trusted.",
        ),
    ] = None,
    status_list: Annotated[
        Path | None,
        typer.Option(
            help="A copy of the issuer's status list (default: read from where the credential "
            "says it is published, or the local issuer's publication mirror)."
        ),
    ] = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Verify a credential against the declared issuer's keys: signature, key id, claims, dates
    and revocation. Exit 0 only if it is valid."""
    from kit.certify.trust import configured_trust
    from kit.certify.verify import verify_credential
    from kit.courses import load_catalog

    checkout = find_project(project)
    issuer = load_catalog(checkout.courses_dir).require_issuer()
    token = _read(credential, "credential")
    listing = _read(status_list, "status list") if status_list else None
    anchors = configured_trust(checkout, issuer, extra=trust or (), records=records)
    try:
        verified = verify_credential(token, anchors, listing)
    except CredentialError as exc:
        raise CredentialError(f"{credential}: NOT VALID: {exc.message}") from None
    console.print(f"[green]valid[/green]: {verified.title}, issued to {verified.recipient}")
    console.print(f"  issuer: {verified.issuer_name} ({verified.issuer})")
    until = f"{verified.valid_until:%Y-%m-%d}" if verified.valid_until else "no expiry"
    console.print(f"  valid: {verified.valid_from:%Y-%m-%d} to {until}; not revoked")
    console.print(f"  id: {verified.id}")


def revoke(
    credential_id: Annotated[str, typer.Argument(help="The credential id (urn:uuid:...).")],
    reason: Annotated[str, typer.Option(help="Why it is revoked (kept in the records).")],
    out: OutOption = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Revoke a credential and republish the signed status list verifiers check."""
    from kit.certify.keys import key_dir, load_or_create_key
    from kit.certify.publishing import publish

    checkout = find_project(project)
    catalog, store = _open(checkout, records)
    target = out or checkout.build_dir / "credentials"
    wanted = credential_id if credential_id.startswith("urn:") else f"urn:uuid:{credential_id}"
    now = datetime.now(UTC)
    with store:
        revocation = store.revoke(wanted, reason, at=now)
        publish(catalog, store, load_or_create_key(key_dir(checkout)), target, now)
    console.print(
        f"revoked {revocation.credential_id} on {revocation.revoked_at:%Y-%m-%d}: "
        f"{revocation.reason}; status list republished in {target}"
    )


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
    catalog, store = _open(checkout, records)
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
    from kit.certify.rubric_rules import evaluate_rubric

    checkout = find_project(project)
    catalog, store = _open(checkout, records)
    definition = catalog.rubric(rubric)
    with store:
        sessions = store.sessions(rubric, learner)
    table = Table(title=definition.title)
    for column in ("Learner", "Session", "Subject", "Verdict"):
        table.add_column(column)
    for who in sorted({s.learner for s in sessions}):
        decision = evaluate_rubric(definition, who, sessions)
        for verdict in decision.history:
            passed = verdict.passed and verdict is decision.passing
            table.add_row(
                who,
                verdict.session.label(),
                verdict.session.subject or "",
                "[green]passed: certified here[/green]" if passed else verdict.explain(),
            )
    console.print(table if table.rows else "No sessions recorded yet.")


@trainers_app.command("coverage")
def trainers_coverage(
    roster: Annotated[Path, typer.Argument(help="CE roster CSV with columns id,name.")],
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """The share of CEs certified to deliver each training block (goal 100%), and who is missing."""
    from kit.certify.coverage import read_roster, trainer_coverage

    checkout = find_project(project)
    catalog, store = _open(checkout, records)
    team = read_roster(roster)
    with store:
        coverage = trainer_coverage(
            catalog.training_blocks.values(),
            team,
            store.credentials(),
            store.revocations(),
            datetime.now(UTC),
        )
    table = Table(title=f"Train-the-trainer coverage ({len(team)} CEs, goal 100%)")
    for column in ("Training block", "Trained", "Missing"):
        table.add_column(column)
    for block in coverage:
        colour = "green" if block.on_goal else "yellow"
        table.add_row(
            block.block.title,
            f"[{colour}]{len(block.trained)}/{len(team)} ({block.percent:.0f}%)[/{colour}]",
            ", ".join(m.name for m in block.missing) or "nobody",
        )
    console.print(table)


@keys_app.command("show")
def keys_show(project: ProjectOption = None) -> None:
    """Print where the signing key lives and the public JWKS to publish (created if missing)."""
    from kit.certify.keys import KEY_FILE, key_dir, load_or_create_key
    from kit.courses import load_catalog

    checkout = find_project(project)
    jwks_url = load_catalog(checkout.courses_dir).require_issuer().jwks_url
    folder = key_dir(checkout)
    key = load_or_create_key(folder)
    console.print(f"signing key: {folder / KEY_FILE} (kid {key.key_id(jwks_url)})")
    console.print(f"publish this JWKS at {jwks_url}:")
    print(json.dumps(key.jwks(jwks_url), indent=2))


def register_certification_commands(app: typer.Typer) -> None:
    """Add the certification commands to the `sgkit` app."""
    app.command()(certify)
    app.command()(verify)
    app.command()(revoke)
    app.add_typer(rubric_app, name="rubric")
    app.add_typer(trainers_app, name="trainers")
    app.add_typer(keys_app, name="keys")


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} file not found", where=path) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} file is not text", where=path) from None
