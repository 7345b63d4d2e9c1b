"""Sourcegraph's query language over a practice corpus: parse, search, and Sourcegraph's result shapes.

backend = open_corpus("path/to/corpus")
results = backend.search("lang:python TODO")
"""

from kit.search.backend import PracticeBackend, open_corpus
from kit.search.live import LiveBackend
from kit.search.query import PatternType, Query, parse_query
from kit.search.results import (
    CommitMatch,
    FileMatch,
    LineMatch,
    Progress,
    RepositoryMatch,
    Searcher,
    SearchResults,
    Skipped,
    SymbolMatch,
)

__all__ = [
    "CommitMatch",
    "FileMatch",
    "LineMatch",
    "LiveBackend",
    "PatternType",
    "PracticeBackend",
    "Progress",
    "Query",
    "RepositoryMatch",
    "SearchResults",
    "Searcher",
    "Skipped",
    "SymbolMatch",
    "open_corpus",
    "parse_query",
]
