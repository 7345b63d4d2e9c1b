"""A corpus: a folder of git repositories at `<host>/<org>/<name>/`, read at their HEAD commit."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kit.errors import CorpusError
from kit.search.languages import Language, detect_language

MAX_FILE_BYTES = 1_000_000
"""Sourcegraph skips files over 1 MB unless `search.largeFiles` names them."""


@dataclass(frozen=True)
class Document:
    """One text file of a repository at HEAD."""

    path: str
    text: str

    @cached_property
    def language(self) -> Language | None:
        """The file's language, detected from its name."""
        return detect_language(self.path)

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offsets where each line begins, for mapping a match to its line."""
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        return tuple(starts)


@dataclass(frozen=True)
class Repository:
    """A repository as Sourcegraph names it (`github.com/acme/billing`) and its files at HEAD."""

    id: int
    name: str
    commit: str
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class Corpus:
    """The repositories under one corpus folder, sorted by name."""

    root: Path
    repositories: tuple[Repository, ...]

    @property
    def signature(self) -> tuple[tuple[str, str], ...]:
        """(name, HEAD commit) of every repository: changes whenever the corpus does."""
        return tuple((r.name, r.commit) for r in self.repositories)


def find_repositories(root: Path) -> list[Path]:
    """Return the git repositories at `<host>/<org>/<name>/` under `root`, sorted."""
    return sorted(p.parent for p in root.glob("*/*/*/.git"))


def read_corpus(root: Path) -> Corpus:
    """Read every repository under `root` at its HEAD commit."""
    if not root.is_dir():
        raise CorpusError("corpus folder not found", where=root)
    repo_dirs = find_repositories(root)
    if not repo_dirs:
        raise CorpusError("no git repositories at <host>/<org>/<name>/ in this folder", where=root)
    repositories = tuple(
        _read_repository(index, path, root) for index, path in enumerate(repo_dirs, start=1)
    )
    return Corpus(root=root, repositories=repositories)


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=True
        )
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else str(exc)
        raise CorpusError(f"git {args[0]} failed: {detail}", where=repo) from None
    return done.stdout


def _read_repository(repo_id: int, path: Path, root: Path) -> Repository:
    commit = _git(path, "rev-parse", "--verify", "HEAD").decode().strip()
    listing = _git(path, "ls-tree", "-r", "-z", "--full-tree", "-l", "HEAD")
    blobs: list[tuple[str, str]] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, file_path = entry.partition(b"\t")
        _mode, kind, oid, size = meta.split()
        if kind == b"blob" and size != b"-" and int(size) <= MAX_FILE_BYTES:
            blobs.append((oid.decode(), file_path.decode("utf-8", "replace")))
    documents = tuple(
        Document(path=file_path, text=text)
        for file_path, text in zip(
            (p for _, p in blobs), _read_blobs(path, [oid for oid, _ in blobs]), strict=True
        )
        if text is not None
    )
    return Repository(
        id=repo_id, name=path.relative_to(root).as_posix(), commit=commit, documents=documents
    )


def _read_blobs(repo: Path, oids: list[str]) -> list[str | None]:
    """Read blobs in one `git cat-file --batch` call; binary files come back as None."""
    if not oids:
        return []
    out = _git(repo, "cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    texts: list[str | None] = []
    pos = 0
    for _ in oids:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        body = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        texts.append(None if b"\0" in body[:8000] else body.decode("utf-8", "replace"))
    return texts
