"""Refuse profiles that hold credentials: a token belongs in `SRC_ACCESS_TOKEN`, never in a file.

Two scans: the parsed data (a key named like a credential, or a value shaped like a token), which
names the field; and the raw text, which finds tokens in comments and names the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Sourcegraph access token", re.compile(r"\bsgp_[A-Za-z0-9_]{8,}")),
    ("a GitHub token", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{16,}")),
    ("a GitHub token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{16,}")),
    ("a GitLab token", re.compile(r"\bgl(?:pat|dt|rt|ptt|soat|ft|cbt)-[A-Za-z0-9_-]{16,}")),
    ("a Bitbucket Server token", re.compile(r"\bBBDC-[A-Za-z0-9+/_=-]{20,}")),
    ("a Bitbucket Cloud token", re.compile(r"\b(?:ATBB|ATATT|ATCTT)[A-Za-z0-9_=-]{20,}")),
    ("an Azure DevOps token", re.compile(r"\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b")),
    ("an Azure DevOps token", re.compile(r"(?<![A-Za-z0-9])[a-z2-7]{52}(?![A-Za-z0-9])")),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
)
SECRET_KEY = re.compile(
    r"(?:^|[_-])(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|credentials?)$",
    re.IGNORECASE,
)
_URL_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]+:[^/@\s]+@", re.IGNORECASE)


def token_kind(value: str) -> str | None:
    """What kind of secret `value` holds ('a GitHub token', ...), or None."""
    for kind, pattern in TOKEN_PATTERNS:
        if pattern.search(value):
            return kind
    if _URL_CREDENTIALS.match(value):
        return "a URL with a password"
    return None


def field_path(loc: tuple[str | int, ...]) -> str:
    """`code_hosts[0]`, `sourcegraph_url`: a location as the profile file's reader writes it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _walk(
    data: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, (*loc, index))


def secrets_in_data(data: Any) -> list[str]:
    """One problem line per credential-like key or token-like value, naming the field."""
    problems: list[str] = []
    for loc, value in _walk(data):
        if loc and isinstance(loc[-1], str) and SECRET_KEY.search(loc[-1]):
            problems.append(
                f"{field_path(loc)}: looks like a credential; remove it: the access token "
                "comes from SRC_ACCESS_TOKEN in the environment, never from a profile"
            )
        elif isinstance(value, str) and (kind := token_kind(value)):
            problems.append(
                f"{field_path(loc)}: holds {kind}; remove it and revoke it: tokens come from "
                "SRC_ACCESS_TOKEN in the environment, never from a profile"
            )
    return problems


def secrets_in_text(text: str) -> list[str]:
    """One problem line per line of raw text (comments included) holding a token."""
    return [
        f"line {number}: holds {kind}; remove it and revoke it: tokens come from "
        "SRC_ACCESS_TOKEN in the environment, never from a profile"
        for number, line in enumerate(text.splitlines(), start=1)
        if (kind := token_kind(line)) and kind != "a URL with a password"
    ]
