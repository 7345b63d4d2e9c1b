"""`sgkit lms xapi`: a dry run writes the statements it would send; a real run sends them to the
LRS named on the command line with the key and secret from the environment, and a second run
sends nothing new; the secret never appears in the output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from kit.cli import app as sgkit
from kit.lms.send import LrsError
from kit.project import Project
from kit.records import Records
from tests.lms.conftest import KEY, SECRET
from tests.lms.lrs_standin import StandinLrs, check_statement


def run(*args: str) -> Result:
    app = sgkit
    return CliRunner().invoke(app, ["lms", "xapi", *args])


def _common(project_copy: Project, tmp_path: Path) -> list[str]:
    return [
        "--project",
        str(project_copy.root),
        "--records",
        f"sqlite:///{tmp_path / 'records.db'}",
    ]


def test_a_dry_run_writes_every_statement_and_sends_nothing(
    project_copy: Project, records: Records, tmp_path: Path, lrs: StandinLrs
) -> None:
    out = tmp_path / "statements.json"
    done = run("--dry-run", "--out", str(out), *_common(project_copy, tmp_path))
    assert done.exit_code == 0, done.output
    written = json.loads(out.read_text())
    assert "3 of 3 statements written to" in done.output
    assert [s["verb"]["display"]["en-US"] for s in written] == ["earned", "earned", "voided"]
    for statement in written:
        check_statement(statement)
    assert lrs.received == []


def test_sending_twice_sends_each_statement_once(
    project_copy: Project, records: Records, tmp_path: Path, lrs: StandinLrs, lrs_env: None
) -> None:
    first = run("--lrs", lrs.endpoint, *_common(project_copy, tmp_path))
    assert first.exit_code == 0, first.output
    assert "3 statement(s) sent to" in first.output and "0 sent before" in first.output
    assert len(lrs.statements) == 3
    second = run("--lrs", lrs.endpoint, *_common(project_copy, tmp_path))
    assert second.exit_code == 0, second.output
    assert "0 statement(s) sent" in second.output and "3 sent before" in second.output
    assert len(lrs.received) == 1
    for output in (first.output, second.output):
        assert SECRET not in output and KEY not in output
    ledger = next((project_copy.grading_dir / "lms").glob("xapi-sent-*.jsonl"))
    assert len(ledger.read_text().splitlines()) == 3
    dry = run(
        "--dry-run",
        "--lrs",
        lrs.endpoint,
        "--out",
        str(tmp_path / "new.json"),
        *_common(project_copy, tmp_path),
    )
    assert "0 of 3 statements written" in dry.output  # with --lrs, a dry run shows what is new


def test_the_roster_limits_the_learners(
    project_copy: Project, records: Records, tmp_path: Path
) -> None:
    roster = tmp_path / "learners.csv"
    roster.write_text("learner,customer\nada,helix-health\n")
    out = tmp_path / "statements.json"
    done = run(
        "--dry-run", "--out", str(out), "--learners", str(roster), *_common(project_copy, tmp_path)
    )
    assert done.exit_code == 0, done.output
    assert [s["actor"]["account"]["name"] for s in json.loads(out.read_text())] == ["ada"]


def test_without_the_key_and_secret_in_the_environment_nothing_is_read_or_sent(
    project_copy: Project, tmp_path: Path, lrs: StandinLrs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SGKIT_LRS_KEY", raising=False)
    monkeypatch.delenv("SGKIT_LRS_SECRET", raising=False)
    done = run("--lrs", lrs.endpoint, *_common(project_copy, tmp_path))
    assert isinstance(done.exception, LrsError)
    assert "set SGKIT_LRS_KEY and SGKIT_LRS_SECRET" in str(done.exception)
    assert lrs.received == []


def test_an_lrs_or_a_dry_run_is_required(project_copy: Project, tmp_path: Path) -> None:
    done = run(*_common(project_copy, tmp_path))
    assert done.exit_code == 2
    assert "--dry-run" in done.output


def test_no_option_takes_the_key_or_secret() -> None:
    lms = typer.main.get_command(sgkit).get_command(None, "lms")  # type: ignore[attr-defined]
    options = [o for p in lms.commands["xapi"].params for o in p.opts]
    assert "--lrs" in options
    assert not [o for o in options if any(w in o for w in ("key", "secret", "password", "token"))]
