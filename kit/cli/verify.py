"""`sgkit verify`: check a credential against the declared issuer's keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project
from kit.errors import ConfigError, CredentialError


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
    from kit.courses.issuer import load_issuer

    checkout = find_project(project)
    issuer = load_issuer(checkout.courses_dir)
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


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} file not found", where=path) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} file is not text", where=path) from None
