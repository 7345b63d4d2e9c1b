"""Practice deployments for the admin playbook labs, rendered and validated with real tools.

Each lab starts from a small Sourcegraph deployment shipped as package data (`data/`): a
Kustomize base with components and an overlay (kustomize, air-gapped), a practice copy of the
Helm chart (helm), and a Docker Compose file (docker-compose). A learner's file is rendered with
the real tool (`labs`, `render`, `tools`), Kubernetes output validated against the Kubernetes
schemas (`validate`), and the result reduced to facts (`facts`) that exercises compare.
"""

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


def deployment_facts(rendered: Rendered) -> Facts:
    """The facts of a rendered deployment, whichever tool rendered it."""
    if rendered.lab.kubernetes:
        return kubernetes_facts(rendered.objects)
    return compose_facts(rendered.objects[0] if rendered.objects else {})


__all__ = [
    "LABS",
    "VERSION",
    "AnswerRejectedError",
    "Facts",
    "Lab",
    "Rendered",
    "compose_facts",
    "deployment_facts",
    "get_lab",
    "kubernetes_facts",
    "render",
    "starting_answer",
    "starting_file",
]
