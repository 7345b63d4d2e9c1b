"""Live mode: a customer variant's search exercises checked against the customer's Sourcegraph.

For a profile with a `sourcegraph_url`, each search exercise's reference query (in the hidden
tests of the instructor notebook) is run on that instance when the variant is built, and the
variant's visible check gets the fingerprint of what the instance returns, the near-miss advice
recomputed there too, and `sourcegraph=connect(endpoint=sourcegraph_url)`. The learner's query
then runs on their Sourcegraph and is compared with what the reference finds there. The access
token comes from `SRC_ACCESS_TOKEN` in the build's environment and is never written anywhere.

An exercise whose reference finds nothing on the instance (it names the practice corpus's
repositories, say) stays on the practice corpus, and its check says so. Only search exercises
(`grade_query`) go live: monitors, insights, batch changes, site configuration and the GraphQL
exercises depend on the practice corpus's history or the practice instance's state. Grading
(the hidden tests) stays on the practice corpus, so a certificate means the same for every
customer; the visible checks are what point at the customer's instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import SearchError
from kit.exercises.authoring import hidden_calls, visible_check
from kit.exercises.queries import reference_fingerprint
from kit.notebook_io import copy_notebook, read_notebook
from kit.search import Searcher

LIVE_GRADER = "grade_query"
LIVE_SOURCEGRAPH = "connect(endpoint=sourcegraph_url)"
PRACTICE_NOTE = (
    "# This exercise runs on the practice corpus: its answer finds nothing on your Sourcegraph."
)


@dataclass(frozen=True)
class LiveCheck:
    """One search exercise's visible check, recomputed on a live instance (or why not)."""

    grade_id: str
    expected: str | None  # the live fingerprint; None: the exercise stays on the practice corpus
    hints: Mapping[str, str]

    @property
    def live(self) -> bool:
        """Whether the check runs on the customer's instance."""
        return self.expected is not None


def _matches(fingerprint: str) -> int:
    return int(fingerprint.split(":")[1])


def live_checks(source_notebook: Path, sourcegraph: Searcher) -> dict[str, LiveCheck]:
    """Each search exercise of the instructor notebook, by grade id, with the fingerprint its
    reference gives on `sourcegraph` and the near-miss advice keyed by their fingerprints there."""
    out: dict[str, LiveCheck] = {}
    for cell in read_notebook(source_notebook).cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or not grade_id:
            continue
        for call in hidden_calls(cell.source, f"{source_notebook}: {grade_id}"):
            if call.name != LIVE_GRADER:
                continue
            compare = call.options.get("compare", "files")
            expected = reference_fingerprint(call.reference, compare, sourcegraph)
            if _matches(expected) == 0:
                out[grade_id] = LiveCheck(grade_id, None, {})
                continue
            hints: dict[str, str] = {}
            for miss, advice in call.near_misses.items():
                try:
                    found = reference_fingerprint(miss, compare, sourcegraph)
                except SearchError:
                    continue  # a near miss the instance rejects gives the learner an error anyway
                if found != expected:
                    hints[found] = advice
            out[grade_id] = LiveCheck(grade_id, expected, hints)
    return out


def point_checks_at_live(nb: Any, checks: Mapping[str, LiveCheck]) -> Any:
    """A copy of the variant notebook `nb` whose search checks use the live fingerprints and the
    customer's instance; the exercises that stay on the practice corpus say so."""
    out = copy_notebook(nb)
    for cell in out.cells:
        check = checks.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
        if cell.cell_type != "code" or check is None:
            continue
        if not check.live:
            cell.source = f"{PRACTICE_NOTE}\n{cell.source}"
            continue
        calls = [c for c in hidden_calls(cell.source, check.grade_id) if c.name == LIVE_GRADER]
        if calls:
            raise ValueError(f"{check.grade_id}: a learner notebook holds a hidden test")
        start, end = _check_span(cell.source)
        rewritten = visible_check(
            "check_query",
            check.expected or "",
            {},
            dict(check.hints),
            sources={"sourcegraph": LIVE_SOURCEGRAPH},
        )
        cell.source = cell.source[:start] + rewritten + cell.source[end:]
    return out


def _check_span(source: str) -> tuple[int, int]:
    """The span of the one `check_query(...)` statement in a released test cell."""
    import ast

    from kit.exercises.authoring import statement_span

    tree = ast.parse(source)
    found = [
        statement
        for statement in tree.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "check_query"
    ]
    if len(found) != 1:
        raise ValueError("a search exercise's test cell needs exactly one check_query(...)")
    return statement_span(source, found[0])
