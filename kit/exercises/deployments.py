"""Deployment exercises (the admin playbook labs), judged by what the learner's file does.

The learner writes one file: a Kustomize overlay, a Helm `override.yaml` or a
`docker-compose.override.yaml`. It is rendered over the lab's starting deployment with the real
tool and validated (`kit.practice.deployments`), reduced to facts (replicas, images, resources,
environment, volumes, ingress TLS, the traffic NetworkPolicies allow...), and judged by the facts
it changes from the starting deployment: any file that renders to the same effect passes. The
visible check knows a fingerprint of the expected changes (`deployment:<count>:<hash>`); the
hidden test recomputes them from the instructor's reference and says which fact of the learner's
result differs (its own value, and whether the task wants more, fewer or another), never the
reference's value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from kit.errors import ConfigError
from kit.exercises.aspects import (
    differing_aspects,
    hidden_name,
    with_aspects,
    without_aspects,
)
from kit.exercises.checks import _check, _judgeable, _report
from kit.exercises.queries import Verdict, not_a_query
from kit.exercises.sealing import sealed_advice
from kit.practice.deployments import (
    AnswerRejectedError,
    Facts,
    Lab,
    deployment_facts,
    get_lab,
    render,
)
from kit.practice.deployments.changes import (
    changes,
    describe_change,
    starting_facts,
    subject_phrase,
)
from kit.practice.deployments.facts import NOT_SET, Key

_SHOWN = 4


@dataclass(frozen=True)
class DeploymentEffect:
    """What a learner's file changes in the starting deployment: (subject, aspect, new value)."""

    changes: tuple[tuple[str, str, str], ...]

    def fingerprint(self) -> str:
        """`deployment:<number of changed facts>:<hash of the changes>`."""
        digest = hashlib.sha256(json.dumps(self.changes).encode()).hexdigest()[:16]
        aspects = {f"{aspect}@{subject}": value for subject, aspect, value in self.changes}
        return with_aspects(f"deployment:{len(self.changes)}:{digest}", aspects, hide_names=True)


def _learner(answer: object, lab: Lab) -> tuple[Facts | None, str]:
    """The facts of the learner's rendered deployment, or why there are none (one line)."""
    problem = not_a_query(answer, what="YAML file")
    if problem:
        return None, problem
    assert isinstance(answer, str)
    try:
        return deployment_facts(render(lab, answer)), ""
    except AnswerRejectedError as exc:
        return None, f"Not yet: {exc.message}"


def reference_deployment_fingerprint(reference: str, *, lab: str) -> str:
    """The fingerprint a visible check needs, from the instructor's reference file. Raises
    ConfigError when the reference itself does not render."""
    the_lab = get_lab(lab)
    facts, problem = _learner(reference, the_lab)
    if facts is None:
        raise ConfigError(
            f"the reference {the_lab.answer_name} of the {lab} lab is not right: {problem}"
        )
    return DeploymentEffect(changes(facts, starting_facts(lab))).fingerprint()


def _state(key: Key, value: str) -> str:
    """One fact of the learner's result, as a clause: `searcher has 1 replica`."""
    subject, aspect = key
    who = subject_phrase(subject)
    unset = value == NOT_SET
    if aspect == "replicas":
        return f"{who} has {value} replica{'' if value == '1' else 's'}"
    if aspect == "exists":
        return f"there is no {subject}" if unset else f"{subject} exists"
    if aspect == "image":
        return f"{who} runs {value}"
    if aspect.startswith("env "):
        name = aspect.removeprefix("env ")
        return f"{who} does not set {name}" if unset else f"{who} sets {name} to {value!r}"
    if aspect.startswith("mount "):
        path = aspect.removeprefix("mount ")
        return f"{who} mounts nothing at {path}" if unset else f"{who} mounts {value} at {path}"
    if aspect in ("egress", "incoming traffic"):
        if value == "unrestricted":
            return f"the {aspect} of {who} is unrestricted (no NetworkPolicy selecting its pods limits it)"
        return f"the {aspect} of {who} is {'denied entirely' if value == 'denied' else 'limited to ' + value.removeprefix('only ')}"
    if unset:
        return f"{who} has no {aspect}"
    return f"the {aspect} of {who} is {value}"


def _registry_and_tag(image: str) -> tuple[str, str]:
    name, _, tag = image.rpartition(":") if ":" in image.rpartition("/")[2] else (image, "", "")
    return name.rpartition("/")[0], tag


def _wish(key: Key, mine: str, wanted: str, start: str, learner: Facts, reference: Facts) -> str:
    """What the task asks of this fact instead, without giving the reference's value."""
    if wanted == start:
        return "the task does not ask to change it"
    if mine == NOT_SET:
        return "the task asks for it"
    if wanted == NOT_SET:
        return "the task asks for none"
    if key in learner.numbers and key in reference.numbers:
        more = reference.numbers[key] > learner.numbers[key]
        many = key[1] == "replicas"
        return f"the task asks for {'more' if more else 'fewer' if many else 'less'}"
    if key[1] == "image":
        (my_registry, my_tag), (registry, tag) = _registry_and_tag(mine), _registry_and_tag(wanted)
        if my_registry != registry:
            return "the task asks for an image from another registry"
        if my_tag != tag:
            return "the task asks for another tag"
    return "the task asks for something else"


