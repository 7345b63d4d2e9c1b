"""Schema validation: the JSON Schemas shipped in `kit/practice/schemas/` (draft-07), every
violation turned into a `Problem` that points at the line of the offending key.

The schemas carry the kit's own annotations beside the standard keywords (Sourcegraph's schemas
carry theirs, such as `group`): `x-hint` (what to do when the value breaks a rule),
`x-missing` (what to add when a required key is missing) and `x-pattern-name` (a pattern in
words).
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kit.errors import SiteConfigError
from kit.practice.site_config.jsonc import JsoncDocument, JsonPath
from kit.practice.site_config.problems import Problem, format_path

if TYPE_CHECKING:  # jsonschema takes seconds to import: only when a check runs
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["SCHEMA_FILES", "load_schema", "schema_problems"]

SCHEMA_FILES = {
    "site": "site.schema.json",
    "github": "github.schema.json",
    "gitlab": "gitlab.schema.json",
}
"""The configuration kinds the kit validates and their schema files."""

_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for `kind` (`site`, `github`, `gitlab`), read from the package data."""
    if kind not in SCHEMA_FILES:
        known = ", ".join(SCHEMA_FILES)
        raise SiteConfigError(f"no schema for {kind!r}: choose one of {known}")
    text = (
        resources.files("kit.practice").joinpath("schemas", SCHEMA_FILES[kind]).read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(kind: str) -> Draft7Validator:
    from jsonschema import Draft7Validator

    return Draft7Validator(load_schema(kind))


def schema_problems(kind: str, document: JsoncDocument) -> list[Problem]:
    """Every way `document` breaks the `kind` schema, as problems (all errors)."""
    problems: list[Problem] = []
    for error in _validator(kind).iter_errors(document.value):
        problems.extend(_translate(error, document))
    return problems


def _translate(error: ValidationError, document: JsoncDocument) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator

    if keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        return [_unknown_key((*path, key), known, document) for key in _extra_keys(error, known)]

    if keyword == "required":
        missing = _quoted_name(error.message)
        prop = schema.get("properties", {}).get(missing, {})
        hint = prop.get("x-missing", f'add "{missing}"')
        return [_problem(path, document, f"missing required key '{missing}'", hint)]

    message, hint = _describe(keyword, error, schema)
    return [_problem(path, document, message, schema.get("x-hint", hint))]


def _describe(keyword: Any, error: ValidationError, schema: dict[str, Any]) -> tuple[str, str]:
    """(message, default hint) for a violated keyword other than required/additionalProperties."""
    value, rule = error.instance, error.validator_value
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in rule)
        return f"{_show(value)} is not one of {choices}", "pick one of those"
    if keyword == "type":
        wanted = " or ".join(_TYPE_NAMES[t] for t in ([rule] if isinstance(rule, str) else rule))
        hint = ""
        if isinstance(value, str) and _looks_like(value, rule):
            hint = f"write {value.strip()} without quotes"
        got = "null" if value is None else f"{_json_type(value)} {_show(value)}"
        return f"expected {wanted}, got {got}", hint
    if keyword == "pattern":
        shape = schema.get("x-pattern-name", f"the pattern {rule}")
        return f"{_show(value)} is not {shape}", ""
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return f"must be {bound} {rule}, got {_show(value)}", ""
    if keyword == "minLength":
        return "must not be empty", ""
    if keyword == "minItems":
        return (
            f"must list at least {rule} item{'s' if rule != 1 else ''}",
            "remove the key or fill it",
        )
    if keyword in ("anyOf", "oneOf"):
        keys = [k for sub in rule for k in sub.get("required", [])]
        if keyword == "oneOf" and len(error.context or []) < len(rule) - 1:
            return f"give only one of {', '.join(keys)}", ""
        return f"needs one of {', '.join(keys)}", ""
    if keyword == "const":
        return f"must be {_show(rule)}", ""
    return error.message, ""


def _problem(path: JsonPath, document: JsoncDocument, message: str, hint: str) -> Problem:
    return Problem(format_path(path), document.line_of(path), "error", message, hint)


def _unknown_key(path: JsonPath, known: list[str], document: JsoncDocument) -> Problem:
    key = str(path[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    else:
        hint = "remove it (Sourcegraph rejects keys it does not know)"
    return _problem(path, document, f"unknown key '{key}'", hint)


def _extra_keys(error: ValidationError, known: list[str]) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in known]


def _quoted_name(message: str) -> str:
    """The property name in jsonschema's "'x' is a required property"."""
    return message.split("'")[1] if message.count("'") >= 2 else message


def _show(value: Any, limit: int = 60) -> str:
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    names = {dict: "an object", list: "an array", str: "a string", int: "a number"}
    return names.get(type(value), "a number")


def _looks_like(text: str, wanted: Any) -> bool:
    """Whether a string value is what the schema wanted, quoted by mistake."""
    wanted = {wanted} if isinstance(wanted, str) else set(wanted)
    stripped = text.strip()
    if wanted & {"integer", "number"}:
        try:
            float(stripped)
        except ValueError:
            return False
        return True
    return "boolean" in wanted and stripped in ("true", "false")
