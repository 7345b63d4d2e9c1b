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
    grading: Annotated[
        Path | None,
        typer.Option(
            "--grading", help="The course roots holding the gradebooks (default: grading/)."
        ),
    ] = None,
    hub: Annotated[
        bool,
        typer.Option(
            "--hub", help="Run as a JupyterHub service: learners log in with the hub's OAuth."
        ),
    ] = False,
    dev_learner: Annotated[
        str | None,
        typer.Option(
            "--dev-learner",
            metavar="NAME",
            help="Development and one-machine classes: every visitor is this learner, identity "
            "NOT checked (refused with --hub).",
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Serve the learning portal: public credential verification (the page a certificate's QR
    code opens), the issuer's keys, status list and profile. With --hub or --dev-learner, also
    the learner's progress and credentials. Runs until Ctrl-C."""
    from kit.portal.serve import serve

    def ready(verify: str, learning: str) -> None:
        console.print(f"Verification page: {verify}")
        if learning:
            console.print(f"My learning: {learning}")

    serve(
        find_project(project),
        port=port,
        host=host,
        records=records,
        credentials=credentials,
        grading=grading,
        hub=hub,
        dev_learner=dev_learner,
        on_ready=ready,
    )
