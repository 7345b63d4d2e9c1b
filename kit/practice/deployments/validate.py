"""Validate rendered Kubernetes objects against the Kubernetes OpenAPI schemas, offline, with
kubernetes-validate (strict: an unknown field, such as a misspelt `replica`, is an error)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

KUBERNETES_VERSION = "1.32.0"
"""The Kubernetes release whose schemas the labs validate against (kubectl's own)."""


def _name(obj: dict[str, Any]) -> str:
    metadata = obj.get("metadata") or {}
    return f"{obj.get('kind', '?')}/{metadata.get('name', '?')}"


def schema_problems(objects: Iterable[dict[str, Any]]) -> list[str]:
    """One line per object the schemas reject: `Deployment/searcher: spec.replica: <why>`."""
    import kubernetes_validate  # type: ignore[import-untyped]
    from kubernetes_validate.utils import (  # type: ignore[import-untyped]
        SchemaNotFoundError,
    )

    problems: list[str] = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            where = ".".join(str(p) for p in exc.path)
            problems.append(f"{_name(obj)}: {where + ': ' if where else ''}{exc.message}")
        except SchemaNotFoundError:
            problems.append(
                f"{_name(obj)}: no Kubernetes {KUBERNETES_VERSION} schema for this kind"
            )
    return problems
