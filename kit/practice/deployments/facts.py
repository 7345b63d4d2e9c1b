"""What a rendered deployment does, as facts: replicas, images, resources, environment, volumes,
services, ingress TLS, and the traffic NetworkPolicies allow each workload.

A fact is (subject, aspect) -> value, e.g. ("searcher", "replicas") -> "2" or
("sourcegraph-frontend/frontend", "env SRC_GIT_SERVERS") -> "gitserver-0:3178". Values are
canonical (`2000m` and `2` are one CPU request; a NetworkPolicy is judged by the traffic it
allows the pods it selects, not by its name), so two files that render to the same effect have
the same facts however they are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kit.practice.deployments.quantities import (
    cores,
    docker_bytes,
    docker_size,
    kubernetes_bytes,
    kubernetes_quantity,
)

Key = tuple[str, str]
NOT_SET = "(not set)"
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")


@dataclass
class Facts:
    """The facts of one rendered deployment, with the number behind each numeric fact."""

    values: dict[Key, str] = field(default_factory=dict)
    numbers: dict[Key, Decimal] = field(default_factory=dict)

    def add(self, subject: str, aspect: str, value: str, number: Decimal | None = None) -> None:
        """Record one fact (and its magnitude, for "more"/"fewer" advice)."""
        self.values[(subject, aspect)] = value
        if number is not None:
            self.numbers[(subject, aspect)] = number

    def get(self, key: Key) -> str:
        """The fact's value, or `(not set)`."""
        return self.values.get(key, NOT_SET)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _env_value(entry: Mapping[str, Any]) -> str:
    if "valueFrom" in entry:
        return "from " + _canonical(entry["valueFrom"])
    return str(entry.get("value", ""))


def _container_facts(facts: Facts, workload: str, container: Mapping[str, Any]) -> None:
    subject = f"{workload}/{container.get('name', '?')}"
    facts.add(subject, "image", str(container.get("image", NOT_SET)))
    resources = container.get("resources") or {}
    for level, label in (("requests", "request"), ("limits", "limit")):
        for resource, amount in (resources.get(level) or {}).items():
            number = kubernetes_quantity(amount)
            shown = cores(number) if resource == "cpu" else kubernetes_bytes(number)
            facts.add(subject, f"{resource} {label}", shown, number)
    for entry in container.get("env") or ():
        facts.add(subject, f"env {entry.get('name')}", _env_value(entry))
    for mount in container.get("volumeMounts") or ():
        read_only = ":ro" if mount.get("readOnly") else ""
        facts.add(subject, f"mount {mount.get('mountPath')}", f"{mount.get('name')}{read_only}")


def _matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Whether a label selector selects these labels (an empty selector selects everything)."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expression in selector.get("matchExpressions") or ():
        key, operator = expression.get("key"), expression.get("operator")
        values = expression.get("values") or []
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def _policy_types(spec: Mapping[str, Any]) -> list[str]:
    if spec.get("policyTypes"):
        return list(spec["policyTypes"])
    return ["Ingress", *(["Egress"] if "egress" in spec else [])]


def _allowed_traffic(
    policies: Iterable[Mapping[str, Any]], namespace: str, labels: Mapping[str, str], kind: str
) -> str:
    """What the NetworkPolicies selecting a pod let through in one direction (`Egress` or
    `Ingress`): `unrestricted`, `denied`, or the rules they allow, canonical."""
    rules_key = kind.lower()
    selecting = [
        p.get("spec") or {}
        for p in policies
        if (p.get("metadata") or {}).get("namespace", "") == namespace
        and _matches((p.get("spec") or {}).get("podSelector"), labels)
        and kind in _policy_types(p.get("spec") or {})
    ]
    if not selecting:
        return "unrestricted"
    rules = sorted({_canonical(rule) for spec in selecting for rule in spec.get(rules_key) or ()})
    return "denied" if not rules else "only " + "; ".join(rules)


