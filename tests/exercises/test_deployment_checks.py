"""Deployment exercises judge the learner's file by what it renders to with the real tool: any
file with the same effect passes, a file the tool rejects gets the tool's message in one line,
and a wrong file is told which fact of its result differs without seeing the reference."""

from __future__ import annotations

import re

import pytest

from kit.errors import ConfigError
from kit.exercises import check_deployment, grade_deployment
from kit.exercises.deployments import (
    judge_deployment_against_fingerprint,
    judge_deployment_against_reference,
    reference_deployment_fingerprint,
)

OVERLAY = "namespace: sourcegraph\nresources: [../../base]\n"
SCALED = (
    OVERLAY
    + "replicas:\n  - {name: sourcegraph-frontend, count: 3}\n  - {name: searcher, count: 2}\n"
)
SCALED_BY_PATCHES = (
    OVERLAY
    + """patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: sourcegraph-frontend}
      spec: {replicas: 3}
  - target: {kind: Deployment, name: searcher}
    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 2}]'
"""
)
FRONTEND_ONLY = OVERLAY + "replicas:\n  - {name: sourcegraph-frontend, count: 3}\n"


def test_the_fingerprint_counts_the_changed_facts_and_hides_their_values() -> None:
    fingerprint = reference_deployment_fingerprint(SCALED, lab="kustomize")
    assert fingerprint.startswith("deployment:2:")
    assert "3" not in fingerprint.split(":")[1:2] and "searcher" not in fingerprint


def test_an_overlay_written_differently_with_the_same_effect_passes_both_checks() -> None:
    expected = reference_deployment_fingerprint(SCALED, lab="kustomize")
    check_deployment(SCALED_BY_PATCHES, expected, lab="kustomize")
    grade_deployment(SCALED_BY_PATCHES, SCALED, lab="kustomize")


def test_the_hidden_test_names_the_fact_that_differs_and_which_way() -> None:
    verdict = judge_deployment_against_reference(FRONTEND_ONLY, SCALED, lab="kustomize")
    assert not verdict.correct
    assert verdict.message == "Not yet: searcher has 1 replica; the task asks for more."


def test_a_change_the_task_does_not_ask_for_is_named() -> None:
    verdict = judge_deployment_against_reference(
        SCALED.replace("namespace: sourcegraph\n", ""), SCALED, lab="kustomize"
    )
    assert (
        "the namespace of every object is (default); the task does not ask to change it"
        in verdict.message
    )


def test_the_visible_check_shows_the_learners_own_changes_and_the_expected_count() -> None:
    expected = reference_deployment_fingerprint(SCALED, lab="kustomize")
    verdict = judge_deployment_against_fingerprint(FRONTEND_ONLY, expected, lab="kustomize")
    assert verdict.message == (
        "Not yet: your kustomization.yaml changes 1 fact (sourcegraph-frontend: replicas 1 → 3), "
        "which is not what the task asks: it changes 2 facts; the task also changes something "
        "your file leaves as it was."
    )


def test_a_near_miss_gets_its_advice_in_both_checks() -> None:
    advice = "Scale searcher too."
    near = {FRONTEND_ONLY: advice}
    with pytest.raises(AssertionError, match=f"Hint: {advice}"):
        grade_deployment(FRONTEND_ONLY, SCALED, lab="kustomize", near_misses=near)
    hints = {reference_deployment_fingerprint(FRONTEND_ONLY, lab="kustomize"): advice}
    expected = reference_deployment_fingerprint(SCALED, lab="kustomize")
    with pytest.raises(AssertionError, match=f"Hint: {advice}"):
        check_deployment(FRONTEND_ONLY, expected, lab="kustomize", hints=hints)


def test_a_file_the_tool_rejects_gets_the_tools_message_in_one_line() -> None:
    expected = reference_deployment_fingerprint(SCALED, lab="kustomize")
    verdict = judge_deployment_against_fingerprint(
        OVERLAY.replace("base", "bsae"), expected, lab="kustomize"
    )
    assert verdict.message.startswith("Not yet: kubectl rejects it: error: accumulating resources")
    assert "\n" not in verdict.message


