"""Read the values of the query's parameter fields (`patterntype:`, `case:`, `count:`, `type:`,
`select:`, `fork:`, `archived:`, `visibility:`, `timeout:`, `context:`) with Sourcegraph's
errors."""

from __future__ import annotations

import re

from kit.errors import QuerySyntaxError
from kit.search.query_model import COUNT_ALL, DEFAULT_MATCH_LIMIT, PatternType, ResultType, Select
from kit.search.query_tokens import Token
from kit.search.regex import compile_re2
from kit.search.symbol_kinds import SYMBOL_KINDS

SELECT_ALIASES = {"file.path": Select.FILE}
_SELECT_LATER = {"file.owners"}
_SELECT_FIELDS = {
    "": {"repo", "file", "content", "symbol", "commit"},
    "file": {"path", "directory", "owners"},
    "commit": {"diff"},
    "commit.diff": {"added", "removed"},
}


def parse_pattern_type(values: list[Token] | None, default: PatternType) -> PatternType:
    """`patterntype:` (`default` without it)."""
    if not values:
        return default
    value = values[0].text.lower()
    value = {"regex": "regexp"}.get(value, value)
    try:
        return PatternType(value)
    except ValueError:
        allowed = ", ".join(p.value for p in PatternType)
        raise QuerySyntaxError(f'invalid patterntype "{value}" (use {allowed})') from None


def parse_case(values: list[Token] | None) -> bool:
    """`case:` yes or no (no without it): whether the search is case-sensitive."""
    if not values:
        return False
    value = values[0].text.lower()
    if value in {"yes", "y", "true"}:
        return True
    if value in {"no", "n", "false"}:
        return False
    raise QuerySyntaxError(f'invalid boolean "{values[0].text}" for field "case" (use yes or no)')


def parse_count(values: list[Token] | None) -> int:
    """`count:` N or all: how many matches to return (DEFAULT_MATCH_LIMIT without it)."""
    if not values:
        return DEFAULT_MATCH_LIMIT
    value = values[0].text
    if value.lower() == "all":
        return COUNT_ALL
    if not value.isdigit():
        raise QuerySyntaxError(
            f'field count has value {value}, {value} is not a number (use a number or "all")'
        )
    if int(value) > 2**31 - 1:
        raise QuerySyntaxError(
            "field count has a value that is out of range, try making it smaller"
        )
    if int(value) == 0:
        raise QuerySyntaxError("field count requires a positive number")
    return int(value)


def parse_result_type(values: list[Token] | None) -> ResultType | None:
    """`type:`: what the query returns (None without it)."""
    if not values:
        return None
    value = values[0].text.lower()
    try:
        return ResultType(value)
    except ValueError:
        raise QuerySyntaxError(f'invalid value "{value}" for field "type"') from None


def check_index(values: list[Token] | None) -> None:
    """`index:` yes, only or no: every practice repository is indexed, so all three search it."""
    if values and values[0].text.lower() not in ("yes", "only", "no"):
        raise QuerySyntaxError(
            f'invalid value "{values[0].text}" for field "index". Valid values are: yes, only, no'
        )


def check_search_context(values: list[Token] | None) -> None:
    """`context:`: the practice Sourcegraph has one search context, `global` (every repository)."""
    if values and values[0].text.lower().lstrip("@") != "global":
        raise QuerySyntaxError(
            f'search context not found: "{values[0].text}" (custom search contexts are not '
            "supported on the practice instance; use context:global)"
        )


def parse_select(values: list[Token] | None) -> tuple[Select | None, str | None]:
    """`select:` as Sourcegraph validates it: `invalid field "x" on select path "a.x"`; the
    symbol kind of `select:symbol.<kind>`."""
    if not values:
        return None, None
    path = values[0].text.lower()
    parts = path.split(".")
    for depth, part in enumerate(parts):
        parent = ".".join(parts[:depth])
        allowed = _SELECT_FIELDS.get(parent)
        if parent == "symbol":
            allowed = set(SYMBOL_KINDS)
        elif parent.startswith("symbol."):
            allowed = set()
        if allowed is not None and part not in allowed:
            raise QuerySyntaxError(f'invalid field "{part}" on select path "{path}"')
    if path in SELECT_ALIASES:
        return SELECT_ALIASES[path], None
    if any(path == later or path.startswith(later + ".") for later in _SELECT_LATER):
        raise QuerySyntaxError(f"the practice engine does not support select:{path} yet")
    if parts[0] == "symbol":
        return Select.SYMBOL, parts[1] if len(parts) > 1 else None
    return Select(path), None


_STATE_VALUES = {"fork": ("yes", "no", "only"), "archived": ("yes", "no", "only")}
_VISIBILITY_VALUES = ("any", "public", "private")


def parse_repo_states(fields: dict[str, list[Token]]) -> tuple[str, str, str]:
    """`fork:`, `archived:` and `visibility:`. Forks and archived repositories are left out
    unless asked for, or unless the query names one repository exactly (`repo:^name$`)."""
    exact = any(
        t.text.startswith("^") and t.text.endswith("$") and not t.negated
        for t in fields.get("repo", [])
    )
    states = []
    for name, allowed in _STATE_VALUES.items():
        value = fields[name][0].text.lower() if name in fields else ("yes" if exact else "no")
        value = {"y": "yes", "true": "yes", "n": "no", "false": "no"}.get(value, value)
        if value not in allowed:
            raise QuerySyntaxError(
                f'invalid value "{fields[name][0].text}" for field "{name}". Valid values are: '
                "yes, only, no"
            )
        states.append(value)
    visibility = fields["visibility"][0].text.lower() if "visibility" in fields else "any"
    if visibility not in _VISIBILITY_VALUES:
        raise QuerySyntaxError(
            f'invalid value "{visibility}" for field "visibility" (use any, public or private)'
        )
    return states[0], states[1], visibility


_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_timeout(values: list[Token] | None) -> float | None:
    """`timeout:` as a Go duration (`15s`, `1m30s`, `500ms`), in seconds."""
    if not values:
        return None
    text = values[0].text
    parts = re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise QuerySyntaxError(
            f'invalid value for field \'timeout\' (examples: "timeout:2s", "timeout:200ms"), '
            f'not "{text}"'
        )
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


def implied_result_type(result_type: ResultType | None, select: Select | None) -> ResultType | None:
    """The result type `select:` implies when `type:` does not say (symbols, commits, diffs)."""
    implied = (
        {
            Select.SYMBOL: ResultType.SYMBOL,
            Select.COMMIT: ResultType.COMMIT,
            Select.COMMIT_DIFF_ADDED: ResultType.DIFF,
            Select.COMMIT_DIFF_REMOVED: ResultType.DIFF,
        }.get(select)
        if select is not None
        else None
    )
    if result_type is None:
        return implied
    if implied is ResultType.DIFF and result_type is not ResultType.DIFF:
        raise QuerySyntaxError(f"select:{select} requires type:diff")
    return result_type


def compile_checked(regex: str) -> None:
    """Raise QuerySyntaxError when `regex` is not a valid RE2 expression."""
    compile_re2(regex, case_sensitive=True)
