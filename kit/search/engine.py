"""Run a parsed query over an indexed corpus: select repositories and files, match terms, count,
limit. The trigram index names the documents that can match; only those are searched."""

from __future__ import annotations

import itertools
import time
from typing import Any

from kit.search.corpus import Document, Repository
from kit.search.history_search import commit_matches
from kit.search.index_store import SearchIndex
from kit.search.limits import limit_skipped, timeout_skipped, trimmed
from kit.search.lines import find_all, line_matches, merge
from kit.search.literals import required_literals
from kit.search.query import (
    AllOf,
    Condition,
    FilterSet,
    FilterTest,
    NoneOf,
    PatternTest,
    PatternType,
    Query,
    ResultType,
    Select,
    Term,
)
from kit.search.regex import compile_bytes, compile_re2, literal_pattern
from kit.search.repo_predicates import repo_predicate_holds
from kit.search.results import (
    CommitMatch,
    FileMatch,
    Match,
    Progress,
    RepositoryMatch,
    SearchResults,
    Skipped,
    SymbolMatch,
)
from kit.search.revision_search import on_default_branch, revision_indexes
from kit.search.structural import (
    structural_language,
    structural_matches,
    structural_required_literals,
)
from kit.search.trigrams import fold_bytes

Ranges = list[tuple[int, int]]


def run_query(index: SearchIndex, query: Query) -> SearchResults:
    """Search `index` for `query` and return the matches and progress, in repository/path order."""
    started = time.perf_counter()
    repos = [
        r
        for r in index.corpus.repositories
        if _repo_state_allowed(r, query) and _repo_selected(r.name, query.filters)
    ]
    notices: list[Skipped] = []
    if query.result_type is not None and query.result_type.searches_history:
        candidates: Any = commit_matches(index.corpus.root, repos, query, notices)
    elif query.revisions:
        candidates = _at_revisions(index, repos, query, notices)
    else:
        candidates = _matches(index, repos, query)
    if query.select is not None:
        candidates = _selected(candidates, query.select, {r.name: r for r in repos})

    deadline = started + query.timeout_seconds if query.timeout_seconds else None
    matches: list[Match] = []
    total = 0
    limit_hit = timed_out = False
    for match in candidates:
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            break
        if match.match_count > query.count - total:
            match = trimmed(match, query.count - total)
        matches.append(match)
        total += match.match_count
        if total >= query.count:
            limit_hit = True
            break

    skipped = tuple(notices) + ((limit_skipped(query),) if limit_hit else ())
    if timed_out:
        skipped += (timeout_skipped(query),)
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


def _matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """The results of a file, path, symbol or repository search over `repos` in `index`."""
    if query.result_type is ResultType.REPO:
        return _repository_matches([r for r in repos if _repo_named(query, r)])
    if query.result_type is ResultType.SYMBOL:
        return _symbol_matches(index, repos, query)
    if query.pattern_type is PatternType.STRUCTURAL:
        return _structural_matches(index, repos, query)
    if query.condition is not None:
        if query.repo_only:
            return _repository_matches([r for r in repos if _repo_holds(query.condition, r)])
        return _condition_matches(index, repos, query, query.condition)
    if query.repo_only:
        return _repository_matches(repos)
    if _names_repositories_too(query):
        named = [r for r in repos if _repo_named(query, r)]
        return itertools.chain(_repository_matches(named), _file_matches(index, repos, query))
    return _file_matches(index, repos, query)


def _names_repositories_too(query: Query) -> bool:
    """Without `type:`, `file:` or `lang:`, patterns also find repositories by name, as
    Sourcegraph's `computeResultTypes` adds repository search to file and path search."""
    filters = query.filters
    return bool(
        query.terms
        and query.result_type is None
        and not (filters.file_include or filters.file_exclude)
        and not (filters.lang_include or filters.lang_exclude)
        and not any(term.content_only or term.structural for term in query.terms)
    )


def _at_revisions(
    index: SearchIndex, repos: list[Repository], query: Query, notices: list[Skipped]
) -> Any:
    """Results at the revisions the query names: the corpus index serves default branches, a
    per-commit index every other revision."""
    on_default = [r for r in repos if on_default_branch(query.revisions.for_repository(r.name))]
    yield from _matches(index, on_default, query)
    for repo in repos:
        revisions = query.revisions.for_repository(repo.name)
        if on_default_branch(revisions):
            continue
        if any(rev in ("", "HEAD") for rev in revisions):
            yield from _matches(index, [repo], query)
        for at in revision_indexes(index.corpus.root, repo, revisions, notices):
            yield from _matches(at, list(at.corpus.repositories), query)


def _repo_state_allowed(repo: Repository, query: Query) -> bool:
    """`fork:`, `archived:` (no, yes or only) and `visibility:` (any, public or private)."""
    meta = repo.meta
    for flag, wanted in ((meta.fork, query.fork), (meta.archived, query.archived)):
        if (wanted == "no" and flag) or (wanted == "only" and not flag):
            return False
    return query.visibility == "any" or (query.visibility == "private") == meta.private


