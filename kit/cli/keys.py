"""`sgkit keys show`: where the issuer's signing key lives, and the JWKS to publish."""

from __future__ import annotations

import json

import typer

from kit.cli.common import ProjectOption, console, find_project

keys_app = typer.Typer(help="The issuer's signing key.")


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
