"""Site configuration and code host connection exercises, judged by what the configuration does.

A site configuration is judged by the settings it gives the keys the exercise is about (`keys`),
once Sourcegraph would save it: comments, key order and layout do not matter, and a configuration
with an error (one Sourcegraph rejects, or one that cannot work) fails with that error. A code
host connection is judged by the practice corpus repositories it would mirror, plus the values
of any `keys` the exercise names. The visible check knows a fingerprint of the expected effect
(`siteconfig:<keys>:<hash>`, `connection:<repositories>:<hash>`); the hidden test recomputes it
from the instructor's reference and says which setting differs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kit.errors import ConfigError, KitError
from kit.exercises.aspects import differing_aspects, with_aspects
from kit.exercises.queries import Verdict, not_a_query
from kit.exercises.sealing import is_sealed_hint, sealed_advice
from kit.practice.site_config import (
    ValidationReport,
    validate_code_host_connection,
    validate_site_config,
)

_ABSENT = "(not set)"


@dataclass(frozen=True)
class ConfigEffect:
    """What a configuration does for an exercise: the values of its keys, and for a code host
    connection the repositories it mirrors."""

    settings: tuple[tuple[str, str], ...]
    """(key, canonical JSON of its value, or `(not set)`), in the exercise's key order."""
    repositories: tuple[str, ...] | None = None

    def fingerprint(self) -> str:
        """`siteconfig:<keys>:<hash>` or `connection:<repositories>:<hash>`."""
        payload = json.dumps([self.settings, self.repositories])
        digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
        aspects: dict[str, object] = dict(self.settings)
        if self.repositories is None:
            return with_aspects(f"siteconfig:{len(self.settings)}:{digest}", aspects)
        aspects = {"repositories": sorted(self.repositories), **aspects}
        return with_aspects(f"connection:{len(self.repositories)}:{digest}", aspects)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _effect(report: ValidationReport, keys: Sequence[str]) -> ConfigEffect:
    value = report.value if isinstance(report.value, dict) else {}
    settings = tuple((k, _canonical(value[k]) if k in value else _ABSENT) for k in keys)
    return ConfigEffect(settings, report.selected_repositories)


def _validate(text: str, kind: str | None) -> ValidationReport:
    if kind is None:
        return validate_site_config(text)
    from kit.practice import practice

    return validate_code_host_connection(kind, text, corpus=practice().corpus.root)


def _what(kind: str | None) -> str:
    return "site configuration" if kind is None else "code host connection"


def _learner_effect(
    answer: object, keys: Sequence[str], kind: str | None, *, strict: bool
) -> tuple[ConfigEffect | None, str]:
    """The learner's configuration's effect, or why it has none (unreadable, rejected)."""
    problem = not_a_query(answer, what=_what(kind))
    if problem:
        return None, problem
    assert isinstance(answer, str)
    try:
        report = _validate(answer if "\n" in answer else answer + "\n", kind)
    except KitError as exc:
        return None, f"Sourcegraph cannot read this {_what(kind)}: {exc.message}"
    blocking = report.errors + (report.warnings if strict else ())
    if blocking:
        first = blocking[0]
        at = f"line {first.line}: " if first.line else ""
        hint = f" ({first.hint})" if first.hint else ""
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        label = (
            "an error" if first.severity == "error" else "a warning the exercise asks you to fix"
        )
        return (
            None,
            f"Not yet: your {_what(kind)} has {label}{more}: {at}{first.path}: {first.message}{hint}.",
        )
    return _effect(report, keys), ""


def reference_config_fingerprint(
    reference: str, *, keys: Sequence[str] = (), kind: str | None = None
) -> str:
    """The fingerprint a visible check needs, from the instructor's reference configuration.
    Raises ConfigError when the reference itself has an error."""
    effect, problem = _learner_effect(reference, keys, kind, strict=False)
    if effect is None:
        raise ConfigError(f"the reference {_what(kind)} is not right: {problem}")
    return effect.fingerprint()


def _describe(effect: ConfigEffect) -> str:
    if effect.repositories is not None:
        shown = ", ".join(effect.repositories[:4]) or "none"
        more = f" and {len(effect.repositories) - 4} more" if len(effect.repositories) > 4 else ""
        return f"your connection mirrors {len(effect.repositories)} repositories ({shown}{more})"
    return "your configuration sets " + "; ".join(
        f"{key} = {_short(value)}" for key, value in effect.settings
    )


def _short(value: str, width: int = 80) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _advice(
    effect: ConfigEffect, hints: Mapping[str, str], keys: Sequence[str], kind: str | None
) -> str:
    mine = effect.fingerprint()
    sealed = sealed_advice(mine, hints)
    if sealed:
        return f" Hint: {sealed}"
    for near_miss, advice in hints.items():
        if is_sealed_hint(near_miss):
            continue
        if near_miss.startswith(("siteconfig:", "connection:")):
            if near_miss == mine:
                return f" Hint: {advice}"
            continue
        missed, _ = _learner_effect(near_miss, keys, kind, strict=False)
        if missed is not None and missed == effect:
            return f" Hint: {advice}"
    return ""


def judge_config_against_fingerprint(
    answer: object,
    expected: str,
    *,
    keys: Sequence[str] = (),
    kind: str | None = None,
    strict: bool = False,
    hints: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a configuration against a fingerprint: what a released notebook's check can do."""
    effect, problem = _learner_effect(answer, keys, kind, strict=strict)
    if effect is None:
        return Verdict(False, problem)
    if effect.fingerprint() == expected:
        return Verdict(True, f"Correct: {_describe(effect)}, as the exercise asks.")
    differing = differing_aspects(effect.fingerprint(), expected)
    if differing and differing[0] == "repositories":
        first = "the repositories it mirrors are not the ones the exercise asks for"
    elif differing:
        first = f"{differing[0]} is not set as the exercise asks"
    else:
        first = "that is not what the exercise asks"
    message = f"Not yet: {_describe(effect)}; {first}."
    return Verdict(False, message + _advice(effect, hints or {}, keys, kind))


def judge_config_against_reference(
    answer: object,
    reference: str,
    *,
    keys: Sequence[str] = (),
    kind: str | None = None,
    strict: bool = False,
    near_misses: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge a configuration against the reference: the hidden test's verdict, naming the
    settings (or repositories) that differ without showing the reference's values."""
    effect, problem = _learner_effect(answer, keys, kind, strict=strict)
    if effect is None:
        return Verdict(False, problem)
    wanted, problem = _learner_effect(reference, keys, kind, strict=False)
    if wanted is None:
        raise ConfigError(f"the reference {_what(kind)} is not right: {problem}")
    if effect == wanted:
        return Verdict(True, f"Correct: {_describe(effect)}, as the exercise asks.")
    differences = [
        f"{key} is {_short(mine)}"
        for (key, mine), (_, theirs) in zip(effect.settings, wanted.settings, strict=True)
        if mine != theirs
    ]
    if effect.repositories != wanted.repositories:
        assert effect.repositories is not None and wanted.repositories is not None
        extra = sorted(set(effect.repositories) - set(wanted.repositories))
        missing = len(set(wanted.repositories) - set(effect.repositories))
        if extra:
            differences.append(f"it mirrors {', '.join(extra)}, which it should not")
        if missing:
            differences.append(f"it leaves out {missing} repositories it should mirror")
    message = f"Not yet: {'; '.join(differences)}."
    return Verdict(False, message + _advice(effect, near_misses or {}, keys, kind))
