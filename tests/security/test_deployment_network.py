"""Deployment labs never reach the network: a learner's Kustomize overlay that names a remote
base, generator or transformer is refused with advice, and the tools run where no network is."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.practice.deployments import AnswerRejectedError, render
from kit.practice.deployments.labs import get_lab, starting_answer
from kit.practice.deployments.tools import ToolRefusedError, run_tool

pytestmark = pytest.mark.slow

REMOTE = "https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0"


@pytest.mark.parametrize(
    "field", ["resources", "bases", "generators", "transformers", "components"]
)
def test_an_overlay_naming_a_remote_is_refused_with_advice(field: str) -> None:
    overlay = starting_answer(get_lab("kustomize")).rstrip() + f"\n{field}:\n  - {REMOTE}\n"
    with pytest.raises(AnswerRejectedError, match=f"{field} names the remote"):
        render("kustomize", overlay)


def test_kubectl_itself_cannot_fetch_a_remote_base(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(f"resources:\n  - {REMOTE}\n")
    with pytest.raises(ToolRefusedError) as refused:
        run_tool("kubectl", "kustomize", ".", cwd=tmp_path)
    message = refused.value.message
    assert "lookup github.com" in message or "connection refused" in message, message
