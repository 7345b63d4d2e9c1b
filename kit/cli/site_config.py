"""`sgkit site-config check FILE` and `sgkit code-host check --kind github FILE`: print each
problem on one line and exit 1 when any is an error. A file that cannot be read or parsed raises
`SiteConfigError` (the main CLI prints it and exits 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import console
from kit.practice.site_config.problems import ValidationReport
from kit.practice.site_config.validate import (
    CodeHostKind,
    validate_code_host_connection,
    validate_site_config,
)

site_config_app = typer.Typer(help="Site configuration of the practice Sourcegraph.")
code_host_app = typer.Typer(help="Code host connections of the practice Sourcegraph.")

_STYLES = {"error": "red", "warning": "yellow", "info": "blue"}


@site_config_app.command("check")
def check_site_config(
    file: Annotated[Path, typer.Argument(help="The site configuration (JSONC).")],
) -> None:
    """Validate a site configuration as Sourcegraph would, plus the checks an admin needs."""
    _show(validate_site_config(file))


@code_host_app.command("check")
def check_code_host(
    file: Annotated[Path, typer.Argument(help="The code host connection (JSONC).")],
    kind: Annotated[
        CodeHostKind, typer.Option("--kind", help="The code host kind.", case_sensitive=False)
    ] = CodeHostKind.GITHUB,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Practice corpus folder (default: the shipped one)."),
    ] = None,
) -> None:
    """Validate a code host connection and list the practice repositories it would mirror."""
    report = validate_code_host_connection(kind.value, file, corpus=corpus)
    _show(report)


def _show(report: ValidationReport) -> None:
    from kit.practice.site_config.render import explain_line

    for problem in report.problems:
        line = explain_line(problem, source=report.source)
        console.print(line, style=_STYLES[problem.severity], highlight=False, soft_wrap=True)
    if report.selected_repositories:
        console.print("Would mirror:", highlight=False)
        for name in report.selected_repositories:
            console.print(f"  {name}", highlight=False, soft_wrap=True)
    console.print(report.summary(), highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)
