"""Read customer profiles (`courses/customers/*.yaml`) at the boundary, one line per problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kit.customers.profile import TODAY_CONTEXT, CustomerProfile
from kit.customers.secrets import field_path, secrets_in_data, secrets_in_text
from kit.errors import ConfigError

CUSTOMERS_DIR = Path("customers")
"""Where example profiles live, under the courses folder."""


def _describe(error: ErrorDetails) -> str:
    """One pydantic error as `field: what is wrong`."""
    where = field_path(tuple(error["loc"]))
    kind, value = error["type"], error.get("input")
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{where}: {value!r} is not one of {expected.replace(' or ', ', ')}"
    if kind == "missing":
        return f"{where}: missing; add it"
    if kind == "extra_forbidden":
        return f"{where}: unknown field; remove it or fix its spelling"
    if kind.startswith("url_"):
        return f"{where}: {value!r} is not an http(s) URL ({error['msg']})"
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"] and kind == "value_error":
        return message  # a rule across fields names its own field
    if kind == "value_error" or isinstance(value, dict | list) or value is None:
        return f"{where}: {message}"
    return f"{where}: {message} (got {value!r})"


def profile_problems(path: Path, *, today: date | None = None) -> list[str]:
    """Every problem with one profile file, one line each (empty when it is valid)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ["file not found"]
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [f"not valid YAML{f' at line {mark.line + 1}' if mark else ''}"]
    secrets = secrets_in_data(data)
    if secrets:
        return secrets
    # Comments are not data: a token pasted into one still leaks with the file.
    secrets = secrets_in_text(text)
    if secrets:
        return secrets
    try:
        CustomerProfile.model_validate(data, context={TODAY_CONTEXT: today or date.today()})
    except ValidationError as exc:
        errors = exc.errors()
        # A list whose only item is bad is then also "too short": say it once.
        item_fields = {tuple(e["loc"][:-1]) for e in errors if e["loc"]}
        kept = [
            e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in item_fields)
        ]
        return _misspellings_first(kept)
    return []


def _misspellings_first(errors: list[ErrorDetails]) -> list[str]:
    """The problems, a misspelled top-level field first and named with the field it likely
    means (whose own "missing" then goes without saying)."""
    known = list(CustomerProfile.model_fields)
    missing = {e["loc"][0] for e in errors if e["type"] == "missing" and len(e["loc"]) == 1}
    meant: dict[str, str] = {}
    for e in errors:
        if e["type"] == "extra_forbidden" and len(e["loc"]) == 1:
            close = difflib.get_close_matches(str(e["loc"][0]), known, n=1, cutoff=0.6)
            if close:
                meant[str(e["loc"][0])] = close[0]
    lines = [
        f"{wrong}: unknown field; did you mean {right!r}?"
        + (f" ({right} is required)" if right in missing else "")
        for wrong, right in meant.items()
    ]
    for e in errors:
        if e["type"] == "extra_forbidden" and str(e["loc"][0]) in meant and len(e["loc"]) == 1:
            continue
        if e["type"] == "missing" and len(e["loc"]) == 1 and e["loc"][0] in meant.values():
            continue
        lines.append(_describe(e))
    return lines


def load_profile(path: Path, *, today: date | None = None) -> CustomerProfile:
    """Read and validate one profile; a ConfigError names the file and the first bad field."""
    problems = profile_problems(path, today=today)
    if problems:
        extra = len(problems) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
        raise ConfigError(problems[0] + more, where=path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CustomerProfile.model_validate(data, context={TODAY_CONTEXT: today or date.today()})


def load_profiles(paths: Iterable[Path], *, today: date | None = None) -> list[CustomerProfile]:
    """Read several profiles; their slugs must differ (each names a build folder)."""
    profiles: list[CustomerProfile] = []
    seen: dict[str, Path] = {}
    for path in paths:
        profile = load_profile(path, today=today)
        if profile.slug in seen:
            raise ConfigError(
                f"slug: {profile.slug!r} is also the slug of {seen[profile.slug]}; "
                "give each customer its own",
                where=path,
            )
        seen[profile.slug] = path
        profiles.append(profile)
    return profiles
