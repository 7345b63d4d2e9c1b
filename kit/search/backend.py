"""The practice backend: search a corpus folder through the kit's own engine."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kit.search.corpus import Corpus, find_repositories, read_corpus
from kit.search.engine import run_query
from kit.search.query import Query, parse_query
from kit.search.results import SearchResults


class PracticeBackend:
    """Answers Sourcegraph queries over a local corpus, as a Sourcegraph instance would."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def search(self, query: str | Query) -> SearchResults:
        """Run `query` (text or parsed) and return its results."""
        parsed = parse_query(query) if isinstance(query, str) else query
        return run_query(self.corpus, parsed)


_OPENED: dict[Path, tuple[tuple[str, ...], PracticeBackend]] = {}


def _heads(root: Path) -> tuple[str, ...]:
    heads: list[str] = []
    for repo in find_repositories(root):
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True
        )
        heads.append(f"{repo.name}@{done.stdout.strip()}")
    return tuple(heads)


def open_corpus(path: str | Path) -> PracticeBackend:
    """Open the corpus folder at `path` for searching; reread only when a repository's HEAD moved."""
    root = Path(path).resolve()
    heads = _heads(root) if root.is_dir() else ()
    cached = _OPENED.get(root)
    if cached is not None and cached[0] == heads:
        return cached[1]
    backend = PracticeBackend(read_corpus(root))
    _OPENED[root] = (heads, backend)
    return backend
