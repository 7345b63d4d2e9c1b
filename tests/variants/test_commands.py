"""The variant, plan and catalog commands, on a local typer app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.project import Project

app = sgkit
runner = CliRunner()


def test_variants_build_writes_each_customers_folder(project: Project, tmp_path: Path) -> None:
    profiles = sorted(str(p) for p in (project.courses_dir / "customers").glob("*.yaml"))
    result = runner.invoke(
        app,
        [
            "variants",
            "build",
            *profiles,
            "--out",
            str(tmp_path),
            "--no-check",
            "--practice-checks",  # the example live customer's URL is fictional
            "--courses",
            "sourcegraph-101",
            "--assignments",
            "search-basics",
            "--assignments",
            "filters-and-scoping",
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "helix-health",
        "meridian-federal",
        "tallgrass-logistics",
    ]
    assert "Helix Health: 2 notebooks in" in result.output


def test_plan_writes_html_and_ics_and_lists_the_late(project: Project, tmp_path: Path) -> None:
    completions = tmp_path / "done.csv"
    completions.write_text("customer,course,date\nhelix-health,kickoff,2026-10-05\n")
    result = runner.invoke(
        app,
        [
            "plan",
            str(project.courses_dir / "customers" / "helix-health.yaml"),
            "--out",
            str(tmp_path / "plans"),
            "--completions",
            str(completions),
            "--as-of",
            "2026-10-20",
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plans" / "helix-health" / "plan.ics").is_file()
    assert "late: 2026-10-15 Sourcegraph 101" in result.output
    assert "late: 2026-10-16 Sourcegraph Administration" in result.output


def test_catalog_writes_one_page(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "catalog.html"
    result = runner.invoke(app, ["catalog", "--out", str(target), "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "Sourcegraph Training Catalog" in target.read_text()


def test_a_bad_profile_is_a_kit_error(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\ntoken: abc\n")
    result = runner.invoke(app, ["plan", str(bad), "--project", str(project.root)])
    assert result.exit_code != 0
    assert "token: looks like a credential" in str(result.exception)