def _repository_match(repo: Repository) -> RepositoryMatch:
    meta = repo.meta
    return RepositoryMatch(
        repository=repo.name,
        repository_id=repo.id,
        description=meta.description,
        stars=meta.stars,
        fork=meta.fork,
        archived=meta.archived,
        private=meta.private,
    )


def _repository_matches(repos: list[Repository]) -> Any:
    for repo in repos:
        yield _repository_match(repo)


def _documents(index: SearchIndex, repos: list[Repository], ids: list[int] | None) -> Any:
    """(repository, document) pairs of the selected repositories, only `ids` when given."""
    if ids is None:
        for repo in repos:
            for doc in repo.documents:
                yield repo, doc
        return
    selected = {repo.id for repo in repos}
    for doc_id in ids:
        repo = index.repository_of[doc_id]
        if repo.id in selected:
            yield repo, index.documents[doc_id]


def _intersection(sets: list[list[int] | None]) -> list[int] | None:
    known = [set(ids) for ids in sets if ids is not None]
    if not known:
        return None
    return sorted(set.intersection(*known))


def _file_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    want_content = query.result_type is not ResultType.PATH
    want_path = query.result_type is not ResultType.FILE
    terms = [_CompiledTerm(t, query.case_sensitive) for t in query.terms]
    ids = _intersection(
        [
            index.candidates(t.pattern, content=want_content, path=want_path and not t.content_only)
            for t in query.terms
        ]
    )
    selected = _FileSelection(query)
    for repo, doc in _documents(index, repos, ids):
        if not selected(doc):
            continue
        content_ranges: Ranges = []
        path_ranges: Ranges = []
        for term in terms:
            in_content = term.content_ranges(doc) if want_content else []
            in_path = find_all(term.in_path, doc.path) if want_path and term.in_paths else []
            if not in_content and not in_path:
                break  # keyword search ANDs its terms over the whole file
            content_ranges.extend(in_content)
            path_ranges.extend(in_path)
        else:
            yield _file_match(repo, doc, content_ranges, path_ranges)


def _structural_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """`patterntype:structural`: files where the Comby template matches, each whole match
    highlighted. The index narrows to files holding every literal the template needs."""
    (term,) = query.terms
    lang = query.filters.lang_include[0].name if query.filters.lang_include else None
    ids = _intersection(
        [
            index.candidates(literal_pattern(text), content=True, path=False)
            for text in structural_required_literals(term.text)
        ]
    )
    selected = _FileSelection(query)
    for repo, doc in _documents(index, repos, ids):
        if not selected(doc):
            continue
        language = structural_language(doc.path, lang)
        spans = structural_matches(term.text, doc.text, language=language)
        if spans:
            yield _file_match(repo, doc, _utf8_ranges(doc.text, spans), [])


def _utf8_ranges(text: str, spans: list[tuple[int, int]]) -> Ranges:
    """Character spans of `text` as byte ranges of its UTF-8 encoding (spans in order)."""
    out: Ranges = []
    chars = octets = 0
    for start, end in spans:
        octets += len(text[chars:start].encode("utf-8", "surrogatepass"))
        begin = octets
        octets += len(text[start:end].encode("utf-8", "surrogatepass"))
        chars = end
        out.append((begin, octets))
    return out


class _CompiledTerm:
    """One pattern compiled for contents (bytes) and paths, with the literals its matches hold."""

    def __init__(self, term: Term, case_sensitive: bool) -> None:
        pattern = term.pattern
        self.in_content = compile_bytes(pattern, case_sensitive=case_sensitive)
        self.in_path = compile_re2(pattern, case_sensitive=case_sensitive)
        self.in_paths = not term.content_only
        self.case_sensitive = case_sensitive
        literals = [term.text] if not term.is_regex else required_literals(pattern)
        self.literals = [_needle(lit, case_sensitive) for lit in literals if lit]
        self.exact = _needle(term.text, case_sensitive) if term.text and not term.is_regex else None

    def content_ranges(self, doc: Document) -> Ranges:
        """Byte ranges where the pattern matches the document (`bytes.find` rules most out)."""
        text = doc.data if self.case_sensitive else doc.folded
        if self.exact and (self.case_sensitive or doc.folded_aligned):
            return _occurrences(text, self.exact)  # the fold kept every offset
        if not all(lit in text for lit in self.literals):
            return []
        return find_all(self.in_content, doc.data)


def _needle(text: str, case_sensitive: bool) -> bytes:
    return text.encode("utf-8", "surrogatepass") if case_sensitive else fold_bytes(text)


def _occurrences(text: bytes, needle: bytes) -> Ranges:
    """Leftmost non-overlapping occurrences, as a regex for the literal finds them."""
    found: Ranges = []
    at = text.find(needle)
    while at >= 0:
        found.append((at, at + len(needle)))
        at = text.find(needle, at + len(needle))
    return found


