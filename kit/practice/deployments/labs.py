"""The four admin playbook labs: which starting deployment each uses, which file the learner
writes, and which real tool renders it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from kit.errors import PracticeError

VERSION = "6.0.0"
"""The Sourcegraph release every starting deployment pins."""


class Renderer(StrEnum):
    """The real tool that turns a starting deployment plus the learner's file into objects."""

    KUSTOMIZE = "kubectl kustomize"
    HELM = "helm template"
    COMPOSE = "docker-compose config"


@dataclass(frozen=True)
class Lab:
    """One playbook lab: its starting deployment (a folder of package data) and the learner's file."""

    id: str
    title: str
    renderer: Renderer
    tree: str
    """The folder under `data/` holding the starting deployment."""
    answer_path: str
    """Where, inside that folder, the learner's file goes."""
    shown: tuple[str, ...]
    """The starting files a notebook shows, relative to the folder."""

    @property
    def answer_name(self) -> str:
        """The file name of the learner's answer (`kustomization.yaml`, `override.yaml`...)."""
        return Path(self.answer_path).name

    @property
    def kubernetes(self) -> bool:
        """True when the lab renders Kubernetes objects (not a Compose configuration)."""
        return self.renderer is not Renderer.COMPOSE


_K8S_FILES = (
    "base/kustomization.yaml",
    "base/frontend.yaml",
    "base/gitserver.yaml",
    "base/searcher.yaml",
    "base/indexed-search.yaml",
    "base/symbols.yaml",
    "base/pgsql.yaml",
    "base/redis-cache.yaml",
    "components/network/nodeport/30080/kustomization.yaml",
    "components/network-policy/deny-egress/kustomization.yaml",
    "components/network-policy/deny-egress/network-policy.yaml",
    "instances/my-sourcegraph/kustomization.yaml",
)
_OVERLAY = "instances/my-sourcegraph/kustomization.yaml"

LABS: dict[str, Lab] = {
    lab.id: lab
    for lab in (
        Lab(
            "kustomize",
            "Kubernetes with Kustomize",
            Renderer.KUSTOMIZE,
            "kustomize",
            _OVERLAY,
            _K8S_FILES,
        ),
        Lab(
            "air-gapped",
            "Air-gapped Kubernetes",
            Renderer.KUSTOMIZE,
            "kustomize",
            _OVERLAY,
            _K8S_FILES,
        ),
        Lab(
            "helm",
            "Kubernetes with Helm",
            Renderer.HELM,
            "helm",
            "override.yaml",
            ("sourcegraph/values.yaml", "sourcegraph/Chart.yaml"),
        ),
        Lab(
            "docker-compose",
            "Docker Compose",
            Renderer.COMPOSE,
            "docker-compose",
            "docker-compose.override.yaml",
            ("docker-compose.yaml",),
        ),
    )
}


def get_lab(lab_id: str) -> Lab:
    """The lab with this id; PracticeError naming the known ones otherwise."""
    try:
        return LABS[lab_id]
    except KeyError:
        known = ", ".join(LABS)
        raise PracticeError(f"unknown deployment lab {lab_id!r} (known: {known})") from None


def data_dir(lab: Lab) -> Path:
    """The folder of the lab's starting deployment (package data)."""
    return Path(str(resources.files("kit.practice.deployments") / "data" / lab.tree))


def starting_file(lab: Lab, path: str) -> str:
    """The text of one file of the lab's starting deployment."""
    file = data_dir(lab) / path
    if not file.is_file():
        raise PracticeError(f"the {lab.id} lab has no starting file {path!r}")
    return file.read_text()


def starting_answer(lab: Lab) -> str:
    """The learner's file as the lab starts: the shipped overlay, or an empty override."""
    file = data_dir(lab) / lab.answer_path
    return file.read_text() if file.is_file() else "{}\n"
