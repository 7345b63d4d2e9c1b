"""Sourcegraph's own query-language test cases, and how our parse compares with theirs.

The cases live in `tests/search/conformance/sourcegraph/*.yaml`, one file per Sourcegraph test file
(its header says how a case reads). A parse is compared by meaning, not by layout: both sides are
brought to a disjunctive normal form over their leaves (patterns and scoping filters), so
`repo:foo a or b` printed by Sourcegraph as `(and "repo:foo" (or "a" "b"))` equals our
`(or (and repo:foo a) (and repo:foo b))`. Parameters that set options for the whole query
(`type:`, `count:`, `context:`, ...) are left out of the comparison; `concat` is read as the
pattern type reads adjacent patterns (a phrase in literal and standard search, `(.*?)` between
regexps, AND in keyword search).

`python -m tests.search.sourcegraph_cases` prints the agreement figures per pattern type.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kit.errors import QuerySyntaxError
from kit.search.languages import language_for_alias
from kit.search.query import (
    AllOf,
    Condition,
    FilterTest,
    NoneOf,
    PatternTest,
    PatternType,
    Query,
    Term,
    parse_query,
)

FOLDER = Path(__file__).parent / "conformance" / "sourcegraph"
SOURCE_ROOT = "sourcegraph/sourcegraph-public-snapshot"
NOT_SUPPORTED = "not supported on the practice instance"

_SOURCES = {
    "parser_test": "internal/search/query/parser_test.go",
    "validate_test": "internal/search/query/validate_test.go",
    "transformer_test": "internal/search/query/transformer_test.go",
    "predicate_test": "internal/search/query/predicate_test.go",
    "diagnostics_test": "client/shared/src/search/query/diagnostics.test.ts",
}
_CASE_KEYS = {"q", "sg", "error", "verdict", "name", "note", "pattern_type", "deliberate", "xfail"}

_ALIASES = {
    "r": "repo",
    "f": "file",
    "path": "file",
    "l": "lang",
    "language": "lang",
    "m": "message",
    "msg": "message",
    "until": "before",
    "since": "after",
    "revision": "rev",
}
_SCOPING = {"repo", "file", "lang", "content"}
_GLOBAL = {
    "type", "context", "case", "count", "patterntype", "timeout", "select", "fork", "archived",
    "visibility", "rev", "before", "after", "author", "committer", "message", "index",
    "repohasfile", "repohascommitafter",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One query of Sourcegraph's tests and what Sourcegraph does with it."""

    source: str
    test: str
    index: int
    query: str
    pattern_type: PatternType
    accepts: bool
    error: str = ""
    sexpr: str = ""
    name: str = ""
    deliberate: str = ""
    xfail: str = ""

    @property
    def case_id(self) -> str:
        """`file:TestName#n[pattern type] query`, as pytest shows it."""
        label = self.name or self.query
        return f"{Path(self.source).stem}:{self.test}#{self.index}[{self.pattern_type}] {label!r}"


def load_cases(folder: Path = FOLDER) -> list[Case]:
    """Every case of every file, with unknown keys refused."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        source = _SOURCES[path.stem]
        for group in yaml.safe_load(path.read_text(encoding="utf-8")):
            for index, raw in enumerate(group["cases"]):
                unknown = set(raw) - _CASE_KEYS
                assert not unknown, f"{path.name}: case {raw.get('q')!r} has unknown keys {unknown}"
                rejects = "error" in raw or raw.get("verdict") == "reject"
                cases.append(
                    Case(
                        source=source,
                        test=group["test"],
                        index=index,
                        query=str(raw["q"]),
                        pattern_type=PatternType(raw.get("pattern_type", group["pattern_type"])),
                        accepts=not rejects,
                        error=raw.get("error", ""),
                        sexpr=raw.get("sg", ""),
                        name=raw.get("name", ""),
                        deliberate=raw.get("deliberate", ""),
                        xfail=raw.get("xfail", ""),
                    )
                )
    return cases


# --- s-expressions -------------------------------------------------------------------------

Tree = str | tuple[str, list["Tree"]]
"""A leaf's text, or (operator, children) with operator one of and, or, not, concat."""


def parse_sexpr(text: str) -> Tree:
    """Read Sourcegraph's printed parse (`(and "repo:foo" (or "a" "b"))`)."""
    tokens = re.findall(r'\(|\)|"(?:[^"\\]|\\.)*"|[a-z]+', text)
    at = 0

    def node() -> Tree:
        nonlocal at
        token = tokens[at]
        at += 1
        if token.startswith('"'):
            return str(json.loads(token))
        assert token == "(", f"unexpected {token!r} in {text!r}"
        operator = tokens[at]
        at += 1
        children: list[Tree] = []
        while tokens[at] != ")":
            children.append(node())
        at += 1
        return (operator, children)

    return node()


