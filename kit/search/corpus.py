"""A corpus: a folder of git repositories at `<host>/<org>/<name>/`, read at their HEAD commit."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kit.errors import CorpusError
from kit.search.languages import Language, detect_language
from kit.search.repo_metadata import RepoMetadata
from kit.search.trigrams import fold_bytes, fold_resizes

MAX_FILE_BYTES = 1_000_000
"""Sourcegraph skips files over 1 MB unless `search.largeFiles` names them."""


@dataclass(frozen=True, eq=False)
class Document:
    """One text file of a repository at HEAD, as UTF-8 (invalid bytes already replaced)."""

    path: str
    data: bytes

    @cached_property
    def text(self) -> str:
        """The file's text."""
        return self.data.decode("utf-8")

    @cached_property
    def folded(self) -> bytes:
        """The UTF-8 of the case-folded text, for quick case-insensitive literal checks."""
        return self.data.lower() if self.data.isascii() else fold_bytes(self.text)

    @cached_property
    def folded_aligned(self) -> bool:
        """True when `folded` keeps every byte offset of `data` (no fold changed a length)."""
        return self.data.isascii() or not set(self.text) & fold_resizes()

    @cached_property
    def language(self) -> Language | None:
        """The file's language, detected from its name."""
        return detect_language(self.path)


@dataclass(frozen=True)
class Repository:
    """A repository as Sourcegraph names it (`github.com/acme/billing`) and its files at HEAD."""

    id: int
    name: str
    commit: str
    documents: tuple[Document, ...]
    meta: RepoMetadata = field(default_factory=RepoMetadata)
    """What the code host says about it (`corpus.yaml`): fork, archived, private, topics..."""
    directory: Path | None = field(default=None, compare=False)
    """Its git folder, for history (commit search, `repo:has.commit.after()`)."""


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
    return read_repository_at(repo_id, path, root, "HEAD")


def read_repository_at(repo_id: int, path: Path, root: Path, revision: str) -> Repository:
    """The repository at `path` (named by its place under `root`) with its files at `revision`."""
    commit = _git(path, "rev-parse", "--verify", f"{revision}^{{commit}}").decode().strip()
    listing = _git(path, "ls-tree", "-r", "-z", "--full-tree", "-l", commit)
    blobs: list[tuple[str, str]] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, file_path = entry.partition(b"\t")
        _mode, kind, oid, size = meta.split()
        if kind == b"blob" and size != b"-" and int(size) <= MAX_FILE_BYTES:
            blobs.append((oid.decode(), file_path.decode("utf-8", "replace")))
    documents = tuple(
        Document(path=file_path, data=data)
        for file_path, data in zip(
            (p for _, p in blobs), _read_blobs(path, [oid for oid, _ in blobs]), strict=True
        )
        if data is not None
    )
    return Repository(
        id=repo_id,
        name=path.relative_to(root).as_posix(),
        commit=commit,
        documents=documents,
        directory=path,
    )


def _read_blobs(repo: Path, oids: list[str]) -> list[bytes | None]:
    """Read blobs in one `git cat-file --batch` call: UTF-8 text (invalid sequences replaced),
    or None for a binary file."""
    if not oids:
        return []
    out = _git(repo, "cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    texts: list[bytes | None] = []
    pos = 0
    for _ in oids:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        body = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        texts.append(None if b"\0" in body[:8000] else _valid_utf8(body))
    return texts


def _valid_utf8(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace").encode("utf-8")
    return data


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


def corpus_heads(root: Path) -> tuple[str, ...]:
    """`name@commit` for every repository under `root`: changes whenever the corpus does."""
    if not root.is_dir():
        return ()
    return tuple(
        f"{repo.relative_to(root).as_posix()}@{head_commit(repo)}"
        for repo in find_repositories(root)
    )
