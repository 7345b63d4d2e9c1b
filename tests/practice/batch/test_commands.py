"""`sgkit batch validate` and `sgkit batch preview` call the library and print its answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.errors import BatchSpecError
from tests.practice.batch.conftest import WriteSpec

SPEC = """\
    name: readme-note
    on:
      - repository: github.com/acme/ui-kit
    steps:
      - run: echo "Maintained by the UI team." >> README.md
        container: alpine:3
    changesetTemplate:
      title: Note the owners
      branch: readme-note
      commit: {message: Note the owners}
      published: draft
"""


@pytest.fixture
def app() -> typer.Typer:
    app = sgkit
    return app


def test_validate_accepts_a_valid_spec(app: typer.Typer, write_spec: WriteSpec) -> None:
    path = write_spec(SPEC)
    result = CliRunner().invoke(app, ["batch", "validate", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}: batch spec readme-note is valid" in result.output


def test_validate_raises_the_schema_problems(app: typer.Typer, write_spec: WriteSpec) -> None:
    path = write_spec(SPEC.replace("title:", "titel:"))
    result = CliRunner().invoke(app, ["batch", "validate", "-f", str(path)])
    assert isinstance(result.exception, BatchSpecError)
    assert str(result.exception) == (
        f"{path}: invalid batch spec: 2 problems: changesetTemplate: Additional property titel "
        "is not allowed; changesetTemplate: title is required"
    )


def test_preview_prints_the_table_and_the_diff(
    app: typer.Typer, write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(SPEC)
    result = CliRunner().invoke(
        app, ["batch", "preview", "-f", str(path), "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "Publish draft" in result.output
    assert "+Maintained by the UI team." in result.output
    assert "container alpine:3 not available offline" in result.output


def test_preview_json_is_the_changeset_specs(
    app: typer.Typer, write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(SPEC)
    result = CliRunner().invoke(
        app, ["batch", "preview", "-f", str(path), "--corpus", str(corpus_dir), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [changeset] = data["changesetSpecs"]
    assert changeset["published"] == "draft"
    assert changeset["files"]["README.md"].endswith("Maintained by the UI team.\n")
