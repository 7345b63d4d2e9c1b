"""environment.yml stays in step with pyproject.toml: same packages, same lower bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from kit.project import Project


def _requirements(specs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        name, _, bound = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?(>=)?(.*)$", spec).groups()  # type: ignore[union-attr]
        out[name.lower().replace("_", "-")] = bound
    return out


def test_environment_yml_matches_pyproject(project: Project) -> None:
    pyproject = tomllib.loads((project.root / "pyproject.toml").read_text())["project"]
    wanted = _requirements(pyproject["dependencies"] + pyproject["optional-dependencies"]["dev"])
    env = yaml.safe_load((project.root / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    conda += [
        d.split("#")[0].strip()
        for section in env["dependencies"]
        if isinstance(section, dict)
        for d in section.get("pip", [])
        if not d.startswith("-e")
    ]
    listed = _requirements(
        [d for d in conda if d.split(">=")[0] not in {"python=3.11", "pip", "git"}]
    )
    assert listed == wanted
