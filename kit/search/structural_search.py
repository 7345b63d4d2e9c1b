"""`patterntype:structural` over the corpus: files where the query's Comby template matches."""

from __future__ import annotations

from typing import Any

from kit.search.corpus import Repository
from kit.search.file_search import FileSelection, Ranges, documents, file_match, intersection
from kit.search.index_store import SearchIndex
from kit.search.query import Query
from kit.search.regex import literal_pattern
from kit.search.structural import (
    structural_language,
    structural_matches,
    structural_required_literals,
)


def structural_file_matches(index: SearchIndex, repos: list[Repository], query: Query) -> Any:
    """`patterntype:structural`: files where the Comby template matches, each whole match
    highlighted. The index narrows to files holding every literal the template needs."""
    (term,) = query.terms
    lang = query.filters.lang_include[0].name if query.filters.lang_include else None
    ids = intersection(
        [
            index.candidates(literal_pattern(text), content=True, path=False)
            for text in structural_required_literals(term.text)
        ]
    )
    selected = FileSelection(query)
    for repo, doc in documents(index, repos, ids):
        if not selected(doc):
            continue
        language = structural_language(doc.path, lang)
        spans = structural_matches(term.text, doc.text, language=language)
        if spans:
            yield file_match(repo, doc, _utf8_ranges(doc.text, spans), [])


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
