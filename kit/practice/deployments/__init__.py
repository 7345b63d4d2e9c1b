"""Practice deployments for the admin playbook labs, rendered and validated with real tools.

Each lab starts from a small Sourcegraph deployment shipped as package data (`data/`): a
Kustomize base with components and an overlay (kustomize, air-gapped), a practice copy of the
Helm chart (helm), and a Docker Compose file (docker-compose). A learner's file is rendered with
the real tool (`labs`, `render`, `tools`), Kubernetes output validated against the Kubernetes
schemas (`validate`), and the result reduced to facts (`facts`) that exercises compare.
"""

from kit.practice.deployments.changes import Preview, deployment_facts, preview, starting_facts
from kit.practice.deployments.facts import Facts, compose_facts, kubernetes_facts
from kit.practice.deployments.labs import (
    LABS,
    VERSION,
    Lab,
    get_lab,
    starting_answer,
    starting_file,
)
from kit.practice.deployments.render import AnswerRejectedError, Rendered, render

__all__ = [
    "LABS",
    "VERSION",
    "AnswerRejectedError",
    "Facts",
    "Lab",
    "Preview",
    "Rendered",
    "compose_facts",
    "deployment_facts",
    "get_lab",
    "kubernetes_facts",
    "preview",
    "render",
    "starting_answer",
    "starting_facts",
    "starting_file",
]
