"""Checks of a code host connection beyond its schema: the token, the repository name pattern,
and whether its repository selection mirrors anything of the practice corpus (simulated, see
`kit.practice.site_config.selection`)."""

from __future__ import annotations

import re
from typing import Any

from kit.practice.site_config.jsonc import JsoncDocument, JsonPath
from kit.practice.site_config.problems import Problem, Severity, format_path
from kit.practice.site_config.selection import CorpusRepo, Selection, select_repositories

__all__ = ["NAME_VARIABLE", "code_host_problems", "looks_like_placeholder"]

NAME_VARIABLE = {"github": "{nameWithOwner}", "gitlab": "{pathWithNamespace}"}
"""The repositoryPathPattern variable that makes each repository's name unique."""

_SELECTION_KEYS = {
    "github": ("repos", "orgs", "repositoryQuery"),
    "gitlab": ("projects", "projectQuery"),
}
_PLACEHOLDER = re.compile(
    r"^(?:x+|\.+|\*+|0+|token|secret|password|changeme|change-me|replace-?me|todo|tbd|"
    r"dummy|fake|test|none|null|example|my[-_]?token|your[-_ ].*|.*<.*>.*|\$\{?[A-Z_]+\}?|"
    r"ghp_x+|ghp_\.+|glpat-x+)$",
    re.IGNORECASE,
)


def looks_like_placeholder(token: str) -> bool:
    """Whether `token` is a stand-in left from an example (`<token>`, `YOUR_TOKEN`, `xxxx`,
    `changeme`, `${GITHUB_TOKEN}`, ...) rather than a real token."""
    stripped = token.strip()
    return bool(_PLACEHOLDER.match(stripped)) or "REPLACE" in stripped.upper()


def code_host_problems(
    kind: str, document: JsoncDocument, repos: list[CorpusRepo]
) -> tuple[list[Problem], Selection]:
    """The semantic problems of a `kind` connection and its simulated repository selection."""
    config = document.value if isinstance(document.value, dict) else {}
    problems = _token_problems(kind, config, document) + _path_pattern_problems(
        kind, config, document
    )
    selection = select_repositories(kind, config, repos)
    problems += [
        Problem(format_path(f.path), document.line_of(f.path), f.severity, f.message, f.hint)
        for f in selection.findings
    ]
    if selection.host_known and not selection.repositories:
        problems.append(_nothing_selected(kind, config, document))
    return problems, selection


def _problem(
    document: JsoncDocument, path: JsonPath, severity: Severity, message: str, hint: str
) -> Problem:
    return Problem(format_path(path), document.line_of(path), severity, message, hint)


def _token_problems(kind: str, config: dict[str, Any], document: JsoncDocument) -> list[Problem]:
    token = config.get("token")
    if "token" not in config:
        # GitLab's schema requires the token already; GitHub's lets a GitHub App replace it.
        if kind == "github" and "gitHubAppDetails" not in config:
            return [
                _problem(
                    document,
                    (),
                    "error",
                    "no token and no GitHub App: Sourcegraph cannot list or clone repositories",
                    'add "token" with a GitHub personal access token (repo scope for private '
                    "repositories), or connect a GitHub App",
                )
            ]
        return []
    if isinstance(token, str) and token and looks_like_placeholder(token):
        return [
            _problem(
                document,
                ("token",),
                "error",
                f"'{token}' looks like a placeholder, not a real token",
                "paste the access token you created on the code host",
            )
        ]
    return []


def _path_pattern_problems(
    kind: str, config: dict[str, Any], document: JsoncDocument
) -> list[Problem]:
    pattern = config.get("repositoryPathPattern")
    variable = NAME_VARIABLE[kind]
    if not isinstance(pattern, str) or variable in pattern:
        return []
    return [
        _problem(
            document,
            ("repositoryPathPattern",),
            "error",
            f"'{pattern}' lacks {variable}: every repository would get the same name",
            f'use "{{host}}/{variable}" (the default) or another pattern containing {variable}',
        )
    ]


def _nothing_selected(kind: str, config: dict[str, Any], document: JsoncDocument) -> Problem:
    keys = _SELECTION_KEYS[kind]
    given = [key for key in keys if key in config]
    path: JsonPath = (given[0],) if given else ()
    if kind == "github":
        hint = 'list repositories in "repos", organizations in "orgs", or set "repositoryQuery"'
    else:
        hint = (
            'list projects in "projects" or set "projectQuery", e.g. ["groups/platform/projects"]'
        )
    return _problem(
        document,
        path,
        "error",
        "this connection mirrors no repository of the practice corpus",
        hint,
    )
