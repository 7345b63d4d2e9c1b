"""`sgkit batch validate` and `sgkit batch preview`: the practice `src batch` commands.
Each parses its arguments and calls `kit.practice.batch`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

batch_app = typer.Typer(
    help="Batch changes on the practice Sourcegraph (like src batch).", no_args_is_help=True
)

SpecOption = Annotated[Path, typer.Option("-f", "--file", help="The batch spec YAML file.")]


@batch_app.command("validate")
def validate_command(file: SpecOption) -> None:
    """Check a batch spec against the batch spec schema; every problem is listed."""
    from kit.cli.common import console
    from kit.practice.batch import load_spec

    spec = load_spec(file)
    console.print(f"{file}: batch spec {spec.name} is valid", highlight=False, soft_wrap=True)


@batch_app.command("preview")
def preview_command(
    file: SpecOption,
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder (default: the practice corpus).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the changeset specs as JSON.")
    ] = False,
    skip_errors: Annotated[
        bool, typer.Option(help="Go on when a step fails in a repository, and list it.")
    ] = False,
) -> None:
    """Run the spec's steps on scratch checkouts and show the changesets it would create."""
    from kit.cli.common import console
    from kit.practice.batch import load_spec, preview_batch_change, print_preview

    preview = preview_batch_change(load_spec(file), corpus, skip_errors=skip_errors)
    if as_json:
        typer.echo(json.dumps(preview.to_json(), indent=2, ensure_ascii=False))
    else:
        print_preview(preview, console)
