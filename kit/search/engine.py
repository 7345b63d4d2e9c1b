"""Run a parsed query over a corpus: select repositories and files, match terms, count, limit."""

from __future__ import annotations

import time
from bisect import bisect_right
from typing import Any

from kit.search.corpus import Corpus, Document, Repository
from kit.search.query import (
    AllOf,
    Condition,
    FilterSet,
    FilterTest,
    NoneOf,
    PatternTest,
    Query,
    ResultType,
    Select,
)
from kit.search.regex import compile_re2
from kit.search.results import (
    FileMatch,
    LineMatch,
    Match,
    Progress,
    RepositoryMatch,
    SearchResults,
    Skipped,
)

Ranges = list[tuple[int, int]]


def run_query(corpus: Corpus, query: Query) -> SearchResults:
    """Search `corpus` for `query` and return the matches and progress, in repository/path order."""
    started = time.perf_counter()
    repos = [r for r in corpus.repositories if _repo_selected(r.name, query.filters)]
    if query.result_type is ResultType.REPO:
        candidates: Any = _repository_matches([r for r in repos if _repo_named(query, r)])
    elif query.condition is not None:
        candidates = (
            _repository_matches([r for r in repos if _repo_holds(query.condition, r)])
            if query.repo_only
            else _condition_matches(repos, query, query.condition)
        )
    else:
        candidates = _repository_matches(repos) if query.repo_only else _file_matches(repos, query)
    if query.select is not None:
        candidates = _selected(candidates, query.select)

    deadline = started + query.timeout_seconds if query.timeout_seconds else None
    matches: list[Match] = []
    total = 0
    limit_hit = timed_out = False
    for match in candidates:
        if total >= query.count:
            limit_hit = True
            break
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            break
        matches.append(match)
        total += match.match_count

    skipped: tuple[Skipped, ...] = (_limit_skipped(query),) if limit_hit else ()
    if timed_out:
        skipped += (_timeout_skipped(query),)
    progress = Progress(
        match_count=total,
        duration_ms=round((time.perf_counter() - started) * 1000),
        repositories_count=len(repos),
        skipped=skipped,
    )
    return SearchResults(
        query=query.raw,
        matches=tuple(matches),
        progress=progress,
        limit_hit=limit_hit or timed_out,
    )


def _repository_matches(repos: list[Repository]) -> Any:
    for repo in repos:
        yield RepositoryMatch(repository=repo.name, repository_id=repo.id)


def _file_matches(repos: list[Repository], query: Query) -> Any:
    term_regexes = [
        compile_re2(t.pattern, case_sensitive=query.case_sensitive) for t in query.terms
    ]
    for repo in repos:
        for doc in repo.documents:
            if not _file_selected(doc, query):
                continue
            match = _match_document(repo, doc, term_regexes, query.result_type)
            if match is not None:
                yield match


def _condition_matches(repos: list[Repository], query: Query, condition: Condition) -> Any:
    """Files for which a boolean query holds, highlighted where its patterns matched."""
    for repo in repos:
        for doc in repo.documents:
            holds, content, path = _evaluate(condition, repo, doc, query)
            if holds:
                yield FileMatch(
                    repository=repo.name,
                    repository_id=repo.id,
                    commit=repo.commit,
                    path=doc.path,
                    language=doc.language.name if doc.language else None,
                    line_matches=_line_matches(doc, content),
                    path_matches=tuple(_merge(path)),
                )


