"""What a learner's file changes in a lab's starting deployment: the facts that differ, and a
preview a notebook shows (as `kubectl diff` would, but as facts: `searcher replicas: 1 → 2`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kit.practice.deployments.facts import Facts, compose_facts, kubernetes_facts
from kit.practice.deployments.labs import Lab, get_lab, starting_answer
from kit.practice.deployments.render import Rendered, render

Change = tuple[str, str, str]
"""(subject, aspect, new value) of one fact that differs from the starting deployment."""


def deployment_facts(rendered: Rendered) -> Facts:
    """The facts of a rendered deployment, whichever tool rendered it."""
    if rendered.lab.kubernetes:
        return kubernetes_facts(rendered.objects)
    return compose_facts(rendered.objects[0] if rendered.objects else {})


@lru_cache(maxsize=8)
def starting_facts(lab_id: str) -> Facts:
    """The facts of the lab's starting deployment (rendered once per process)."""
    lab = get_lab(lab_id)
    return deployment_facts(render(lab, starting_answer(lab)))


def changes(facts: Facts, start: Facts) -> tuple[Change, ...]:
    """The facts of `facts` that differ from `start`, in a stable order."""
    keys = sorted(set(facts.values) | set(start.values))
    return tuple(
        (s, a, facts.get((s, a))) for s, a in keys if facts.get((s, a)) != start.get((s, a))
    )


def subject_phrase(subject: str) -> str:
    """`sourcegraph-frontend/frontend` as `container frontend of sourcegraph-frontend`."""
    workload, slash, container = subject.partition("/")
    return f"container {container} of {workload}" if slash else subject


def describe_change(change: Change, start: Facts) -> str:
    """One change as `<subject>: <aspect> <before> → <after>`."""
    subject, aspect, value = change
    if aspect == "exists":
        return f"{subject_phrase(subject)}: {'added' if value == 'yes' else 'removed'}"
    return f"{subject_phrase(subject)}: {aspect} {start.get((subject, aspect))} → {value}"


@dataclass(frozen=True)
class Preview:
    """What a file does to a lab's starting deployment, for a notebook to show."""

    lab: Lab
    changes: tuple[Change, ...]
    start: Facts

    def __str__(self) -> str:
        if not self.changes:
            return f"{self.lab.answer_name}: renders the starting deployment unchanged."
        count = len(self.changes)
        lines = [f"{self.lab.answer_name} changes {count} fact{'' if count == 1 else 's'}:"]
        lines += [f"  {describe_change(c, self.start)}" for c in self.changes]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(str(self))  # type: ignore[attr-defined]


def preview(lab: Lab | str, text: str) -> Preview:
    """Render `text` over the lab's starting deployment and list what it changes. Raises
    AnswerRejectedError (one line) when the tool or the schemas reject it."""
    the_lab = get_lab(lab) if isinstance(lab, str) else lab
    start = starting_facts(the_lab.id)
    return Preview(the_lab, changes(deployment_facts(render(the_lab, text)), start), start)
