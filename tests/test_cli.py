"""`sgkit` lists its commands, and turns every bad input into one line naming the culprit, exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kit.project import Project
from tests.conftest import sgkit


def test_help_lists_the_commands() -> None:
    done = sgkit("--help")
    assert done.returncode == 0
    for command in (
        "search",
        "release",
        "collect",
        "autograde",
        "feedback",
        "certify",
        "demo",
        "batch",
        "site-config",
        "code-host",
    ):
        assert command in done.stdout


def test_search_json_prints_one_object_per_match_then_progress() -> None:
    done = sgkit("search", "--json", "lang:python TODO")
    assert done.returncode == 0, done.stderr
    *matches, progress = [json.loads(line) for line in done.stdout.splitlines()]
    assert [m["path"] for m in matches] == ["pipeline/extract.py", "pipeline/load.py"]
    assert progress["matchCount"] == 2


def test_search_prints_highlighted_results_for_people() -> None:
    done = sgkit("search", "repo:storefront calculateTotal")
    assert done.returncode == 0
    assert "github.com/acme/web-storefront › src/cart.ts" in done.stdout
    assert "4 results" in done.stdout


def collect(project: Project, inbox: Path) -> object:
    return sgkit("collect", "search-basics", "--from", str(inbox), "--project", str(project.root))


def error_line(done: object) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert len(lines) == 1, done.stderr  # type: ignore[attr-defined]
    assert done.returncode == 2  # type: ignore[attr-defined]
    return lines[0]


def test_a_bad_query_is_one_line_and_an_alert_in_json() -> None:
    done = sgkit("search", "--json", "lang:klingon TODO")
    assert error_line(done) == 'error: unknown language: "klingon"'
    assert json.loads(done.stdout)["type"] == "alert"


def test_an_unknown_course(project_copy: Project) -> None:
    done = sgkit(
        "release", "search-basics", "--course", "sg-999", "--project", str(project_copy.root)
    )
    line = error_line(done)
    assert "unknown course 'sg-999' (known: admin, " in line
    assert "ce-onboarding, code-security" in line


def test_an_unknown_assignment(project_copy: Project) -> None:
    done = sgkit("autograde", "no-such-lab", "--project", str(project_copy.root))
    assert "unknown assignment 'no-such-lab' in any course" in error_line(done)


def test_a_bad_yaml_field_names_file_and_field(project_copy: Project) -> None:
    course_file = project_copy.courses_dir / "sourcegraph-101.yaml"
    course_file.write_text(
        course_file.read_text().replace("passing_score: 70", "passing_score: high")
    )
    done = sgkit("certify", "--project", str(project_copy.root))
    line = error_line(done)
    assert f"{course_file}: field 'passing_score'" in line


def refused_lines(done: object) -> list[str]:
    """The learners `sgkit collect` refused, one line each on stderr, and exit 1."""
    assert done.returncode == 1, done.stderr  # type: ignore[attr-defined]
    return [line for line in done.stderr.splitlines() if line.strip()]  # type: ignore[attr-defined]


def test_a_missing_submitted_notebook_names_learner_and_file(
    project_copy: Project, tmp_path: Path
) -> None:
    (tmp_path / "inbox" / "ada").mkdir(parents=True)
    done = collect(project_copy, tmp_path / "inbox")
    expected = tmp_path / "inbox" / "ada" / "search-basics.ipynb"
    assert refused_lines(done) == [
        f"refused ada: {expected}: not found (no notebook in this folder)"
    ]


def test_a_malformed_notebook_is_named_and_the_others_are_imported(
    project_copy: Project, tmp_path: Path
) -> None:
    released = (
        project_copy.release_dir / "sourcegraph-101" / "search-basics" / "search-basics.ipynb"
    )
    for learner in ("ada", "ben"):
        (tmp_path / "inbox" / learner).mkdir(parents=True)
    (tmp_path / "inbox" / "ada" / "search-basics.ipynb").write_text(released.read_text())
    broken = tmp_path / "inbox" / "ben" / "search-basics.ipynb"
    broken.write_text('{"cells": [ oops')
    done = collect(project_copy, tmp_path / "inbox")
    assert refused_lines(done) == [f"refused ben: {broken}: not a readable notebook: not JSON"]
    assert "imported 1 submissions: ada" in done.stdout  # type: ignore[attr-defined]
    submitted = project_copy.grading_dir / "sourcegraph-101" / "submitted"
    assert (submitted / "ada" / "search-basics" / "search-basics.ipynb").is_file()


def test_a_missing_submissions_folder(project_copy: Project, tmp_path: Path) -> None:
    done = collect(project_copy, tmp_path / "nowhere")
    assert f"{tmp_path / 'nowhere'}: submissions folder not found" in error_line(done)


def test_a_folder_that_is_not_a_checkout(tmp_path: Path) -> None:
    done = sgkit("certify", cwd=tmp_path)
    assert "no kit checkout here or above" in error_line(done)


@pytest.mark.parametrize("args", [("release",), ("release", "search-basics", "--all")])
def test_release_needs_one_assignment_or_all(args: tuple[str, ...]) -> None:
    done = sgkit(*args)
    assert done.returncode == 2 and "give an ASSIGNMENT or --all" in done.stderr


def test_a_command_that_finds_problems_exits_1_through_the_real_entry_point(tmp_path: Path) -> None:
    config = tmp_path / "site.json"
    config.write_text('{"externalURL": "ftp://sourcegraph.internal/x"}')
    done = sgkit("site-config", "check", str(config))
    assert done.returncode == 1, done.stderr
    assert "externalURL" in done.stdout


def test_a_batch_spec_with_a_typo_is_one_line_naming_the_file(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: hello\nchangesetTemplate: {titel: Hi, branch: b, commit: {message: m}}\n"
    )
    done = sgkit("batch", "validate", "-f", str(spec))
    assert done.returncode == 2
    assert str(spec) in error_line(done) and "titel" in error_line(done)


def test_the_cli_starts_without_loading_the_heavy_libraries() -> None:
    """`sgkit --help` stays quick: jsonschema, nbformat, graphql-core, pandas and plotly load only
    when a command that needs them runs."""
    import subprocess
    import sys

    heavy = ("jsonschema", "nbformat", "graphql", "pandas", "plotly")
    code = f"import sys, kit.cli; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_lists_every_registered_command_without_importing_any() -> None:
    """The root help is built from the registry alone: no command module, no nbgrader."""
    import subprocess
    import sys

    from kit.cli import REGISTRY

    code = (
        "import sys, io, contextlib, kit.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    kit.cli.app(['--help'])\n"
        "print(sorted(m for m in sys.modules if m == 'nbgrader' or m.startswith('kit.cli.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    listed = sgkit("--help").stdout
    for name in REGISTRY:
        assert f" {name} " in listed, name


def test_each_registered_command_loads_with_the_help_the_registry_shows() -> None:
    from kit.cli import REGISTRY, load_command

    for name, (_, _, help_line) in REGISTRY.items():
        command = load_command(name)
        assert " ".join((command.help or "").split()).startswith(help_line), name


def test_verifying_a_credential_loads_neither_pydantic_nor_the_jose_library(tmp_path: Path) -> None:
    """`sgkit verify` is the command strangers run; it starts in a fraction of a second because it
    imports only what checking a signature needs, typer included (benchmarks/cli_startup.py
    measures it)."""
    import subprocess
    import sys

    missing = tmp_path / "missing.jwt"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kit", "verify", str(missing)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "SGKIT_KEY_DIR": str(tmp_path / "keys")},
    )
    assert result.returncode != 0 and "credential file not found" in result.stderr
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "kit.certify.trust" in loaded and "kit.courses.issuer" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("pydantic", "joserfc")}
