"""The practice backend: search a corpus folder through the kit's own engine."""

from __future__ import annotations

from pathlib import Path

from kit.errors import CorpusError
from kit.search.corpus import Corpus, corpus_heads
from kit.search.engine import run_query
from kit.search.index_store import SearchIndex, open_index
from kit.search.query import Query, parse_query
from kit.search.repo_metadata import METADATA_FILE
from kit.search.results import SearchResults


class PracticeBackend:
    """Answers Sourcegraph queries over a local corpus, as a Sourcegraph instance would.

    A backend's corpus never changes (`open_corpus` makes a new backend when a repository's HEAD
    moves) and results are immutable, so results of query texts are cached: graders run the
    same reference and example queries for every learner.
    """

    cache_size = 2048

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._cache: dict[str, SearchResults] = {}

    @property
    def corpus(self) -> Corpus:
        """The repositories this backend searches."""
        return self.index.corpus

    def search(self, query: str | Query) -> SearchResults:
        """Run `query` (text or parsed) and return its results."""
        if not isinstance(query, str):
            return run_query(self.index, query)
        cached = self._cache.get(query)
        if cached is None:
            cached = run_query(self.index, parse_query(query))
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[query] = cached
        return cached


_OPENED: dict[Path, tuple[tuple[str, ...], PracticeBackend]] = {}


def _metadata_stamp(root: Path) -> str:
    """Changes when the corpus's `corpus.yaml` does (its metadata is read on open)."""
    try:
        stat = (root / METADATA_FILE).stat()
    except OSError:
        return "no metadata"
    return f"metadata@{stat.st_mtime_ns}:{stat.st_size}"


def open_corpus(path: str | Path) -> PracticeBackend:
    """Open the corpus folder at `path` for searching. The index is built on first use, kept in
    the cache folder (`kit.search.index_store`) and rebuilt when a repository's HEAD moves."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise CorpusError("corpus folder not found", where=root)
    heads = (*corpus_heads(root), _metadata_stamp(root))
    cached = _OPENED.get(root)
    if cached is not None and cached[0] == heads:
        return cached[1]
    backend = PracticeBackend(open_index(root))
    _OPENED[root] = (heads, backend)
    return backend
