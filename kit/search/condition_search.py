"""Boolean queries (AND/OR/NOT, predicates) evaluated file by file, and the filter tests they
share with repository and symbol search."""

from __future__ import annotations

from typing import Any

from kit.search.corpus import Document, Repository
from kit.search.file_search import Ranges, documents, file_match, intersection
from kit.search.index_store import SearchIndex
from kit.search.lines import find_all
from kit.search.query import (
    AllOf,
    Condition,
    FilterTest,
    NoneOf,
    PatternTest,
    Query,
    ResultType,
)
from kit.search.regex import compile_bytes, compile_re2
from kit.search.repo_predicates import repo_predicate_holds


def condition_matches(
    index: SearchIndex, repos: list[Repository], query: Query, condition: Condition
) -> Any:
    """Files for which a boolean query holds, highlighted where its patterns matched."""
    ids = _condition_candidates(index, condition, query)
    for repo, doc in documents(index, repos, ids):
        holds, content, path = _evaluate(condition, repo, doc, query)
        if holds:
            yield file_match(repo, doc, content, path)


def _condition_candidates(
    index: SearchIndex, condition: Condition, query: Query
) -> list[int] | None:
    """Documents that may satisfy `condition` (None: any may): patterns narrow through the
    index, AND intersects, OR unites; negations and filters do not narrow."""
    if isinstance(condition, PatternTest):
        return index.candidates(
            condition.term.pattern,
            content=query.result_type is not ResultType.PATH,
            path=query.result_type is not ResultType.FILE and not condition.term.content_only,
        )
    if isinstance(condition, FilterTest):
        if condition.field == "file:has.content":
            return index.candidates(condition.regex, content=True, path=False)
        return None
    if isinstance(condition, NoneOf):
        return None
    parts = [_condition_candidates(index, part, query) for part in condition.parts]
    if isinstance(condition, AllOf):
        return intersection(parts)
    if any(ids is None for ids in parts):
        return None
    return sorted({i for ids in parts for i in ids or ()})


def _evaluate(
    condition: Condition, repo: Repository, doc: Document, query: Query
) -> tuple[bool, Ranges, Ranges]:
    """Whether `condition` holds of one file, and the content (bytes) and path ranges that show it."""
    if isinstance(condition, PatternTest):
        pattern, case = condition.term.pattern, query.case_sensitive
        content = (
            find_all(compile_bytes(pattern, case_sensitive=case), doc.data)
            if query.result_type is not ResultType.PATH
            else []
        )
        path = (
            find_all(compile_re2(pattern, case_sensitive=case), doc.path)
            if query.result_type is not ResultType.FILE and not condition.term.content_only
            else []
        )
        return bool(content or path), content, path
    if isinstance(condition, FilterTest):
        return filter_holds(condition, repo, doc, query.case_sensitive), [], []
    if isinstance(condition, NoneOf):
        return not _evaluate(condition.part, repo, doc, query)[0], [], []
    results = [_evaluate(part, repo, doc, query) for part in condition.parts]
    holding = [r for r in results if r[0]]
    holds = len(holding) == len(results) if isinstance(condition, AllOf) else bool(holding)
    if not holds:
        return False, [], []
    return True, [x for r in holding for x in r[1]], [x for r in holding for x in r[2]]


def filter_holds(test: FilterTest, repo: Repository, doc: Document | None, case: bool) -> bool:
    """Whether one filter holds of a file (`doc` None: of the repository alone)."""
    if test.field == "repo":
        return compile_re2(test.regex, case_sensitive=False).search(repo.name) is not None
    if test.field.startswith("repo:"):
        return repo_predicate_holds(test, repo)
    if doc is None:
        return True
    if test.field == "file":
        return compile_re2(test.regex, case_sensitive=case).search(doc.path) is not None
    if test.field == "file:has.content":
        return compile_bytes(test.regex, case_sensitive=case).search(doc.data) is not None
    return doc.language == test.language


def repo_holds(condition: Condition, repo: Repository) -> bool:
    """For repository-only boolean queries (only `repo:` filters and predicates)."""
    if isinstance(condition, FilterTest):
        return filter_holds(condition, repo, None, False)
    if isinstance(condition, NoneOf):
        return not repo_holds(condition.part, repo)
    if isinstance(condition, PatternTest):
        return False
    values = [repo_holds(part, repo) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)


def name_holds(condition: Condition, repo: Repository, case: bool) -> bool:
    """`type:repo` with a boolean query: patterns test the repository's name."""
    if isinstance(condition, PatternTest):
        regex = compile_re2(condition.term.pattern, case_sensitive=case)
        return regex.search(repo.name) is not None
    if isinstance(condition, FilterTest):
        return not condition.field.startswith("repo") or filter_holds(condition, repo, None, case)
    if isinstance(condition, NoneOf):
        return not name_holds(condition.part, repo, case)
    values = [name_holds(part, repo, case) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)
