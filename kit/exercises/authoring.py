"""Write the visible checks of instructor notebooks from their hidden tests.

An exercise's test cell holds a visible `check_*(answer, "<fingerprint>", hints={...})` and, in
its hidden tests, the `grade_*(answer, <reference>, ..., near_misses={...})` that grades it. The
hidden call is the source of truth: `sync_notebook` computes what the reference does on the
practice Sourcegraph now (the fingerprint) and what each near miss does (the keys of `hints=`),
and rewrites the visible call from them. So the released notebook holds fingerprints and advice,
never the reference or a near-miss answer a learner could copy, and instructors never compute a
fingerprint by hand. A near miss that does what the reference does is reported: it is no miss.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import ConfigError
from kit.exercises.sealing import seal_expected, seal_hints
from kit.notebook_io import read_notebook, write_notebook
from kit.practice import practice

Fingerprinter = Callable[[Any, dict[str, Any]], str]


def _query(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.queries import reference_fingerprint

    return reference_fingerprint(answer, options.get("compare", "files"), practice())


def _monitor(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.queries import reference_fingerprint
    from kit.practice.monitors import MonitorSearcher

    return reference_fingerprint(answer, "commits", MonitorSearcher(practice(), options["since"]))


def _insight(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.insights import reference_series_fingerprint

    return reference_series_fingerprint(answer, practice(), step=options.get("step", "month"))


def _batch(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.batch_changes import reference_changesets_fingerprint

    return reference_changesets_fingerprint(answer, published=options.get("published", False))


def _site_config(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.site_config import reference_config_fingerprint

    return reference_config_fingerprint(answer, keys=options.get("keys", ()))


def _code_host(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.site_config import reference_config_fingerprint

    return reference_config_fingerprint(answer, keys=options.get("keys", ()), kind=options["kind"])


def _graphql(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.graphql import reference_graphql_fingerprint

    return reference_graphql_fingerprint(
        answer,
        variables=options.get("variables"),
        probe=options.get("probe"),
        as_user=options.get("as_user"),
    )


def _api_script(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.graphql import reference_script_fingerprint

    return reference_script_fingerprint(answer)


def _deployment(answer: Any, options: dict[str, Any]) -> str:
    from kit.exercises.deployments import reference_deployment_fingerprint

    return reference_deployment_fingerprint(answer, lab=options["lab"])


@dataclass(frozen=True)
class Grader:
    """A hidden grading function: its visible check, how answers are fingerprinted, and which
    of its options the visible check needs too."""

    check: str
    fingerprint: Fingerprinter
    shared: tuple[str, ...] = ()


GRADERS: dict[str, Grader] = {
    "grade_query": Grader("check_query", _query),
    "grade_monitor": Grader("check_monitor", _monitor, ("since",)),
    "grade_insight": Grader("check_insight", _insight, ("step",)),
    "grade_batch_change": Grader("check_batch_change", _batch, ("published",)),
    "grade_site_config": Grader("check_site_config", _site_config, ("keys", "strict")),
    "grade_code_host": Grader("check_code_host", _code_host, ("kind", "keys", "strict")),
    "grade_graphql": Grader("check_graphql", _graphql, ("variables", "probe", "as_user")),
    "grade_api_script": Grader("check_api_script", _api_script),
    "grade_deployment": Grader("check_deployment", _deployment, ("lab",)),
}


@dataclass(frozen=True)
class CheckSync:
    """One exercise's visible check: as written, as it should be now, and near misses that are
    in fact right answers."""

    notebook: Path
    grade_id: str
    written: str
    current: str
    expected: str
    wrong_near_misses: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        """True when the visible check is not what the hidden test gives now."""
        return self.written != self.current


def _literal(node: ast.expr, where: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError as exc:
        raise ConfigError(
            "the reference answer and options must be literals (strings, numbers)", where=where
        ) from exc


def _statement_calls(tree: ast.Module, names: set[str]) -> list[tuple[ast.stmt, ast.Call]]:
    return [
        (statement, statement.value)
        for statement in tree.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id in names
    ]


def _string(text: str, indent: str) -> str:
    """`text` as a Python string literal, wrapped in parentheses over lines when long."""
    if len(text) + len(indent) < 80:
        return repr(text)
    lines = textwrap.wrap(text, 76 - len(indent), drop_whitespace=False)
    inner = "\n".join(f"{indent}    {line!r}" for line in lines)
    return f"(\n{inner}\n{indent})"


def python_literal(value: Any) -> str:
    """`value` as Python source, strings in double quotes where that needs no escaping (the
    house style of the notebooks), containers element by element."""
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if text.startswith("'") and '"' not in value else text
    if isinstance(value, list | tuple):
        items = ", ".join(python_literal(v) for v in value)
        return (
            f"[{items}]"
            if isinstance(value, list)
            else f"({items}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        pairs = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + pairs + "}"
    return repr(value)


def visible_check(
    check: str,
    expected: str,
    shared: dict[str, Any],
    hints: dict[str, str],
    *,
    sources: dict[str, str] | None = None,
) -> str:
    """The source of a visible check call; `sources` are further keyword arguments given as
    Python source (such as the Sourcegraph to search). The expected fingerprint is sealed and
    each hint encrypted under its near miss's fingerprint (`kit.exercises.sealing`): the cell
    shows neither the expected count nor any hint before the learner tries."""
    expected = seal_expected(expected)
    hints = seal_hints(hints)
    arguments = [f"{name}={python_literal(value)}" for name, value in shared.items()]
    arguments += [f"{name}={text}" for name, text in (sources or {}).items()]
    one_line = f'{check}(answer, "{expected}"{"".join(", " + a for a in arguments)})'
    if not hints and len(one_line) <= 88:
        return one_line
    lines = [f"{check}(", "    answer,", f'    "{expected}",']
    lines += [f"    {name}={value!r}," for name, value in shared.items()]
    lines += [f"    {name}={text}," for name, text in (sources or {}).items()]
    if hints:
        lines.append("    hints={")
        lines += [f'        "{key}": {_string(advice, " " * 8)},' for key, advice in hints.items()]
        lines.append("    },")
    lines.append(")")
    return "\n".join(lines)


def statement_span(source: str, node: ast.stmt) -> tuple[int, int]:
    """The character span of `node` in `source`."""
    lines = source.splitlines(keepends=True)
    assert node.end_lineno is not None and node.end_col_offset is not None
    start = sum(len(line) for line in lines[: node.lineno - 1]) + _chars(
        lines[node.lineno - 1], node.col_offset
    )
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + _chars(
        lines[node.end_lineno - 1], node.end_col_offset
    )
    return start, end


def _chars(line: str, byte_offset: int) -> int:
    return len(line.encode()[:byte_offset].decode())


@dataclass(frozen=True)
class _Rewrite:
    span: tuple[int, int]
    text: str
    sync: CheckSync


@dataclass(frozen=True)
class HiddenCall:
    """One `grade_*(answer, reference, ...)` call of a test cell's hidden tests, with the span of
    the visible check call it goes with."""

    name: str
    reference: Any
    options: dict[str, Any]
    near_misses: dict[str, str]
    check_span: tuple[int, int]

    @property
    def grader(self) -> Grader:
        """How this call's answers are fingerprinted and checked."""
        return GRADERS[self.name]


