"""What validation finds: `Problem`s (one per finding, with the line of the offending key) and
the `ValidationReport` that the API returns for a site or code host configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kit.practice.site_config.jsonc import JsonPath

__all__ = ["Problem", "Severity", "ValidationReport", "format_path"]

Severity = Literal["error", "warning", "info"]
"""`error`: Sourcegraph rejects it or it cannot work; `warning`: accepted but probably wrong or
unsafe; `info`: what Sourcegraph does by default, worth knowing."""

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Problem:
    """One finding: the path of the key (`auth.providers[1].type`), its line, how bad it is,
    what is wrong and what to do."""

    path: str
    line: int | None
    severity: Severity
    message: str
    hint: str = ""

    def sort_key(self) -> tuple[int, int, str]:
        """Order problems by line, then severity, then path."""
        return (self.line or 0, _SEVERITY_ORDER[self.severity], self.path)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one configuration.

    `kind` is `site` or a code host kind (`github`, `gitlab`); `selected_repositories` is, for a
    code host connection, the practice corpus repositories it would mirror (None for site config).
    """

    source: str
    kind: str
    problems: tuple[Problem, ...]
    selected_repositories: tuple[str, ...] | None = None
    value: object = field(default=None, compare=False, repr=False)
    """The parsed configuration (None if it could not be parsed)."""

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings and notes may remain)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems Sourcegraph would reject, or that keep the configuration from working."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems Sourcegraph accepts but an admin should fix."""
        return tuple(p for p in self.problems if p.severity == "warning")

    def explain(self) -> str:
        """Every problem on its own line, `<source>:<line>: <path>: <message> — <hint>`."""
        from kit.practice.site_config.render import explain

        return explain(self.problems, source=self.source)

    def summary(self) -> str:
        """One line: the source, the counts of errors and warnings, the selected repositories."""
        from kit.practice.site_config.render import summary

        return summary(self)

    def __str__(self) -> str:
        body = self.explain()
        return f"{body}\n{self.summary()}" if body else self.summary()

    def _repr_html_(self) -> str:
        from kit.practice.site_config.render import report_html

        return report_html(self)


def format_path(path: JsonPath) -> str:
    """`('auth.providers', 1, 'type')` → `auth.providers[1].type`; the top level is `(top level)`."""
    if not path:
        return "(top level)"
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