# --- disjunctive normal form ---------------------------------------------------------------

Literal = tuple[bool, str]
"""(positive, leaf) where leaf is `pattern:<text>` or `<field>:<value>`."""
DNF = frozenset[frozenset[Literal]]

_TRUE: DNF = frozenset({frozenset()})
_LIMIT = 256


def _and(parts: list[DNF]) -> DNF:
    result = _TRUE
    for part in parts:
        result = frozenset(a | b for a in result for b in part)
        if len(result) > _LIMIT:
            raise OverflowError("too many conjunctions to compare")
    return result


def _or(parts: list[DNF]) -> DNF:
    return frozenset(c for part in parts for c in part)


def _not(part: DNF) -> DNF:
    return _and([frozenset(frozenset({(not pos, leaf)}) for pos, leaf in conj) for conj in part])


def _leaf(positive: bool, leaf: str) -> DNF:
    return frozenset({frozenset({(positive, leaf)})})


def _pattern_leaf(text: str, pattern_type: PatternType) -> str:
    """`pattern:<text>`; a regexp's escaped punctuation compared as the character itself, as
    Sourcegraph prints a quoted pattern (`"foo bar"`, searched as `foo\\ bar`) and its parens
    heuristics (`foo(` searched as `foo\\(`) before escaping them."""
    if pattern_type is PatternType.REGEXP:
        text = re.sub(r"\\([^\w])", r"\1", text)
    return f"pattern:{text}"


def _sg_leaf(text: str, pattern_type: PatternType) -> DNF | None:
    """A leaf of Sourcegraph's parse: a scoping filter, a pattern, or None for an option."""
    match = re.fullmatch(r"(-?)([A-Za-z]+):(.*)", text, re.DOTALL)
    if match is not None:
        negated, name, value = match.group(1) == "-", match.group(2).lower(), match.group(3)
        field = _ALIASES.get(name, name)
        if field in _GLOBAL:
            return None
        if field == "content":
            return _leaf(not negated, _pattern_leaf(value, pattern_type))
        if field in _SCOPING:
            return _leaf(not negated, _filter_leaf(field, value))
    return _leaf(True, _pattern_leaf(text, pattern_type))


def _filter_leaf(field: str, value: str) -> str:
    if field == "lang":
        language = language_for_alias(value)
        value = language.name if language is not None else value
    if field == "repo" and "@" in value and "(" not in value:
        value = value.split("@", 1)[0]
    return f"{field}:{value}"


def sg_dnf(tree: Tree, pattern_type: PatternType) -> DNF:
    """The meaning of Sourcegraph's printed parse."""
    if isinstance(tree, str):
        return _sg_leaf(tree, pattern_type) or _TRUE
    operator, children = tree
    if operator == "concat":
        return _concat(children, pattern_type)
    parts = [sg_dnf(child, pattern_type) for child in children]
    if operator == "and":
        return _and(parts)
    if operator == "or":
        return _or(parts)
    assert operator == "not" and len(parts) == 1
    return _not(parts[0])


def _concat(children: list[Tree], pattern_type: PatternType) -> DNF:
    """Adjacent patterns as the pattern type reads them; operators inside stay operands of AND."""
    if pattern_type is PatternType.KEYWORD:
        return _and([sg_dnf(child, pattern_type) for child in children])
    glue = "(.*?)" if pattern_type is PatternType.REGEXP else " "
    parts: list[DNF] = []
    run: list[str] = []
    for child in [*children, ("end", [])]:
        if isinstance(child, str) and _sg_leaf(child, pattern_type) == _leaf(
            True, _pattern_leaf(child, pattern_type)
        ):
            run.append(child)
            continue
        if run:
            parts.append(_leaf(True, _pattern_leaf(glue.join(run), pattern_type)))
            run = []
        if child != ("end", []):
            parts.append(sg_dnf(child, pattern_type))
    return _and(parts)