def _hint(facts: Facts, lab: Lab, hints: Mapping[str, str]) -> str:
    mine = DeploymentEffect(changes(facts, starting_facts(lab.id))).fingerprint()
    advice = hints.get(mine) or sealed_advice(mine, hints)
    return f" Hint: {advice}" if advice else ""


def _first_difference(effect: DeploymentEffect, expected: str) -> str:
    """The first changed fact that differs from the task, named from the learner's own changes
    (the fingerprint names none)."""
    differing = differing_aspects(effect.fingerprint(), expected)
    if not differing:
        return "look at what each change sets"
    own = {hidden_name(f"{a}@{s}"): (s, a) for s, a, _ in effect.changes}
    if differing[0] in own:
        subject, aspect = own[differing[0]]
        return f"the first that differs: {aspect} of {subject_phrase(subject)}"
    return "the task also changes something your file leaves as it was"


def _changes(effect: DeploymentEffect, start: Facts) -> str:
    shown = [describe_change(change, start) for change in effect.changes[:_SHOWN]]
    more = len(effect.changes) - _SHOWN
    return "; ".join(shown) + (f" and {more} more" if more > 0 else "")


def _counted(count: int) -> str:
    return f"{count} fact{'' if count == 1 else 's'}"


def judge_deployment_against_fingerprint(
    answer: object, expected: str, *, lab: str, hints: Mapping[str, str] | None = None
) -> Verdict:
    """Judge the learner's file against a fingerprint: what a released notebook's check can do."""
    the_lab = get_lab(lab)
    facts, problem = _learner(answer, the_lab)
    if facts is None:
        return Verdict(False, problem)
    start = starting_facts(lab)
    effect = DeploymentEffect(changes(facts, start))
    if effect.fingerprint() == expected:
        return Verdict(
            True, f"Correct: your {the_lab.answer_name} changes {_changes(effect, start)}."
        )
    wanted = without_aspects(expected).split(":")[1] if expected.count(":") == 2 else "?"
    if not effect.changes:
        message = f"Not yet: your {the_lab.answer_name} renders the starting deployment unchanged"
    else:
        message = (
            f"Not yet: your {the_lab.answer_name} changes {_counted(len(effect.changes))} "
            f"({_changes(effect, start)})"
        )
    counted = _counted(int(wanted)) if wanted.isdigit() else wanted
    message += f", which is not what the task asks: it changes {counted}"
    message += f"; {_first_difference(effect, expected)}."
    return Verdict(False, message + _hint(facts, the_lab, hints or {}))


def judge_deployment_against_reference(
    answer: object,
    reference: str,
    *,
    lab: str,
    near_misses: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge the learner's file against the reference: the hidden test's verdict, naming the facts
    of the learner's result that differ and what the task asks of them."""
    the_lab = get_lab(lab)
    facts, problem = _learner(answer, the_lab)
    if facts is None:
        return Verdict(False, problem)
    wanted, problem = _learner(reference, the_lab)
    if wanted is None:
        raise ConfigError(
            f"the reference {the_lab.answer_name} of the {lab} lab is not right: {problem}"
        )
    start = starting_facts(lab)
    keys = sorted(set(facts.values) | set(wanted.values))
    differing = [k for k in keys if facts.get(k) != wanted.get(k)]
    if not differing:
        effect = DeploymentEffect(changes(facts, start))
        return Verdict(
            True, f"Correct: your {the_lab.answer_name} changes {_changes(effect, start)}."
        )
    reasons = [
        f"{_state(k, facts.get(k))}; {_wish(k, facts.get(k), wanted.get(k), start.get(k), facts, wanted)}"
        for k in differing[:_SHOWN]
    ]
    more = len(differing) - _SHOWN
    message = "Not yet: " + ". ".join(reasons) + (f" (and {more} more)" if more > 0 else "") + "."
    hints = {
        reference_deployment_fingerprint(miss, lab=lab): advice
        for miss, advice in (near_misses or {}).items()
    }
    return Verdict(False, message + _hint(facts, the_lab, hints))


def check_deployment(
    answer: object, expected: str, *, lab: str, hints: Mapping[str, str] | None = None
) -> None:
    """Visible check: does the learner's file, rendered over the `lab` starting deployment with
    the real tool, change what the task expects (by fingerprint)?"""
    __tracebackhide__ = True
    expected = _judgeable(answer, expected)
    _check(
        judge_deployment_against_fingerprint(answer, expected, lab=lab, hints=hints),
        answer,
        expected,
    )


def grade_deployment(
    answer: object, reference: str, *, lab: str, near_misses: Mapping[str, str] | None = None
) -> None:
    """Hidden test: does the learner's file render to the same effect as the reference?
    `near_misses` maps files learners often write to advice."""
    __tracebackhide__ = True
    _report(
        judge_deployment_against_reference(answer, reference, lab=lab, near_misses=near_misses),
        answer,
    )
