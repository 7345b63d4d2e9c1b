"""`sgkit graphql serve` and `sgkit graphql token create` on a local Typer app."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.cli import graphql as commands
from kit.errors import GraphQLServerError
from kit.practice.graphql import open_api
from kit.practice.graphql.auth import Viewer, authenticate

TOKEN = re.compile(r"sgp_[0-9a-f]{40}")


@pytest.fixture
def app() -> typer.Typer:
    app = sgkit
    return app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_token_create_prints_a_token_that_authenticates(
    app: typer.Typer, tmp_path: Path, corpus_dir: Path
) -> None:
    db = tmp_path / "cli.sqlite"
    result = CliRunner().invoke(
        app, ["graphql", "token", "create", "sam", "--db", str(db), "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 0, result.output
    token = TOKEN.fullmatch(result.output.strip())
    assert token is not None
    viewer = authenticate(open_api(corpus_dir, db).store, f"token {token.group(0)}")
    assert isinstance(viewer, Viewer) and viewer.user.username == "sam"


def test_serve_prints_the_url_and_an_admin_token_and_answers(
    app: typer.Typer, tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    answers: list[int] = []

    def one_request() -> None:
        response = httpx.post(
            f"http://127.0.0.1:{port}/.api/graphql", json={"query": "{ site { siteID } }"}
        )
        answers.append(response.status_code)

    monkeypatch.setattr(commands, "wait_for_interrupt", one_request)
    db = tmp_path / "serve.sqlite"
    result = CliRunner().invoke(
        app, ["graphql", "serve", "--port", str(port), "--db", str(db), "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}/.api/graphql" in result.output
    assert answers == [401]  # the server was up, and wants a token
    token = TOKEN.search(result.output)
    assert token is not None
    viewer = authenticate(open_api(corpus_dir, db).store, f"token {token.group(0)}")
    assert isinstance(viewer, Viewer) and viewer.user.username == "admin"


def test_serve_on_a_port_in_use_says_so(app: typer.Typer, tmp_path: Path, corpus_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app,
            [
                "graphql",
                "serve",
                "--port",
                str(port),
                "--db",
                str(tmp_path / "x.sqlite"),
                "--corpus",
                str(corpus_dir),
            ],
        )
    assert isinstance(result.exception, GraphQLServerError)
    assert f"cannot listen on 127.0.0.1:{port}" in str(result.exception)
