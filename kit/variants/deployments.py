"""What each deployment type means for a customer's admins: facts the variants' prose names."""

from __future__ import annotations

from dataclasses import dataclass

from kit.customers.profile import DEPLOYMENT_TITLES, Deployment


@dataclass(frozen=True)
class DeploymentFacts:
    """How one deployment type is installed, upgraded and checked (for `{{ deployment.* }}`)."""

    id: str
    title: str
    install: str
    upgrade: str
    check: str


_FACTS: dict[Deployment, tuple[str, str, str]] = {
    Deployment.SINGLE_CONTAINER: (
        "run `docker run --publish 7080:7080 ... sourcegraph/server:<version>`",
        "stop the container and start the next version's `sourcegraph/server` image on the "
        "same volumes",
        "open http://localhost:7080 (a single container is not for production)",
    ),
    Deployment.DOCKER_COMPOSE: (
        "fork `deploy-sourcegraph-docker`, work on a release branch and run `docker compose up -d`",
        "merge the next release into their release branch and run `docker compose up -d`",
        "check `/healthz` on the `sourcegraph-frontend-0` container (port 3080)",
    ),
    Deployment.HELM: (
        "run `helm install --version <version> sourcegraph sourcegraph/sourcegraph -f override.yaml`",
        "run `helm upgrade --version <version> sourcegraph sourcegraph/sourcegraph -f override.yaml`",
        "run `kubectl port-forward svc/sourcegraph-frontend 3080:30080`",
    ),
    Deployment.KUSTOMIZE: (
        "build an overlay under `instances/` of `deploy-sourcegraph-k8s` and run "
        "`kubectl apply --prune -l deploy=sourcegraph -k <overlay>`",
        "rebase their overlay on the next release and run "
        "`kubectl apply --prune -l deploy=sourcegraph -k <overlay>` again",
        "run `kubectl port-forward svc/sourcegraph-frontend 3080:30080`",
    ),
    Deployment.AIR_GAPPED: (
        "mirror the release images into the internal registry and install from there",
        "mirror the next release's images into the internal registry first, then upgrade from it",
        "check the frontend from inside the network: nothing may call out",
    ),
}
"""Install, upgrade and health check, as clauses: "to upgrade it, your administrators <...>"."""


def deployment_facts(deployment: Deployment) -> DeploymentFacts:
    """The install, upgrade and health-check steps of one deployment type."""
    install, upgrade, check = _FACTS[deployment]
    return DeploymentFacts(
        id=str(deployment),
        title=DEPLOYMENT_TITLES[deployment],
        install=install,
        upgrade=upgrade,
        check=check,
    )
