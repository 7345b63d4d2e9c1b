"""Keep the visible checks of instructor notebooks in step with their hidden reference answers.

An exercise's test cell holds a visible `check_*(answer, "<fingerprint>")` and, in its hidden
tests, the `grade_*(answer, <reference>, ...)` that grades it. The fingerprint is what the
reference does on the practice Sourcegraph now; `sync_notebook` recomputes it from the reference
and rewrites the literal when the corpus (or the reference) has changed, so instructors never
compute fingerprints by hand. It also checks that no near miss in `hints=` is itself right.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import ConfigError
from kit.notebook_io import read_notebook, write_notebook
from kit.practice import practice

Fingerprinter = Callable[[Any, dict[str, Any]], str]


def _query(reference: Any, options: dict[str, Any]) -> str:
    from kit.exercises.queries import reference_fingerprint

    return reference_fingerprint(reference, options.get("compare", "files"), practice())


def _monitor(reference: Any, options: dict[str, Any]) -> str:
    from kit.exercises.queries import reference_fingerprint
    from kit.practice.monitors import MonitorSearcher

    return reference_fingerprint(
        reference, "commits", MonitorSearcher(practice(), options["since"])
    )


def _insight(reference: Any, options: dict[str, Any]) -> str:
    from kit.exercises.insights import reference_series_fingerprint

    return reference_series_fingerprint(reference, practice(), step=options.get("step", "month"))


def _batch(reference: Any, options: dict[str, Any]) -> str:
    from kit.exercises.batch_changes import reference_changesets_fingerprint

    return reference_changesets_fingerprint(reference)


GRADERS: dict[str, tuple[str, Fingerprinter]] = {
    "grade_query": ("check_query", _query),
    "grade_monitor": ("check_monitor", _monitor),
    "grade_insight": ("check_insight", _insight),
    "grade_batch_change": ("check_batch_change", _batch),
}
"""Each hidden grader, the visible check it pairs with, and how its fingerprint is computed."""


@dataclass(frozen=True)
class CheckSync:
    """One visible check of a notebook and whether its fingerprint is current."""

    notebook: Path
    grade_id: str
    written: str
    current: str
    wrong_hints: tuple[str, ...] = ()
    """Near misses in `hints=` that are in fact right answers (they match the fingerprint)."""

    @property
    def stale(self) -> bool:
        """True when the notebook's fingerprint is not what the reference does now."""
        return self.written != self.current


def _calls(tree: ast.AST, names: set[str]) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            yield node


def _literal(node: ast.expr, where: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError as exc:
        raise ConfigError(
            "the reference answer and options must be literals (strings, numbers)", where=where
        ) from exc


def _hint_queries(call: ast.Call, where: str) -> list[str]:
    for keyword in call.keywords:
        if keyword.arg == "hints":
            hints = _literal(keyword.value, where)
            return [str(q) for q in hints]
    return []


def _cell_checks(
    source: str, where: str
) -> Iterator[tuple[ast.Constant, str, list[str], Callable[[Any], str]]]:
    """Each visible check's fingerprint literal, its current fingerprint, and its near misses
    (with a function fingerprinting any answer the way the check does)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ConfigError(f"the test cell is not valid Python: {exc.msg}", where=where) from exc
    graders = list(_calls(tree, set(GRADERS)))
    for grader in graders:
        name = grader.func.id  # type: ignore[attr-defined]
        check_name, fingerprinter = GRADERS[name]
        if len(grader.args) < 2:
            raise ConfigError(f"{name}() needs the answer and the reference", where=where)
        reference = _literal(grader.args[1], where)
        options = {k.arg: _literal(k.value, where) for k in grader.keywords if k.arg}
        checks = [c for c in _calls(tree, {check_name}) if len(c.args) >= 2]
        if len(checks) != 1 or not isinstance(checks[0].args[1], ast.Constant):
            raise ConfigError(
                f"{name}() needs exactly one visible {check_name}(answer, '<fingerprint>')",
                where=where,
            )
        literal = checks[0].args[1]
        assert isinstance(literal, ast.Constant)

        def of(
            answer: Any,
            fingerprinter: Fingerprinter = fingerprinter,
            options: dict[str, Any] = options,
        ) -> str:
            return fingerprinter(answer, options)

        yield literal, of(reference), _hint_queries(checks[0], where), of


def _replace_literal(source: str, node: ast.Constant, value: str) -> str:
    lines = source.splitlines(keepends=True)
    assert node.end_lineno is not None and node.end_col_offset is not None
    start = sum(len(line) for line in lines[: node.lineno - 1]) + _byte_to_char(
        lines[node.lineno - 1], node.col_offset
    )
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + _byte_to_char(
        lines[node.end_lineno - 1], node.end_col_offset
    )
    return source[:start] + repr(value).replace("'", '"') + source[end:]


def _byte_to_char(line: str, byte_offset: int) -> int:
    return len(line.encode()[:byte_offset].decode())


def sync_notebook(path: Path, *, write: bool = True) -> list[CheckSync]:
    """Recompute every visible check's fingerprint in the instructor notebook at `path`; when
    `write`, rewrite the stale ones in place. Returns one CheckSync per visible check."""
    notebook = read_notebook(path)
    found: list[CheckSync] = []
    changed = False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index + 1}")
        where = f"{path}: {grade_id}"
        stale: list[tuple[ast.Constant, str]] = []
        for literal, current, near_misses, of in list(_cell_checks(cell.source, where)):
            wrong = tuple(q for q in near_misses if of(q) == current)
            found.append(CheckSync(path, grade_id, str(literal.value), current, wrong))
            if literal.value != current:
                stale.append((literal, current))
        if write and stale:
            for literal, current in reversed(
                sorted(stale, key=lambda s: (s[0].lineno, s[0].col_offset))
            ):
                cell.source = _replace_literal(cell.source, literal, current)
            changed = True
    if changed:
        write_notebook(notebook, path)
    return found