def test_more_or_less_is_said_of_resources_without_the_reference_value() -> None:
    reference = "searcher:\n  resources:\n    limits:\n      memory: 4G\n"
    verdict = judge_deployment_against_reference(
        "searcher:\n  resources:\n    limits:\n      memory: 3G\n", reference, lab="helm"
    )
    assert verdict.message == (
        "Not yet: the memory limit of container searcher of searcher is 3G; the task asks for more."
    )


def test_a_missing_environment_variable_in_compose_is_named() -> None:
    reference = "version: '2.4'\nservices:\n  searcher-0:\n    environment: [SRC_LOG_LEVEL=warn]\n"
    verdict = judge_deployment_against_reference(
        "version: '2.4'\nservices: {}\n", reference, lab="docker-compose"
    )
    assert (
        verdict.message == "Not yet: searcher-0 does not set SRC_LOG_LEVEL; the task asks for it."
    )


def test_an_image_from_another_registry_is_told_so() -> None:
    def pin(registry: str) -> str:
        return (
            OVERLAY
            + f"images:\n  - {{name: index.docker.io/sourcegraph/symbols, newName: {registry}/symbols}}\n"
        )

    verdict = judge_deployment_against_reference(
        pin("mirror.local"), pin("registry.internal/sourcegraph"), lab="air-gapped"
    )
    assert verdict.message.endswith("the task asks for an image from another registry.")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (..., "Not answered yet: replace the ... with your YAML file in quotes."),
        (3, "Your answer must be a YAML file in quotes (a string), not a int."),
    ],
)
def test_an_unanswered_exercise_says_what_to_write(answer: object, says: str) -> None:
    verdict = judge_deployment_against_reference(answer, "frontend: {replicaCount: 3}", lab="helm")
    assert verdict.message == says


def test_a_reference_that_does_not_render_is_the_instructors_error() -> None:
    with pytest.raises(
        ConfigError, match=re.escape("the reference override.yaml of the helm lab is not right")
    ):
        reference_deployment_fingerprint("frontend: {replicas: 3}", lab="helm")


NODEPORT_BY_COMPONENT = OVERLAY + "components: [../../components/network/nodeport/30080]\n"
NODEPORT_BY_PATCH = (
    OVERLAY
    + """patches:
  - patch: |-
      apiVersion: v1
      kind: Service
      metadata: {name: sourcegraph-frontend}
      spec:
        type: NodePort
        ports: [{name: http, port: 30080, nodePort: 30080}]
"""
)
CPU_LIMIT_GONE = "searcher:\n  resources:\n    limits:\n      cpu: null\n"
CPU_LIMIT_TILDE = "searcher:\n  resources:\n    limits: {cpu: ~}\n"
FRONTEND_SIZED = "version: '2.4'\nservices:\n  sourcegraph-frontend-0: {cpus: 8, mem_limit: 16g}\n"
FRONTEND_SIZED_IN_MEGABYTES = (
    "services:\n  sourcegraph-frontend-0:\n    cpus: 8.0\n    mem_limit: 16384m\nversion: '2.4'\n"
)
TAGGED = (
    OVERLAY
    + "images:\n  - {name: index.docker.io/sourcegraph/symbols, newName: r.internal/symbols}\n"
)
TAGGED_TOO = (
    OVERLAY
    + "images:\n  - name: index.docker.io/sourcegraph/symbols\n"
    + "    newName: r.internal/symbols\n    newTag: '6.0.0'\n"
)


@pytest.mark.parametrize(
    ("lab", "reference", "other"),
    [
        ("kustomize", NODEPORT_BY_COMPONENT, NODEPORT_BY_PATCH),
        ("air-gapped", TAGGED, TAGGED_TOO),
        ("helm", CPU_LIMIT_GONE, CPU_LIMIT_TILDE),
        ("docker-compose", FRONTEND_SIZED, FRONTEND_SIZED_IN_MEGABYTES),
    ],
    ids=["component-or-patch", "tag-kept-or-restated", "null-or-tilde", "16g-or-16384m"],
)
def test_every_lab_accepts_a_file_written_another_way_with_the_same_effect(
    lab: str, reference: str, other: str
) -> None:
    check_deployment(other, reference_deployment_fingerprint(reference, lab=lab), lab=lab)
    grade_deployment(other, reference, lab=lab)