def hidden_calls(source: str, where: str) -> list[HiddenCall]:
    """The grading calls of a test cell's source (its hidden tests included), each with the
    span of its visible check; a cell that is not valid Python is a ConfigError at `where`."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ConfigError(f"the test cell is not valid Python: {exc.msg}", where=where) from exc
    calls: list[HiddenCall] = []
    for _, call in _statement_calls(tree, set(GRADERS)):
        name = call.func.id  # type: ignore[attr-defined]
        grader = GRADERS[name]
        if len(call.args) < 2:
            raise ConfigError(f"{name}() needs the answer and the reference", where=where)
        reference = _literal(call.args[1], where)
        options = {k.arg: _literal(k.value, where) for k in call.keywords if k.arg}
        near_misses: dict[str, str] = options.pop("near_misses", None) or {}
        checks = _statement_calls(tree, {grader.check})
        if len(checks) != 1:
            raise ConfigError(
                f"{name}() needs exactly one visible {grader.check}(answer, ...) before the "
                "hidden tests",
                where=where,
            )
        span = statement_span(source, checks[0][0])
        calls.append(HiddenCall(name, reference, options, near_misses, span))
    return calls


def _cell_rewrites(source: str, path: Path, grade_id: str) -> list[_Rewrite]:
    rewrites: list[_Rewrite] = []
    for call in hidden_calls(source, f"{path}: {grade_id}"):
        grader = call.grader
        expected = grader.fingerprint(call.reference, call.options)
        misses = {miss: grader.fingerprint(miss, call.options) for miss in call.near_misses}
        hints = {misses[miss]: advice for miss, advice in call.near_misses.items()}
        shared = {key: call.options[key] for key in grader.shared if key in call.options}
        span = call.check_span
        sync = CheckSync(
            path,
            grade_id,
            written=source[span[0] : span[1]],
            current=visible_check(grader.check, expected, shared, hints),
            expected=expected,
            wrong_near_misses=tuple(m for m, fp in misses.items() if fp == expected),
        )
        rewrites.append(_Rewrite(span, sync.current, sync))
    return rewrites


def sync_notebook(path: Path, *, write: bool = True) -> list[CheckSync]:
    """Recompute every visible check of the instructor notebook at `path` from its hidden test;
    when `write`, rewrite the stale ones in place. Returns one CheckSync per exercise."""
    notebook = read_notebook(path)
    found: list[CheckSync] = []
    changed = False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index + 1}")
        rewrites = _cell_rewrites(cell.source, path, grade_id)
        found += [r.sync for r in rewrites]
        stale = [r for r in rewrites if r.sync.stale]
        if write and stale:
            for rewrite in sorted(stale, key=lambda r: r.span, reverse=True):
                start, end = rewrite.span
                cell.source = cell.source[:start] + rewrite.text + cell.source[end:]
            changed = True
    if changed:
        write_notebook(notebook, path)
    return found
