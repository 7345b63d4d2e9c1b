"""The conformance table: queries and what Sourcegraph returns for them on the practice corpus.

The rows live in `tests/search/conformance/*.yaml`, one file per topic (the header of each file
says how a row reads). Their expectations were derived from the corpus sources with `git grep` and
`git log`, not from the practice engine, so a failing row is a place where the engine and
Sourcegraph disagree. Rows the engine cannot pass yet carry an `xfail` reason: "engine bug: ..."
(strict, so the fix must remove it) or, in `pending.yaml`, "not built yet: ..." (not strict, so
rows start passing as features land).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.errors import QuerySyntaxError
from kit.search import FileMatch, PracticeBackend, RepositoryMatch, SearchResults

TABLE = Path(__file__).parent / "conformance"
PENDING = "pending.yaml"

_KEYS = {
    "query", "why", "xfail", "error", "files", "lines", "highlights", "repos", "commits",
    "symbols", "match_count", "result_count", "some_of_files", "some_of_repos", "limit_hit",
    "skipped",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One query of the table and what Sourcegraph returns for it."""

    topic: str
    query: str
    expected: dict[str, Any]
    why: str = ""
    xfail: str = ""

    @property
    def test_id(self) -> str:
        """`topic: query`, as pytest shows it."""
        return f"{self.topic}: {self.query}"


@dataclass
class Found:
    """What a search returned, in the table's vocabulary."""

    files: set[str] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)
    highlights: dict[str, list[str]] = field(default_factory=dict)
    repos: set[str] = field(default_factory=set)
    commits: set[str] = field(default_factory=set)
    symbols: set[str] = field(default_factory=set)
    others: list[str] = field(default_factory=list)


def load_rows(folder: Path = TABLE) -> list[Row]:
    """Every row of every topic file, checked for unknown keys and duplicate queries."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            unknown = set(raw) - _KEYS
            assert not unknown, f"{path.name}: row {raw.get('query')!r} has unknown keys {unknown}"
            expected = {k: v for k, v in raw.items() if k not in {"query", "why", "xfail"}}
            rows.append(
                Row(
                    topic=path.stem,
                    query=str(raw["query"]),
                    expected=expected,
                    why=raw.get("why", ""),
                    xfail=raw.get("xfail", ""),
                )
            )
    queries = [row.query for row in rows]
    duplicates = {q for q in queries if queries.count(q) > 1}
    assert not duplicates, f"queries listed twice: {sorted(duplicates)}"
    return rows


def _params() -> list[Any]:
    params = []
    for row in load_rows():
        marks = []
        if row.xfail:
            marks.append(pytest.mark.xfail(reason=row.xfail, strict=row.topic != "pending"))
        params.append(pytest.param(row, id=row.test_id, marks=marks))
    return params


def describe(results: SearchResults) -> Found:
    """Sort each result into files, lines, repositories, commits and symbols.

    Commit and symbol results are recognised by their fields (`oid`; `path` with `symbols`), so
    the table can name them before the engine's result types are settled.
    """
    found = Found()
    for match in results.matches:
        if isinstance(match, RepositoryMatch):
            found.repos.add(match.repository)
        elif isinstance(match, FileMatch) or hasattr(match, "path"):
            key = f"{match.repository} {match.path}"
            found.files.add(key)
            for symbol in getattr(match, "symbols", None) or ():
                found.symbols.add(f"{key}:{symbol.name}")
            for line in getattr(match, "line_matches", None) or ():
                line_key = f"{key}:{line.line_number + 1}"
                found.lines.add(line_key)
                found.highlights[line_key] = [
                    line.line[start : start + length] for start, length in line.offset_and_lengths
                ]
        elif hasattr(match, "oid"):  # commit and diff results
            found.commits.add(f"{match.repository} {str(match.oid)[:7]}")
        else:
            found.others.append(repr(match))
    return found


@pytest.mark.parametrize("row", _params())
def test_sourcegraph_conformance(practice: PracticeBackend, row: Row) -> None:
    expected = row.expected
    context = f"{row.query!r}" + (f" ({row.why})" if row.why else "")
    if "error" in expected:
        with pytest.raises(QuerySyntaxError) as raised:
            practice.search(row.query)
        assert expected["error"] in str(raised.value), context
        return

    results = practice.search(row.query)
    found = describe(results)
    assert not found.others, f"{context}: unexpected result kinds {found.others}"
    if "some_of_files" in expected or "some_of_repos" in expected:
        assert found.files <= set(expected.get("some_of_files", [])), context
        assert found.repos <= set(expected.get("some_of_repos", [])), context
    else:
        assert found.files == set(expected.get("files", [])), context
        assert found.repos == set(expected.get("repos", [])), context
    assert found.commits == set(expected.get("commits", [])), context
    if "symbols" in expected:
        assert found.symbols == set(expected["symbols"]), context
    if "lines" in expected:
        assert found.lines == set(expected["lines"]), context
    for line_key, texts in expected.get("highlights", {}).items():
        assert found.highlights.get(line_key) == texts, f"{context}: highlights on {line_key}"
    if "match_count" in expected:
        assert results.match_count == expected["match_count"], context
    if "result_count" in expected:
        assert len(results.matches) == expected["result_count"], context
    if "limit_hit" in expected:
        assert results.limit_hit is expected["limit_hit"], context
    if "skipped" in expected:
        reasons = sorted(s.reason for s in results.progress.skipped)
        assert reasons == sorted(expected["skipped"]), context


def test_the_table_covers_every_topic_with_enough_rows() -> None:
    rows = load_rows()
    per_topic = {topic: sum(r.topic == topic for r in rows) for topic in {r.topic for r in rows}}
    assert sum(n for topic, n in per_topic.items() if topic != "pending") >= 150, per_topic
    assert all(row.xfail for row in rows if row.topic == "pending"), "pending rows are xfail"
    assert all(row.xfail.startswith(("engine bug:", "not built yet:")) for row in rows if row.xfail)
