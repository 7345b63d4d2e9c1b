"""Fingerprints that can say *what* differs without saying what is expected.

A fingerprint (`<kind>:<count>:<hash>`) can only tell a visible check "right" or "wrong". Its
aspects, appended as `~name.digest,name.digest`, hash each part of the effect on its own (a batch
change's branch, title and files; a setting per key; a deployment fact), so a wrong answer can be
told the first part that differs, like the search verdicts are, and still not the expected value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

SEPARATOR = "~"


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


_ESCAPES = {"%": "%25", ":": "%3A", ",": "%2C", "~": "%7E"}


def _escaped(name: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in name)


def _unescaped(name: str) -> str:
    for raw, escaped in reversed(_ESCAPES.items()):
        name = name.replace(escaped, raw)
    return name


def hidden_name(name: str) -> str:
    """An aspect's name as a fingerprint holds it when the name itself would tell the answer."""
    return "h" + _digest(name)


def with_aspects(fingerprint: str, aspects: Mapping[str, Any], *, hide_names: bool = False) -> str:
    """`fingerprint` with a digest of each aspect, in the order given; with `hide_names`, the
    names are digests too (a check then names only the aspects of the learner's own answer)."""
    parts = ",".join(
        f"{hidden_name(name) if hide_names else _escaped(name)}.{_digest(value)}"
        for name, value in aspects.items()
    )
    return f"{fingerprint}{SEPARATOR}{parts}" if parts else fingerprint


def aspect_digests(fingerprint: str) -> dict[str, str]:
    """Aspect name -> digest of a fingerprint (empty for one without aspects)."""
    _, _, tail = fingerprint.partition(SEPARATOR)
    found: dict[str, str] = {}
    for part in filter(None, tail.split(",")):
        name, _, digest = part.rpartition(".")
        found[_unescaped(name)] = digest
    return found


def without_aspects(fingerprint: str) -> str:
    """The fingerprint's `<kind>:<count>:<hash>`."""
    return fingerprint.partition(SEPARATOR)[0]


def differing_aspects(mine: str, expected: str) -> list[str]:
    """The aspects, in the expected fingerprint's order, whose digests differ (or that one of
    the two fingerprints lacks)."""
    ours, theirs = aspect_digests(mine), aspect_digests(expected)
    names = [*theirs, *(n for n in ours if n not in theirs)]
    return [n for n in names if ours.get(n) != theirs.get(n)]
