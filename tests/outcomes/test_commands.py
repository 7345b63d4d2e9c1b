"""`sgkit report`, registered on a local Typer app: sample data by default, the user's CSVs
when given, and one-line errors for bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.errors import ConfigError
from kit.outcomes.run import SAMPLE_FOLDER, outcomes_report
from kit.outcomes.sample import write_sample


@pytest.fixture
def app() -> typer.Typer:
    app = sgkit

    return app


def test_report_without_inputs_uses_the_sample(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Report from sample data" in result.output
    page = tmp_path / "out" / "index.html"
    assert page.is_file() and (tmp_path / "out" / "plotly.min.js").is_file()
    assert (tmp_path / "out" / SAMPLE_FOLDER / "usage.csv").is_file()
    assert "as of 2026-10-31" in page.read_text(encoding="utf-8")


def test_report_from_given_csvs(app: typer.Typer, tmp_path: Path) -> None:
    paths = write_sample(tmp_path / "mine")
    args = ["report", "--out", str(tmp_path / "out"), "--as-of", "2026-10-31"]
    args += ["--customers", str(paths.customers), "--usage", str(paths.usage)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Report from your data" in result.output
    assert 'id="synthetic"' not in text  # the user's files are not labelled as the sample
    assert "No CE roster given." in text


def test_report_from_given_health_csvs(app: typer.Typer, tmp_path: Path) -> None:
    paths = write_sample(tmp_path / "mine")
    args = ["report", "--out", str(tmp_path / "out"), "--as-of", "2026-10-31"]
    args += ["--customers", str(paths.customers), "--usage", str(paths.usage)]
    args += ["--completions", str(paths.completions)]
    args += ["--feature-usage", str(paths.feature_usage), "--contracts", str(paths.contracts)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "rose 35% (95% interval +28% to +42%)" in text  # the checkout's use cases
    assert "Not given, so not shown: product-nps.csv" in text
    assert "collateral-requests.csv (assets CEs asked for)" in text
    assert "feature-usage.csv (usage" not in text


def test_a_bad_feature_usage_row_stops_the_report(app: typer.Typer, tmp_path: Path) -> None:
    paths = write_sample(tmp_path / "mine")
    assert paths.feature_usage is not None
    lines = paths.feature_usage.read_text(encoding="utf-8").splitlines()
    lines[4] = "aurora-bank,2025-11-24,1,2,3,4,5,six,7"
    paths.feature_usage.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["report", "--out", str(tmp_path / "out"), "--customers", str(paths.customers)]
    args += ["--usage", str(paths.usage), "--feature-usage", str(paths.feature_usage)]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == (
        f'{paths.feature_usage}: row 5, column notebooks: "six" is not a whole number'
    )
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_bad_usage_row_stops_the_report_with_file_row_and_column(tmp_path: Path) -> None:
    paths = write_sample(tmp_path / "mine")
    lines = paths.usage.read_text(encoding="utf-8").splitlines()
    lines[13] = "aurora-bank,2026-13-01,1,2,1200"
    paths.usage.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        outcomes_report(tmp_path / "out", paths, as_of=dt.date(2026, 10, 31))
    assert (
        str(caught.value)
        == f'{paths.usage}: row 14, column date: bad date "2026-13-01" (use YYYY-MM-DD)'
    )


def test_customers_without_usage_are_refused(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--customers", "c.csv"])
    assert isinstance(result.exception, ConfigError)
    assert "give --usage, with --profiles or --customers" in str(result.exception)


def test_a_bad_as_of_date_is_refused(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--as-of", "31/10/2026"])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == '--as-of: bad date "31/10/2026" (use YYYY-MM-DD)'


def test_the_dashboard_checks_the_data_before_serving_it(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr("subprocess.call", lambda command, **_: started.append(command) or 0)
    paths = write_sample(tmp_path / "mine")
    lines = paths.usage.read_text(encoding="utf-8").splitlines()
    lines[13] = "aurora-bank,2026-10-01,90,60,1200"
    paths.usage.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["dashboard", "--no-browser", "--customers", str(paths.customers)]
    result = CliRunner().invoke(app, [*args, "--usage", str(paths.usage)])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception).startswith(f"{paths.usage}: row 14, column dau:")
    assert started == []  # Voila never started on bad data


def test_the_dashboard_serves_on_localhost_only(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(
        "subprocess.call", lambda command, env, **_: started.append((command, env)) or 0
    )
    paths = write_sample(tmp_path / "mine")
    args = ["dashboard", "--no-browser", "--port", "9123", "--as-of", "2026-10-31"]
    args += ["--customers", str(paths.customers), "--usage", str(paths.usage)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    ((command, env),) = started
    assert "--Voila.ip=127.0.0.1" in command and "--Voila.port=9123" in command
    assert "--Voila.open_browser=False" in command
    assert str(paths.usage) in env["SGKIT_DASHBOARD"]