def _file_match(repo: Repository, doc: Document, content: Ranges, path: Ranges) -> FileMatch:
    return FileMatch(
        repository=repo.name,
        repository_id=repo.id,
        commit=repo.commit,
        path=doc.path,
        language=doc.language.name if doc.language else None,
        line_matches=line_matches(doc.data, content),
        path_matches=tuple(merge(path)),
    )


def _condition_matches(
    index: SearchIndex, repos: list[Repository], query: Query, condition: Condition
) -> Any:
    """Files for which a boolean query holds, highlighted where its patterns matched."""
    ids = _condition_candidates(index, condition, query)
    for repo, doc in _documents(index, repos, ids):
        holds, content, path = _evaluate(condition, repo, doc, query)
        if holds:
            yield _file_match(repo, doc, content, path)


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
        return _intersection(parts)
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
        return repo_predicate_holds(test, repo)
    if doc is None:
        return True
    if test.field == "file":
        return compile_re2(test.regex, case_sensitive=case).search(doc.path) is not None
    if test.field == "file:has.content":
        return compile_bytes(test.regex, case_sensitive=case).search(doc.data) is not None
    return doc.language == test.language


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


class _FileSelection:
    """A flat query's `file:` and `lang:` filters, compiled once per search."""

    def __init__(self, query: Query) -> None:
        filters, case = query.filters, query.case_sensitive
        self.include = [compile_re2(p, case_sensitive=case) for p in filters.file_include]
        self.exclude = [compile_re2(p, case_sensitive=case) for p in filters.file_exclude]
        self.languages = filters.lang_include
        self.not_languages = filters.lang_exclude
        self.trivial = not (self.include or self.exclude or self.languages or self.not_languages)

    def __call__(self, doc: Document) -> bool:
        if self.trivial:
            return True
        path = doc.path
        if not all(r.search(path) for r in self.include) or any(
            r.search(path) for r in self.exclude
        ):
            return False
        language = doc.language
        if self.languages and any(lang != language for lang in self.languages):
            return False
        return not (language is not None and language in self.not_languages)


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


def _symbol_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """`type:symbol`: per file, the symbols whose names match every pattern (and the kind
    `select:symbol.<kind>` names); files are scoped by the query's repo, file and lang filters."""
    case = query.case_sensitive
    names = [compile_re2(t.pattern, case_sensitive=case) for t in query.terms]
    selected = _FileSelection(query)
    doc_id = 0
    ids = {repo.id for repo in repos}
    for repo in index.corpus.repositories:
        for doc in repo.documents:
            doc_id += 1
            if repo.id not in ids or not selected(doc):
                continue
            found = tuple(
                symbol
                for symbol in index.symbols(doc_id - 1)
                if (query.symbol_kind is None or symbol.kind == query.symbol_kind)
                and (
                    _symbol_holds(query.condition, repo, doc, symbol.name, case)
                    if query.condition is not None
                    else all(regex.search(symbol.name) for regex in names)
                )
            )
            if found:
                yield SymbolMatch(
                    repository=repo.name,
                    repository_id=repo.id,
                    commit=repo.commit,
                    path=doc.path,
                    language=doc.language.name if doc.language else None,
                    symbols=found,
                )


def _symbol_holds(
    condition: Condition, repo: Repository, doc: Document, name: str, case: bool
) -> bool:
    """A boolean query over one symbol: patterns test its name, filters its file."""
    if isinstance(condition, PatternTest):
        return compile_re2(condition.term.pattern, case_sensitive=case).search(name) is not None
    if isinstance(condition, FilterTest):
        return _filter_holds(condition, repo, doc, case)
    if isinstance(condition, NoneOf):
        return not _symbol_holds(condition.part, repo, doc, name, case)
    values = [_symbol_holds(part, repo, doc, name, case) for part in condition.parts]
    return all(values) if isinstance(condition, AllOf) else any(values)


_COMMIT_SELECTS = (Select.COMMIT, Select.COMMIT_DIFF_ADDED, Select.COMMIT_DIFF_REMOVED)


def _selected(matches: Any, select: Select, repos: dict[str, Repository]) -> Any:
    """Keep what `select:` asks for, each result once, in order."""
    seen: set[tuple[str, str]] = set()
    for match in matches:
        if select is Select.SYMBOL:
            if isinstance(match, SymbolMatch):
                yield match  # the kind was applied while matching
            continue
        if select in _COMMIT_SELECTS:
            if isinstance(match, CommitMatch):
                yield match  # added/removed lines were chosen while matching
            continue
        if select is Select.REPO:
            key = (match.repository, "")
            if key not in seen:
                seen.add(key)
                yield _repository_match(repos[match.repository])
            continue
        if not isinstance(match, FileMatch):
            continue
        if select is Select.CONTENT:
            if match.line_matches:
                yield match
            continue
        path = match.path
        if select is Select.FILE_DIRECTORY:
            path = path.rsplit("/", 1)[0] + "/" if "/" in path else "./"
        if (match.repository, path) not in seen:
            seen.add((match.repository, path))
            yield FileMatch(
                repository=match.repository,
                repository_id=match.repository_id,
                commit=match.commit,
                path=path,
                language=match.language if select is Select.FILE else None,
            )
