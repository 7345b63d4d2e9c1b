"""The practice backend: search a corpus folder through the kit's own engine."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kit.search.corpus import Corpus, find_repositories, read_corpus
from kit.search.engine import run_query
from kit.search.query import Query, parse_query
from kit.search.results import SearchResults


class PracticeBackend:
    """Answers Sourcegraph queries over a local corpus, as a Sourcegraph instance would.

    A backend's corpus never changes (`open_corpus` makes a new backend when a repository's HEAD
    moves) and results are immutable, so results of query texts are cached: graders run the
    same reference and example queries for every learner.
    """

    cache_size = 2048

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._cache: dict[str, SearchResults] = {}

    def search(self, query: str | Query) -> SearchResults:
        """Run `query` (text or parsed) and return its results."""
        if not isinstance(query, str):
            return run_query(self.corpus, query)
        cached = self._cache.get(query)
        if cached is None:
            cached = run_query(self.corpus, parse_query(query))
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[query] = cached
        return cached


_OPENED: dict[Path, tuple[tuple[str, ...], PracticeBackend]] = {}


def head_commit(repo: Path) -> str:
    """The commit HEAD points to, read from `.git` files (no subprocess), or via git if unusual."""
    git_dir = repo / ".git"
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head  # detached HEAD
        ref = head.removeprefix("ref: ")
        ref_file = git_dir / ref
        if ref_file.is_file():
            return ref_file.read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(f" {ref}"):
                return line.split(" ", 1)[0]
    except OSError:
        pass
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip()


def _heads(root: Path) -> tuple[str, ...]:
    return tuple(f"{repo.name}@{head_commit(repo)}" for repo in find_repositories(root))


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
