"""Render a lab's starting deployment plus the learner's file with the lab's real tool.

The starting deployment is copied to a scratch folder, the learner's file written where the lab
says, and the tool run on it: `kubectl kustomize` on the overlay, `helm template` on the practice
chart with `-f override.yaml` (Helm validates the values against the chart's values.schema.json),
`docker-compose config` on the base file and the override. Kubernetes output is then validated
against the Kubernetes schemas. A file that is not YAML, that the tool refuses or whose output
the schemas reject raises AnswerRejectedError with the reason in one line.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kit.errors import PracticeError
from kit.practice.deployments.labs import Lab, Renderer, data_dir, get_lab
from kit.practice.deployments.tools import ToolRefusedError, run_tool
from kit.practice.deployments.validate import schema_problems


class AnswerRejectedError(PracticeError):
    """The learner's file does not render: not YAML, refused by the tool, or invalid output."""


@dataclass(frozen=True)
class Rendered:
    """What a deployment renders to: Kubernetes objects, or one merged Compose configuration."""

    lab: Lab
    objects: tuple[dict[str, Any], ...]
    """Kubernetes objects (for the Kubernetes labs) or a single Compose configuration."""


def _yaml_problem(text: str, name: str) -> str:
    """Why `text` is not a YAML mapping, in one line; "" when it is one."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return f"your {name} is not valid YAML: {at}{problem}"
    if value is not None and not isinstance(value, dict):
        return f"your {name} must be a YAML mapping (keys and values), not a {type(value).__name__}"
    return ""


_COMPOSE_FILE_KEYS = ("env_file", "extends")
"""Compose options that read other files: the grader would read them on its own machine."""


def _compose_problem(text: str) -> str:
    """Why a Compose override cannot be checked here (it reads other files); "" otherwise."""
    services = (yaml.safe_load(text) or {}).get("services") or {}
    for name, service in services.items() if isinstance(services, dict) else ():
        for key in _COMPOSE_FILE_KEYS:
            if isinstance(service, dict) and key in service:
                return (
                    f"services.{name}.{key} reads another file, which this lab cannot check: "
                    "write the settings in the override itself (environment: for variables)"
                )
    return ""


_KUSTOMIZE_FILE_FIELDS = (
    "resources",
    "components",
    "bases",
    "generators",
    "transformers",
    "validators",
    "crds",
    "configurations",
)
"""Kustomization fields that name files or folders kubectl would fetch (over the network when a
URL): refused with advice here; the sandbox has no network anyway."""


def _kustomize_problem(text: str) -> str:
    """Why an overlay cannot be checked here (it names a remote base); "" otherwise."""
    overlay = yaml.safe_load(text) or {}
    for field in _KUSTOMIZE_FILE_FIELDS:
        entries = overlay.get(field) or () if isinstance(overlay, dict) else ()
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, str) and (
                "://" in entry or entry.startswith(("github.com/", "git@", "git::", "gh:"))
            ):
                return (
                    f"{field} names the remote {entry!r}, which this lab does not fetch: "
                    "use the local ../../base and ../../components/..."
                )
    return ""


def _command(lab: Lab) -> tuple[str, list[str]]:
    if lab.renderer is Renderer.KUSTOMIZE:
        return "kubectl", ["kustomize", str(Path(lab.answer_path).parent)]
    if lab.renderer is Renderer.HELM:
        return "helm", ["template", "sourcegraph", "./sourcegraph", "-f", lab.answer_path]
    return "docker-compose", [
        "--project-directory",
        ".",
        "-f",
        "docker-compose.yaml",
        "-f",
        lab.answer_path,
        "config",
    ]


def _tool_name(lab: Lab) -> str:
    return lab.renderer.value.split()[0]


@lru_cache(maxsize=256)
def _render(lab_id: str, answer: str) -> Rendered:
    lab = get_lab(lab_id)
    problem = _yaml_problem(answer, lab.answer_name)
    if not problem and lab.renderer is Renderer.COMPOSE:
        problem = _compose_problem(answer)
    if not problem and lab.renderer is Renderer.KUSTOMIZE:
        problem = _kustomize_problem(answer)
    if problem:
        raise AnswerRejectedError(problem)
    with tempfile.TemporaryDirectory(prefix="sgkit-deployment-") as scratch:
        tree = Path(scratch) / lab.tree
        shutil.copytree(data_dir(lab), tree)
        (tree / lab.answer_path).write_text(answer)
        tool, args = _command(lab)
        try:
            output = run_tool(tool, *args, cwd=tree, scrub=(scratch,)).stdout
        except ToolRefusedError as exc:
            raise AnswerRejectedError(f"{_tool_name(lab)} rejects it: {exc.message}") from None
    documents = tuple(d for d in yaml.safe_load_all(output) if isinstance(d, dict))
    if lab.kubernetes:
        problems = schema_problems(documents)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise AnswerRejectedError(f"the Kubernetes schemas reject {problems[0]}{more}")
    return Rendered(lab, documents)


def render(lab: Lab | str, answer: str) -> Rendered:
    """Render the lab's starting deployment with `answer` as the learner's file. Raises
    AnswerRejectedError (one line) when it does not render, PracticeError when a tool is missing."""
    lab_id = lab if isinstance(lab, str) else lab.id
    return _render(lab_id, answer if answer.endswith("\n") else answer + "\n")