def query_dnf(query: Query) -> DNF:
    """The meaning of our parse, over the same leaves."""
    if query.condition is not None:
        return _condition_dnf(query.condition, query.pattern_type)
    f = query.filters
    parts = [_leaf(True, f"repo:{r}") for r in f.repo_include]
    parts += [_leaf(False, f"repo:{r}") for r in f.repo_exclude]
    parts += [_leaf(True, f"file:{r}") for r in f.file_include]
    parts += [_leaf(False, f"file:{r}") for r in f.file_exclude]
    parts += [_leaf(True, f"lang:{lang.name}") for lang in f.lang_include]
    parts += [_leaf(False, f"lang:{lang.name}") for lang in f.lang_exclude]
    parts += [_leaf(True, _term_leaf(t, query.pattern_type)) for t in query.terms]
    return _and(parts)


def _term_leaf(term: Term, pattern_type: PatternType) -> str:
    return _pattern_leaf(
        term.pattern if pattern_type is PatternType.REGEXP else term.text, pattern_type
    )


def _condition_dnf(condition: Condition, pattern_type: PatternType) -> DNF:
    if isinstance(condition, PatternTest):
        return _leaf(True, _term_leaf(condition.term, pattern_type))
    if isinstance(condition, FilterTest):
        if condition.field == "lang" and condition.language is not None:
            return _leaf(True, f"lang:{condition.language.name}")
        if condition.field in _SCOPING:
            return _leaf(True, f"{condition.field}:{condition.regex}")
        return _leaf(True, f"{condition.field}({condition.regex},{condition.content})")
    if isinstance(condition, NoneOf):
        return _not(_condition_dnf(condition.part, pattern_type))
    parts = [_condition_dnf(part, pattern_type) for part in condition.parts]
    return _and(parts) if isinstance(condition, AllOf) else _or(parts)


# --- verdicts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What our engine did with a case."""

    accepts: bool
    message: str = ""
    query: Query | None = None

    def same_structure(self, case: Case) -> bool | None:
        """Whether our parse means what Sourcegraph's does (None: nothing to compare)."""
        if not case.sexpr or self.query is None or not case.accepts:
            return None
        if case.pattern_type is PatternType.STRUCTURAL:
            return None
        try:
            return sg_dnf(parse_sexpr(case.sexpr), case.pattern_type) == query_dnf(self.query)
        except OverflowError:
            return None


def run_case(case: Case) -> Outcome:
    """Parse the case's query with our engine."""
    try:
        query = parse_query(case.query, case.pattern_type)
    except QuerySyntaxError as error:
        return Outcome(False, str(error))
    return Outcome(True, query=query)


def figures(cases: list[Case]) -> dict[str, Counter[str]]:
    """Per pattern type: cases, verdict agreements, structures compared and agreeing, deliberate."""
    table: dict[str, Counter[str]] = {}
    for case in cases:
        row = table.setdefault(case.pattern_type.value, Counter())
        outcome = run_case(case)
        row["cases"] += 1
        row["deliberate"] += bool(case.deliberate)
        row["verdict_agrees"] += outcome.accepts == case.accepts
        same = outcome.same_structure(case)
        if case.sexpr and case.accepts:
            row["structures"] += 1
            row["structure_agrees"] += bool(same)
    return table


def _print_figures() -> None:  # pragma: no cover - a report for the issue's closing note
    cases = load_cases()
    table = figures(cases)
    total: Counter[str] = Counter()
    print(f"{'pattern type':<12} {'cases':>5} {'verdict':>12} {'structure':>12} {'deliberate':>10}")
    for name, row in [*sorted(table.items()), ("all", total)]:
        if name != "all":
            total.update(row)
        verdict = f"{row['verdict_agrees']}/{row['cases']}"
        structure = f"{row['structure_agrees']}/{row['structures']}"
        print(f"{name:<12} {row['cases']:>5} {verdict:>12} {structure:>12} {row['deliberate']:>10}")
    by_source = Counter(Path(c.source).name for c in cases)
    print(dict(by_source))


def disagreements(cases: list[Case]) -> list[tuple[Case, Outcome, Any]]:
    """The cases where our engine and Sourcegraph differ (for working on the engine)."""
    out = []
    for case in cases:
        outcome = run_case(case)
        same = outcome.same_structure(case)
        if outcome.accepts != case.accepts or same is False:
            out.append((case, outcome, same))
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    _print_figures()
    if "-v" in sys.argv:
        for case, outcome, same in disagreements(load_cases()):
            got = outcome.message if not outcome.accepts else "accepts"
            if same is False and outcome.query is not None:
                got = f"structure {sorted(map(sorted, query_dnf(outcome.query)))}"
            print(f"{case.case_id}\n    sg: {case.error or case.sexpr or 'accepts'}\n    us: {got}")
