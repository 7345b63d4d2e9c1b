"""`sgkit site-config check` and `sgkit code-host check`: problems printed, exit 1 on errors,
SiteConfigError (exit 2 in the main CLI) for input that cannot be read or parsed."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.errors import SiteConfigError

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = sgkit
    return app


def _write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path / name)


def test_a_valid_site_config_exits_0(app: typer.Typer, tmp_path: Path) -> None:
    file = _write(
        tmp_path,
        "site.json",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin"}]}',
    )
    result = runner.invoke(app, ["site-config", "check", file])
    assert result.exit_code == 0, result.output
    assert "OK (0 errors, 0 warnings)" in result.output


def test_warnings_alone_exit_0(app: typer.Typer, tmp_path: Path) -> None:
    file = _write(
        tmp_path,
        "site.json",
        '{"externalURL": "http://sg.acme.io", "auth.providers": [{"type": "builtin"}]}',
    )
    result = runner.invoke(app, ["site-config", "check", file])
    assert result.exit_code == 0
    assert "warning: 'http://sg.acme.io' uses http://" in result.output


def test_errors_exit_1_and_name_the_line(app: typer.Typer, tmp_path: Path) -> None:
    file = _write(
        tmp_path,
        "site.json",
        '{\n  "externalURL": "https://sg.acme.io",\n  "auth.providers": [{"type": "oauth"}]\n}',
    )
    result = runner.invoke(app, ["site-config", "check", file])
    assert result.exit_code == 1
    assert f"{file}:3: auth.providers[0].type: 'oauth' is not one of" in result.output


@pytest.mark.parametrize(
    ("text", "where"),
    [('{"externalURL": "https://sg.acme.io",, }', ":1:38"), ("{'a': 1}", ":1:2")],
)
def test_unparsable_input_raises_site_config_error(
    app: typer.Typer, tmp_path: Path, text: str, where: str
) -> None:
    file = _write(tmp_path, "site.json", text)
    result = runner.invoke(app, ["site-config", "check", file])
    assert isinstance(result.exception, SiteConfigError)
    assert result.exception.where == file + where
    assert result.exception.exit_code == 2


def test_a_missing_file_raises_site_config_error(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(app, ["site-config", "check", str(tmp_path / "nope.json")])
    assert isinstance(result.exception, SiteConfigError)
    assert "file not found" in str(result.exception)


def test_code_host_check_lists_what_it_would_mirror(
    app: typer.Typer, tmp_path: Path, corpus_dir: Path
) -> None:
    file = _write(
        tmp_path,
        "gitlab.json",
        '{"url": "https://gitlab.example.com", "token": "glpat-0123456789abcdef",'
        ' "projectQuery": ["groups/platform/projects"]}',
    )
    result = runner.invoke(
        app, ["code-host", "check", "--kind", "gitlab", file, "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "gitlab.example.com/platform/deploy-configs" in result.output
    assert "would mirror 2 repositories" in result.output


def test_code_host_check_exits_1_when_nothing_is_mirrored(
    app: typer.Typer, tmp_path: Path, corpus_dir: Path
) -> None:
    file = _write(
        tmp_path,
        "github.json",
        '{"url": "https://github.com", "token": "ghp_abcdef0123456789", "orgs": ["umbrella"]}',
    )
    result = runner.invoke(
        app, ["code-host", "check", "--kind", "github", file, "--corpus", str(corpus_dir)]
    )
    assert result.exit_code == 1
    assert "mirrors no repository of the practice corpus" in result.output


def test_code_host_kind_must_be_known(app: typer.Typer, tmp_path: Path) -> None:
    file = _write(tmp_path, "x.json", "{}")
    result = runner.invoke(app, ["code-host", "check", "--kind", "bitbucket", file])
    assert result.exit_code == 2
    assert "bitbucket" in result.output
