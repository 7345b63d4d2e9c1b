"""Problems for people: one line each for terminals and grading feedback, an HTML table for
notebooks."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.practice.site_config.problems import Problem, ValidationReport

__all__ = ["explain", "explain_line", "report_html", "summary"]

_COLOURS = {"error": "#b00020", "warning": "#9a6700", "info": "#0b5cad"}


def explain_line(problem: Problem, *, source: str = "<input>") -> str:
    """`site.json:7: auth.providers[1].type: 'oauth' is not one of ... — pick one of those`.

    Errors carry no tag; warnings and notes say `warning:` or `note:` before the message.
    """
    where = f"{source}:{problem.line}" if problem.line is not None else source
    tag = {"error": "", "warning": "warning: ", "info": "note: "}[problem.severity]
    hint = f" — {problem.hint}" if problem.hint else ""
    return f"{where}: {problem.path}: {tag}{problem.message}{hint}"


def explain(problems: Iterable[Problem], *, source: str = "<input>") -> str:
    """Every problem on its own line (see `explain_line`), in the order given."""
    return "\n".join(explain_line(problem, source=source) for problem in problems)


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def summary(report: ValidationReport) -> str:
    """`site.json: 2 errors, 1 warning` (plus what a code host connection would mirror)."""
    verdict = "OK" if report.ok else "not valid"
    text = (
        f"{report.source}: {verdict} ({_count(len(report.errors), 'error')}, "
        f"{_count(len(report.warnings), 'warning')})"
    )
    if report.selected_repositories is not None:
        mirrored = _count(len(report.selected_repositories), "repository", "repositories")
        text += f"; would mirror {mirrored}"
    return text


def report_html(report: ValidationReport) -> str:
    """The report as an HTML table with one row per problem, for Jupyter."""
    rows = "".join(
        "<tr>"
        f'<td style="color:{_COLOURS[p.severity]};font-weight:bold">{p.severity}</td>'
        f"<td>{'' if p.line is None else p.line}</td>"
        f"<td><code>{escape(p.path)}</code></td>"
        f"<td>{escape(p.message)}</td>"
        f"<td>{escape(p.hint)}</td>"
        "</tr>"
        for p in report.problems
    )
    table = (
        "<table><thead><tr><th>severity</th><th>line</th><th>key</th><th>problem</th>"
        f"<th>what to do</th></tr></thead><tbody>{rows}</tbody></table>"
        if report.problems
        else "<p>No problems found.</p>"
    )
    mirrored = ""
    if report.selected_repositories is not None:
        items = "".join(f"<li><code>{escape(n)}</code></li>" for n in report.selected_repositories)
        mirrored = (
            f"<p>Would mirror from the practice corpus:</p><ul>{items}</ul>"
            if items
            else "<p>Would mirror no repository of the practice corpus.</p>"
        )
    return f"<div><p><strong>{escape(summary(report))}</strong></p>{table}{mirrored}</div>"
