"""Flat file and path search, and the helpers every file search shares: the candidate documents
the index names, the `file:`/`lang:` selection and the file result."""

from __future__ import annotations

from typing import Any

from kit.search.corpus import Document, Repository
from kit.search.index_store import SearchIndex
from kit.search.lines import find_all, line_matches, merge
from kit.search.literals import required_literals
from kit.search.query import Query, ResultType, Term
from kit.search.regex import compile_bytes, compile_re2
from kit.search.results import FileMatch
from kit.search.trigrams import fold_bytes

Ranges = list[tuple[int, int]]


def documents(index: SearchIndex, repos: list[Repository], ids: list[int] | None) -> Any:
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


def intersection(sets: list[list[int] | None]) -> list[int] | None:
    """Sorted ids in every known set (None stands for any id; all None gives None)."""
    known = [set(ids) for ids in sets if ids is not None]
    if not known:
        return None
    return sorted(set.intersection(*known))


def file_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """A flat query's file and path results: files where every term matches content or path."""
    want_content = query.result_type is not ResultType.PATH
    want_path = query.result_type is not ResultType.FILE
    terms = [_CompiledTerm(t, query.case_sensitive) for t in query.terms]
    ids = intersection(
        [
            index.candidates(t.pattern, content=want_content, path=want_path and not t.content_only)
            for t in query.terms
        ]
    )
    selected = FileSelection(query)
    for repo, doc in documents(index, repos, ids):
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
            yield file_match(repo, doc, content_ranges, path_ranges)


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


def file_match(repo: Repository, doc: Document, content: Ranges, path: Ranges) -> FileMatch:
    """The file result for `doc`, highlighting content byte ranges and path ranges."""
    return FileMatch(
        repository=repo.name,
        repository_id=repo.id,
        commit=repo.commit,
        path=doc.path,
        language=doc.language.name if doc.language else None,
        line_matches=line_matches(doc.data, content),
        path_matches=tuple(merge(path)),
    )


class FileSelection:
    """A flat query's `file:` and `lang:` filters, compiled once per search."""

    def __init__(self, query: Query) -> None:
        filters, case = query.filters, query.case_sensitive
        self.include = [compile_re2(p, case_sensitive=case) for p in filters.file_include]
        self.exclude = [compile_re2(p, case_sensitive=case) for p in filters.file_exclude]
        self.languages = filters.lang_include
        self.not_languages = filters.lang_exclude
        self.trivial = not (self.include or self.exclude or self.languages or self.not_languages)

    def __call__(self, doc: Document) -> bool:
        """Whether `doc` passes the filters."""
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