def _evaluate(
    condition: Condition, repo: Repository, doc: Document, query: Query
) -> tuple[bool, Ranges, Ranges]:
    """Whether `condition` holds of one file, and the content and path ranges that show it."""
    if isinstance(condition, PatternTest):
        regex = compile_re2(condition.term.pattern, case_sensitive=query.case_sensitive)
        content = _find_all(regex, doc.text) if query.result_type is not ResultType.PATH else []
        path = _find_all(regex, doc.path) if query.result_type is not ResultType.FILE else []
        return bool(content or path), content, path
    if isinstance(condition, FilterTest):
        return _filter_holds(condition, repo, doc, query.case_sensitive), [], []
    if isinstance(condition, NoneOf):
        return not _evaluate(condition.part, repo, doc, query)[0], [], []
    results = [_evaluate(part, repo, doc, query) for part in condition.parts]
    holding = [r for r in results if r[0]]
    holds = len(holding) == len(results) if isinstance(condition, AllOf) else bool(holding)
    if not holds:
        return False, [], []
    return True, [x for r in holding for x in r[1]], [x for r in holding for x in r[2]]


def _filter_holds(test: FilterTest, repo: Repository, doc: Document | None, case: bool) -> bool:
    if test.field == "repo":
        return compile_re2(test.regex, case_sensitive=False).search(repo.name) is not None
    if test.field.startswith("repo:"):
        return _repo_predicate_holds(test, repo)
    if doc is None:
        return True
    if test.field == "file":
        return compile_re2(test.regex, case_sensitive=case).search(doc.path) is not None
    if test.field == "file:has.content":
        return compile_re2(test.regex, case_sensitive=case).search(doc.text) is not None
    return doc.language == test.language


def _repo_predicate_holds(test: FilterTest, repo: Repository) -> bool:
    """`repo:has.file(path: content:)`, `repo:has.path()`, `repo:has.content()`: some file of the
    repository has such a path and/or content (case-insensitive, as Sourcegraph's predicates)."""
    path = compile_re2(test.regex, case_sensitive=False) if test.regex else None
    if test.field == "repo:has.content":
        path, content = None, compile_re2(test.regex, case_sensitive=False)
    else:
        content = compile_re2(test.content, case_sensitive=False) if test.content else None
    return any(
        (path is None or path.search(doc.path) is not None)
        and (content is None or content.search(doc.text) is not None)
        for doc in repo.documents
    )


def _repo_holds(condition: Condition, repo: Repository) -> bool:
    """For repository-only boolean queries (only `repo:` filters and predicates)."""
    if isinstance(condition, FilterTest):
        return _filter_holds(condition, repo, None, False)
    if isinstance(condition, NoneOf):
        return not _repo_holds(condition.part, repo)
    if isinstance(condition, PatternTest):
        return False
    values = [_repo_holds(part, repo) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)


def _repo_selected(name: str, filters: FilterSet) -> bool:
    def found(pattern: str) -> bool:
        return compile_re2(pattern, case_sensitive=False).search(name) is not None

    return all(found(p) for p in filters.repo_include) and not any(
        found(p) for p in filters.repo_exclude
    )


def _file_selected(doc: Document, query: Query) -> bool:
    filters = query.filters

    def found(pattern: str) -> bool:
        regex = compile_re2(pattern, case_sensitive=query.case_sensitive)
        return regex.search(doc.path) is not None

    if not all(found(p) for p in filters.file_include) or any(
        found(p) for p in filters.file_exclude
    ):
        return False
    language = doc.language
    if filters.lang_include and any(lang != language for lang in filters.lang_include):
        return False
    return not (language is not None and language in filters.lang_exclude)


def _match_document(
    repo: Repository, doc: Document, term_regexes: list[Any], result_type: ResultType | None
) -> FileMatch | None:
    want_content = result_type is not ResultType.PATH
    want_path = result_type is not ResultType.FILE
    content_ranges: Ranges = []
    path_ranges: Ranges = []
    for regex in term_regexes:
        in_content = _find_all(regex, doc.text) if want_content else []
        in_path = _find_all(regex, doc.path) if want_path else []
        if not in_content and not in_path:
            return None  # keyword search ANDs its terms over the whole file
        content_ranges.extend(in_content)
        path_ranges.extend(in_path)
    return FileMatch(
        repository=repo.name,
        repository_id=repo.id,
        commit=repo.commit,
        path=doc.path,
        language=doc.language.name if doc.language else None,
        line_matches=_line_matches(doc, content_ranges),
        path_matches=tuple(_merge(path_ranges)),
    )