def _workload_facts(facts: Facts, obj: Mapping[str, Any], policies: list[dict[str, Any]]) -> None:
    name = str(obj["metadata"].get("name"))
    spec = obj.get("spec") or {}
    if obj.get("kind") != "DaemonSet":
        replicas = spec.get("replicas", 1)
        facts.add(name, "replicas", str(replicas), Decimal(replicas))
    template = spec.get("template") or {}
    pod = template.get("spec") or {}
    for container in [*(pod.get("initContainers") or ()), *(pod.get("containers") or ())]:
        _container_facts(facts, name, container)
    for volume in pod.get("volumes") or ():
        source = {k: v for k, v in volume.items() if k != "name"}
        facts.add(name, f"volume {volume.get('name')}", _canonical(source))
    for claim in spec.get("volumeClaimTemplates") or ():
        size = ((claim.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage")
        if size is not None:
            number = kubernetes_quantity(size)
            facts.add(
                name, f"storage {claim['metadata'].get('name')}", kubernetes_bytes(number), number
            )
    secrets = sorted(s.get("name", "") for s in pod.get("imagePullSecrets") or ())
    if secrets:
        facts.add(name, "image pull secrets", ", ".join(secrets))
    labels = (template.get("metadata") or {}).get("labels") or {}
    namespace = obj["metadata"].get("namespace", "")
    facts.add(name, "egress", _allowed_traffic(policies, namespace, labels, "Egress"))
    facts.add(name, "incoming traffic", _allowed_traffic(policies, namespace, labels, "Ingress"))


def _service_facts(facts: Facts, obj: Mapping[str, Any]) -> None:
    subject = f"Service {obj['metadata'].get('name')}"
    spec = obj.get("spec") or {}
    facts.add(subject, "type", str(spec.get("type", "ClusterIP")))
    ports = []
    for port in spec.get("ports") or ():
        node = f" (node port {port['nodePort']})" if "nodePort" in port else ""
        ports.append(f"{port.get('port')}->{port.get('targetPort', port.get('port'))}{node}")
    facts.add(subject, "ports", ", ".join(sorted(ports)))


def _ingress_facts(facts: Facts, obj: Mapping[str, Any]) -> None:
    subject = f"Ingress {obj['metadata'].get('name')}"
    spec = obj.get("spec") or {}
    annotations = obj["metadata"].get("annotations") or {}
    ingress_class = spec.get("ingressClassName") or annotations.get("kubernetes.io/ingress.class")
    facts.add(subject, "class", str(ingress_class or NOT_SET))
    hosts = sorted(str(rule.get("host", "*")) for rule in spec.get("rules") or ())
    facts.add(subject, "hosts", ", ".join(hosts))
    tls = sorted(
        f"{', '.join(sorted(entry.get('hosts') or ['*']))} with secret {entry.get('secretName', NOT_SET)}"
        for entry in spec.get("tls") or ()
    )
    facts.add(subject, "tls", "; ".join(tls) if tls else NOT_SET)


def kubernetes_facts(objects: Iterable[Mapping[str, Any]]) -> Facts:
    """The facts of rendered Kubernetes objects."""
    objects = list(objects)
    policies = [dict(o) for o in objects if o.get("kind") == "NetworkPolicy"]
    facts = Facts()
    namespaces = sorted({str(o["metadata"].get("namespace", "(default)")) for o in objects})
    facts.add("every object", "namespace", ", ".join(namespaces))
    for obj in objects:
        kind, name = obj.get("kind"), obj["metadata"].get("name")
        if kind == "NetworkPolicy":
            continue  # judged by the traffic it allows, in each workload's facts
        facts.add(f"{kind} {name}", "exists", "yes")
        if kind in WORKLOAD_KINDS:
            _workload_facts(facts, obj, policies)
        elif kind == "Service":
            _service_facts(facts, obj)
        elif kind == "Ingress":
            _ingress_facts(facts, obj)
        elif kind == "ConfigMap":
            for key, value in (obj.get("data") or {}).items():
                facts.add(f"ConfigMap {name}", f"data {key}", str(value))
    return facts


def _compose_environment(environment: Any) -> dict[str, str]:
    if isinstance(environment, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in environment.items()}
    pairs = (str(item).partition("=") for item in environment or ())
    return {key: value for key, _, value in pairs}


def _compose_mount(volume: Any) -> tuple[str, str]:
    if isinstance(volume, Mapping):
        mode = ":ro" if volume.get("read_only") else ""
        return str(volume.get("target")), f"{volume.get('source', '(anonymous)')}{mode}"
    parts = str(volume).split(":")
    if len(parts) == 1:
        return parts[0], "(anonymous)"
    mode = ":ro" if len(parts) > 2 and "ro" in parts[2].split(",") else ""
    return parts[1], f"{parts[0]}{mode}"


def compose_facts(config: Mapping[str, Any]) -> Facts:
    """The facts of a merged Compose configuration (`docker-compose config`'s output)."""
    facts = Facts()
    for name, service in (config.get("services") or {}).items():
        facts.add(name, "exists", "yes")
        facts.add(name, "image", str(service.get("image", NOT_SET)))
        deploy = service.get("deploy") or {}
        replicas = deploy.get("replicas", service.get("scale", 1))
        facts.add(name, "replicas", str(replicas), Decimal(replicas))
        limits = (deploy.get("resources") or {}).get("limits") or {}
        cpus = service.get("cpus", limits.get("cpus"))
        if cpus is not None:
            number = Decimal(str(cpus))
            facts.add(name, "cpu limit", cores(number), number)
        memory = service.get("mem_limit", limits.get("memory"))
        if memory is not None:
            size = docker_bytes(memory)
            facts.add(name, "memory limit", docker_size(size), size)
        for key, value in _compose_environment(service.get("environment")).items():
            facts.add(name, f"env {key}", value)
        for volume in service.get("volumes") or ():
            target, source = _compose_mount(volume)
            facts.add(name, f"mount {target}", source)
        ports = sorted(str(p) for p in service.get("ports") or ())
        if ports:
            facts.add(name, "ports", ", ".join(ports))
    for volume in config.get("volumes") or {}:
        facts.add(f"volume {volume}", "exists", "yes")
    return facts
