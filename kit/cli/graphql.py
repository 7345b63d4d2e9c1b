"""`sgkit graphql serve` (the practice GraphQL API on 127.0.0.1, until Ctrl-C) and
`sgkit graphql token create USERNAME` (an access token for a practice user). Both use the same
SQLite file (`--db`, default `$SGKIT_GRAPHQL_DB` or the user's data folder), so a token made
with one works with the other."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import console

graphql_app = typer.Typer(help="The practice Sourcegraph's GraphQL API.")
token_app = typer.Typer(help="Access tokens of the practice Sourcegraph.")
graphql_app.add_typer(token_app, name="token")

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite file of the practice instance (default: $SGKIT_GRAPHQL_DB or the user data folder).",
    ),
]
CorpusOption = Annotated[
    Path | None, typer.Option("--corpus", help="Practice corpus folder (default: the shipped one).")
]


def wait_for_interrupt() -> None:
    """Block until Ctrl-C."""
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


@graphql_app.command("serve")
def serve_command(
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1 (0 = any free port).")
    ] = 7080,
    corpus: CorpusOption = None,
    db: DbOption = None,
) -> None:
    """Serve the practice GraphQL API at http://127.0.0.1:PORT/.api/graphql until Ctrl-C."""
    from kit.practice.graphql.api import GRAPHQL_PATH, open_api
    from kit.practice.graphql.seed import ADMIN_USERNAME, create_token
    from kit.practice.graphql.server import serve_api
    from kit.practice.graphql.store import default_database

    api = open_api(corpus, db or default_database())
    token = create_token(api.store, ADMIN_USERNAME, note="sgkit graphql serve")
    with serve_api(api, port) as url:
        console.print(f"Practice Sourcegraph GraphQL API: {url}{GRAPHQL_PATH}", highlight=False)
        console.print(f"SRC_ENDPOINT={url}", highlight=False)
        console.print(f"Access token for {ADMIN_USERNAME} (shown once): {token}", highlight=False)
        console.print("Press Ctrl-C to stop.", highlight=False)
        wait_for_interrupt()


@token_app.command("create")
def token_create_command(
    username: Annotated[str, typer.Argument(help="The practice user the token acts as.")],
    db: DbOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Create an access token (scope user:all) for USERNAME and print it once."""
    from kit.practice.graphql.api import open_api
    from kit.practice.graphql.seed import create_token
    from kit.practice.graphql.store import default_database, open_store

    store = open_store(db or default_database())
    open_api(corpus, store)  # seeds a new database, so the default users exist
    console.print(create_token(store, username, note="sgkit graphql token create"), highlight=False)