def _find_all(regex: Any, text: str) -> Ranges:
    return [(m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start()]


def _merge(ranges: Ranges) -> Ranges:
    """Sort (start, end) ranges and merge overlaps; return (start, length) pairs."""
    merged: Ranges = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [(start, end - start) for start, end in merged]


def _line_bounds(doc: Document, line: int) -> tuple[int, int]:
    """Start and end offsets of a 0-based line, without its newline."""
    starts = doc.line_starts
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(doc.text)
    return starts[line], end


def _line_matches(doc: Document, ranges: Ranges) -> tuple[LineMatch, ...]:
    by_line: dict[int, Ranges] = {}
    for start, end in ranges:
        line = bisect_right(doc.line_starts, start) - 1
        line_start, line_end = _line_bounds(doc, line)
        by_line.setdefault(line, []).append((start - line_start, min(end, line_end) - line_start))
    out: list[LineMatch] = []
    for line in sorted(by_line):
        line_start, line_end = _line_bounds(doc, line)
        text = doc.text[line_start:line_end].rstrip("\r")
        merged = [(s, n) for s, n in _merge(by_line[line]) if n > 0]
        if merged:
            out.append(LineMatch(line=text, line_number=line, offset_and_lengths=tuple(merged)))
    return tuple(out)


def _repo_named(query: Query, repo: Repository) -> bool:
    """`type:repo`: the repository's name matches the query's patterns (and its filters)."""
    if query.condition is not None:
        return _name_holds(query.condition, repo, query.case_sensitive)
    if not _repo_selected(repo.name, query.filters):
        return False
    return all(
        compile_re2(t.pattern, case_sensitive=query.case_sensitive).search(repo.name) is not None
        for t in query.terms
    )


def _name_holds(condition: Condition, repo: Repository, case: bool) -> bool:
    if isinstance(condition, PatternTest):
        regex = compile_re2(condition.term.pattern, case_sensitive=case)
        return regex.search(repo.name) is not None
    if isinstance(condition, FilterTest):
        return not condition.field.startswith("repo") or _filter_holds(condition, repo, None, case)
    if isinstance(condition, NoneOf):
        return not _name_holds(condition.part, repo, case)
    values = [_name_holds(part, repo, case) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)


def _selected(matches: Any, select: Select) -> Any:
    """Keep what `select:` asks for, each result once, in order."""
    seen: set[tuple[str, str]] = set()
    for match in matches:
        if select is Select.REPO:
            key = (match.repository, "")
            if key not in seen:
                seen.add(key)
                yield RepositoryMatch(
                    repository=match.repository, repository_id=match.repository_id
                )
            continue
        if not isinstance(match, FileMatch):
            continue
        if select is Select.CONTENT:
            if match.line_matches:
                yield match
            continue
        path = match.path
        if select is Select.FILE_DIRECTORY:
            path = path.rsplit("/", 1)[0] + "/" if "/" in path else "/"
        if (match.repository, path) not in seen:
            seen.add((match.repository, path))
            yield FileMatch(
                repository=match.repository,
                repository_id=match.repository_id,
                commit=match.commit,
                path=path,
                language=match.language if select is Select.FILE else None,
            )


def _timeout_skipped(query: Query) -> Skipped:
    return Skipped(
        reason="shard-timeout",
        title="timeout",
        message=f"The search stopped after the {query.timeout_seconds:g} s timeout.",
        severity="warn",
        suggested={"title": "give it more time", "queryExpression": "timeout:60s"},
    )


def _limit_skipped(query: Query) -> Skipped:
    return Skipped(
        reason="shard-match-limit",
        title="result limit hit",
        message=f"Not all results were returned: the search stopped after {query.count} matches.",
        suggested={"title": "show every result", "queryExpression": "count:all"},
    )
