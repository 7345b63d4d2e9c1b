"""`sgkit search`, `corpus build` and `fingerprint`: Sourcegraph's query language on the practice
corpus (or a live instance)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import console


def search(
    query: Annotated[str, typer.Argument(help="A Sourcegraph query, e.g. 'lang:python TODO'.")],
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder (default: the practice corpus).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON object per match, then progress.")
    ] = False,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="A live Sourcegraph URL (default: $SRC_ENDPOINT); the token is $SRC_ACCESS_TOKEN."
        ),
    ] = None,
) -> None:
    """Search the practice corpus, or a live Sourcegraph, with Sourcegraph's query language."""
    from kit.practice import connect
    from kit.search.live import TOKEN_ENV, LiveBackend
    from kit.search.render import print_json_lines, print_results

    if endpoint and corpus:
        raise typer.BadParameter("give --corpus or --endpoint, not both")
    backend = LiveBackend(endpoint, os.environ.get(TOKEN_ENV)) if endpoint else connect(corpus)
    if json_output:
        print_json_lines(lambda: backend.search(query))
    else:
        print_results(backend.search(query), console)


corpus_app = typer.Typer(help="The practice corpus.", no_args_is_help=True)


@corpus_app.command("build")
def corpus_build(dest: Annotated[Path, typer.Argument(help="New folder to build it in.")]) -> None:
    """Build the practice corpus as git repositories (same commit hashes every time)."""
    from kit.practice import build_corpus

    console.print(f"Built the practice corpus in {build_corpus(dest)}")


def fingerprint(
    query: Annotated[str, typer.Argument(help="The exercise's reference query.")],
    compare: Annotated[str, typer.Option(help="repos, files, lines or matches.")] = "files",
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder.")] = None,
) -> None:
    """Print the fingerprint an exercise's visible check needs, for instructors writing exercises."""
    from kit.exercises import reference_fingerprint
    from kit.exercises.queries import COMPARES
    from kit.practice import practice

    if compare not in COMPARES:
        raise typer.BadParameter(f"use one of {', '.join(COMPARES)}", param_hint="--compare")
    print(reference_fingerprint(query, compare, practice(corpus)))  # type: ignore[arg-type]
