"""The hub settings file and `sgkit hub --check`: bad settings are refused with the field named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.errors import ConfigError
from kit.hub.config import check_catalog
from kit.hub.settings import load_hub_settings
from kit.project import Project


def write(tmp_path: Path, **changes: object) -> Path:
    data: dict[str, object] = {
        "port": 18000,
        "state_dir": str(tmp_path / "state"),
        "exchange_root": str(tmp_path / "exchange"),
        "courses": [
            {"id": "sourcegraph-101-acme", "course": "sourcegraph-101", "learners": ["ada"]},
            {"id": "sourcegraph-101-globex", "course": "sourcegraph-101", "graders": ["tom"]},
        ],
    }
    data.update(changes)
    path = tmp_path / "hub.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_each_course_gets_its_groups_service_grader_and_port(tmp_path: Path) -> None:
    settings = load_hub_settings(write(tmp_path))
    acme, globex = settings.courses
    assert (acme.unix_group, acme.learner_group, acme.service) == (
        "sgkit-sourcegraph-101-acme", "nbgrader-sourcegraph-101-acme", "formgrade-sourcegraph-101-acme",
    )  # fmt: skip
    assert acme.grader_user == "grade-sourcegraph-101-acme"
    assert (settings.hub_port, settings.proxy_api_port) == (18001, 18002)
    assert [settings.formgrader_port(c) for c in (acme, globex)] == [18003, 18004]
    assert settings.courses_of("tom") == [globex]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"courses": [{"id": "c" * 27, "course": "sourcegraph-101"}]}, "courses.0.id"),
        ({"courses": [{"id": "x", "course": "sourcegraph-101", "learners": ["Ada Lovelace"]}]}, "learners"),
        ({"authenticator": "dummy"}, "dummy_password"),
        ({"state_dir": "relative/state"}, "absolute"),
        ({"courses": [{"id": "x", "course": "sourcegraph-101"}] * 2}, "appears twice"),
        ({"courses": [{"id": "x", "course": "sourcegraph-101", "learners": ["grade-x"]}]}, "formgrader's Unix user"),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_naming_the_problem(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    path = write(tmp_path, **changes)
    with pytest.raises(ConfigError, match=message) as caught:
        load_hub_settings(path)
    assert str(path) in str(caught.value)


def test_a_hub_course_must_name_a_catalog_course(tmp_path: Path, project: Project) -> None:
    path = write(tmp_path, courses=[{"id": "x", "course": "sourcegraph-999"}])
    with pytest.raises(ConfigError, match="unknown course 'sourcegraph-999'"):
        check_catalog(load_hub_settings(path), project)


def test_sgkit_hub_check_lists_each_course_and_its_formgrader(
    tmp_path: Path, project: Project
) -> None:
    app = sgkit
    result = CliRunner().invoke(
        app, ["hub", str(write(tmp_path)), "--check", "--project", str(project.root)]
    )
    assert result.exit_code == 0, result.output
    assert "sourcegraph-101-acme: sourcegraph-101, 1 learners, 0 graders" in result.output
    assert "http://127.0.0.1:18000/services/formgrade-sourcegraph-101-globex/" in result.output
