"""Build the practice corpus: the shipped sources as git repositories, with fixed commit hashes.

The sources live in `corpus_src/<host>/<org>/<name>/`. Each becomes a git repository at the same
relative path, committed with a fixed author, committer and date and with the user's git
configuration shut out, so every build yields the same commit hashes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import platformdirs

from kit.errors import CorpusError

SOURCES = Path(__file__).parent / "corpus_src"
CORPUS_ENV = "SGKIT_CORPUS"
_COMMIT_DATE = "2025-01-15T10:00:00+00:00"
_AUTHOR = ("Acme Platform Team", "platform@acme.example")


def source_repositories(sources: Path = SOURCES) -> list[Path]:
    """The repository source folders, at `<host>/<org>/<name>/` under `sources`."""
    return sorted(p for p in sources.glob("*/*/*") if p.is_dir())


@lru_cache(maxsize=8)
def sources_digest(sources: Path = SOURCES) -> str:
    """A short hash of every source file's path and bytes: names a build of these sources.

    Cached per process: the shipped sources do not change while the kit runs.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in sources.rglob("*") if p.is_file()):
        digest.update(path.relative_to(sources).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _git_env() -> dict[str, str]:
    name, email = _AUTHOR
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=_COMMIT_DATE,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        GIT_COMMITTER_DATE=_COMMIT_DATE,
    )
    return env


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "core.fileMode=false", "-c", "core.autocrlf=false", *args],
        cwd=repo,
        env=_git_env(),
        check=True,
        capture_output=True,
    )


def build_corpus(dest: Path, sources: Path = SOURCES) -> Path:
    """Build the corpus into `dest` (which must not exist) and return it."""
    if dest.exists():
        raise CorpusError("already exists; remove it or choose another folder", where=dest)
    repos = source_repositories(sources)
    if not repos:
        raise CorpusError("no repository sources at <host>/<org>/<name>/", where=sources)
    for source in repos:
        name = source.relative_to(sources).as_posix()
        repo = dest / name
        shutil.copytree(source, repo)
        _git(repo, "init", "--quiet", "--initial-branch=main")
        _git(repo, "add", "--all")
        _git(repo, "commit", "--quiet", "--no-verify", "-m", f"Initial import of {name}")
    return dest


def default_corpus() -> Path:
    """The practice corpus folder: `$SGKIT_CORPUS`, or a cached build of the shipped sources."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    target = Path(platformdirs.user_cache_dir("sgkit")) / f"practice-corpus-{sources_digest()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="building-", dir=target.parent))
        build_corpus(scratch / "corpus")
        try:
            (scratch / "corpus").rename(target)  # atomic: a parallel build may have won
        except OSError:
            if not target.exists():
                raise
        shutil.rmtree(scratch, ignore_errors=True)
    return target
