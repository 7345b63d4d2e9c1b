"""Check batch spec data against the batch spec JSON Schema shipped in `kit/practice/schemas/`.

The schema is the practice Sourcegraph's own draft-07 rendering of Sourcegraph's batch spec schema
(versions 1 and 2; see the reference facts). Problems are worded as Sourcegraph's schema
validator words them (`steps.0: run is required`), one per violation, each naming its field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema takes seconds to import: only when a check runs
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError


SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "batch_spec.schema.json"

_JSON_TYPES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
    list: "array",
    dict: "object",
}


# Errors that only say "not this value": a oneOf's own description explains the choice better.
_VAGUE = frozenset({"enum", "const", "type", "oneOf"})


@cache
def batch_spec_schema() -> dict[str, Any]:
    """The batch spec JSON Schema (draft-07) as data."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> Draft7Validator:
    from jsonschema import Draft7Validator

    return Draft7Validator(batch_spec_schema())


def validate(data: Any) -> list[str]:
    """Every problem with batch spec `data` (parsed YAML), one message each; empty when valid."""
    problems = list(_messages(_validator().iter_errors(data)))
    if not problems and isinstance(data, dict) and data.get("version") == 3:
        problems.append(
            "version: version 3 specs (image and codingAgent steps, changesetHooks) run only on "
            "a real Sourcegraph; use version: 2 for the practice Sourcegraph"
        )
    return list(dict.fromkeys(problems))


def _messages(errors: Iterable[ValidationError]) -> Iterable[str]:
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        yield from _explain(error)


def _field(error: ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path) or "(root)"


def _type_name(value: Any) -> str:
    if isinstance(value, date):
        return "date (quote it to make it a string)"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _explain(error: ValidationError) -> Iterable[str]:
    """Sourcegraph-like messages for one schema error (several for a oneOf we can attribute)."""
    where, kind, expected = _field(error), error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in expected if name not in error.instance]
        yield from (f"{where}: {name} is required" for name in missing)
    elif kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in known]
        yield from (f"{where}: Additional property {key} is not allowed" for key in extra)
    elif kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        yield f"{where}: Invalid type. Expected: {wanted}, given: {_type_name(error.instance)}"
    elif kind == "enum":
        allowed = ", ".join(json.dumps(value) for value in expected)
        yield f"{where}: must be one of the following: {allowed}"
    elif kind == "pattern":
        yield f"{where}: Does not match pattern '{expected}'"
    elif kind == "minLength":
        yield f"{where}: must not be empty"
    elif kind in ("minProperties", "maxProperties"):
        size = "at least" if kind == "minProperties" else "at most"
        yield f"{where}: must have {size} {expected} entries"
    elif kind == "not":
        yield f"{where}: {expected.get('description', 'is not allowed here')}"
    elif kind in ("oneOf", "anyOf"):
        yield from _explain_choice(error)
    else:
        yield f"{where}: {error.message}"


def _explain_choice(error: ValidationError) -> Iterable[str]:
    """A oneOf failed: report the one alternative the value was evidently aiming at, if any."""
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    wrong_type = {
        index
        for index, subs in by_branch.items()
        if any(s.validator == "type" and s.absolute_path == error.absolute_path for s in subs)
    }
    candidates = [i for i in by_branch if i not in wrong_type]
    vague = {
        index
        for index in candidates
        if all(
            s.validator in _VAGUE and s.absolute_path == error.absolute_path
            for s in by_branch[index]
        )
    }
    candidates = [i for i in candidates if i not in vague] or candidates
    if candidates:
        fewest = min(len(by_branch[i]) for i in candidates)
        best = [i for i in candidates if len(by_branch[i]) == fewest]
        if len(best) == 1 and not (best[0] in vague and "description" in error.schema):
            yield from _messages(by_branch[best[0]])
            return
    hint = error.schema.get("description")
    if hint is None and isinstance(error.validator_value, list):
        hints = [s.get("description") for s in error.validator_value if isinstance(s, dict)]
        hint = next((h for h in hints if h), None)
    where = _field(error)
    if not by_branch and error.validator == "oneOf":
        yield f"{where}: matches more than one allowed form"
    else:
        yield f"{where}: {hint or 'Must validate one and only one schema (oneOf)'}"
