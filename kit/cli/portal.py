"""`sgkit portal`: serve the learning portal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import ProjectOption, RecordsOption, console, find_project


def portal(
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    records: RecordsOption = None,
    credentials: Annotated[
        Path | None,
        typer.Option(
            "--credentials",
            help="The folder `sgkit certify` wrote credentials to (default: build/credentials).",
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Serve the learning portal: public credential verification (the page a certificate's QR
    code opens), the issuer's keys, status list and profile. Runs until Ctrl-C."""
    from kit.portal.serve import serve

    serve(
        find_project(project),
        port=port,
        host=host,
        records=records,
        credentials=credentials,
        on_ready=lambda url: console.print(f"Verification page: {url}"),
    )
