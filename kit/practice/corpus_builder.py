"""Build the practice corpus: the shipped sources as git repositories, with fixed commit hashes.

The sources live in `corpus_src/`:

    <host>/<org>/<name>/   each repository's files as they are at the tip of `main`
    history/*.yaml         how each repository got there (see `kit.practice.history`)
    authors.yaml           the people who wrote those commits
    corpus.yaml            repository metadata (see `kit.search.repo_metadata`)
    findings.yaml          the planted security findings (see `kit.practice.findings`)

Each repository is written with `git fast-import` from its replayed history (a repository
without a history file gets one commit of its files), with the user's git configuration shut
out, so every build yields the same commit hashes. `corpus.yaml` and `findings.yaml` are copied
to the corpus root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import platformdirs

from kit.errors import ConfigError, CorpusError
from kit.practice.findings import FINDINGS_FILE, read_findings_file
from kit.practice.git import run_git
from kit.practice.history import (
    HistoryFile,
    Person,
    RepositoryPlan,
    Tree,
    load_history,
    load_people,
    plan_history,
    single_commit_plan,
)
from kit.search.repo_metadata import METADATA_FILE, read_metadata_file

SOURCES = Path(__file__).parent / "corpus_src"
CORPUS_ENV = "SGKIT_CORPUS"
HISTORY_DIR = "history"
AUTHORS_FILE = "authors.yaml"
_IMPORT_DATE = datetime.fromisoformat("2025-01-15T10:00:00+00:00")
_IMPORT_AUTHOR = Person("Acme Platform Team", "platform@acme.example")


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


def source_tree(source: Path) -> Tree:
    """Every file under one repository's source folder: relative path -> bytes."""
    return {
        p.relative_to(source).as_posix(): p.read_bytes()
        for p in sorted(source.rglob("*"))
        if p.is_file()
    }


def repository_plans(sources: Path = SOURCES) -> list[RepositoryPlan]:
    """The commits and tags of every repository, replayed from the sources and checked."""
    repos = source_repositories(sources)
    if not repos:
        raise CorpusError("no repository sources at <host>/<org>/<name>/", where=sources)
    names = [source.relative_to(sources).as_posix() for source in repos]
    histories = _history_files(sources, names)
    people = load_people(sources / AUTHORS_FILE) if histories else {}
    plans = []
    for name, source in zip(names, repos, strict=True):
        tree = source_tree(source)
        if name in histories:
            where, history = histories[name]
            plans.append(plan_history(history, tree, people, where))
        else:
            plans.append(single_commit_plan(name, tree, _IMPORT_AUTHOR, _IMPORT_DATE))
    return plans


def _history_files(sources: Path, names: list[str]) -> dict[str, tuple[Path, HistoryFile]]:
    """Each repository's history file; every file names a repository that has sources."""
    found: dict[str, tuple[Path, HistoryFile]] = {}
    for path in sorted((sources / HISTORY_DIR).glob("*.yaml")):
        history = load_history(path)
        name = history.repository
        if name not in names:
            raise ConfigError(f"field 'repository': no source folder {name}/", where=path)
        if name in found:
            raise ConfigError(f"{name} already has a history in {found[name][0].name}", where=path)
        found[name] = (path, history)
    return found


def _quoted(path: str) -> bytes:
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'.encode()


def _ident(person: Person, when: datetime) -> bytes:
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"{person.name} <{person.email}> {int(when.timestamp())} {zone}".encode()


def _data(content: bytes) -> bytes:
    return b"data %d\n" % len(content) + content + b"\n"


def fast_import_stream(plan: RepositoryPlan) -> bytes:
    """The `git fast-import` input that writes every commit and tag of `plan`."""
    out = bytearray()
    for mark, commit in enumerate(plan.commits, start=1):
        ident = _ident(commit.author, commit.date)
        out += b"commit refs/heads/%s\nmark :%d\n" % (commit.branch.encode(), mark)
        out += b"author " + ident + b"\ncommitter " + ident + b"\n"
        out += _data(commit.message.encode())
        if commit.parents:
            out += b"from :%d\n" % (commit.parents[0] + 1)
        for parent in commit.parents[1:]:
            out += b"merge :%d\n" % (parent + 1)
        for path, content in commit.changes:
            if content is None:
                out += b"D " + _quoted(path) + b"\n"
            else:
                out += b"M 100644 inline " + _quoted(path) + b"\n" + _data(content)
        out += b"\n"
    for tag in plan.tags:
        out += b"tag %s\nfrom :%d\n" % (tag.name.encode(), tag.commit + 1)
        out += b"tagger " + _ident(tag.tagger, tag.date) + b"\n" + _data(tag.message.encode())
    return bytes(out + b"done\n")


def build_corpus(dest: Path, sources: Path = SOURCES) -> Path:
    """Build the corpus into `dest` (which must not exist) and return it."""
    if dest.exists():
        raise CorpusError("already exists; remove it or choose another folder", where=dest)
    plans = repository_plans(sources)
    read_metadata_file(sources / METADATA_FILE, [plan.name for plan in plans])
    if (sources / FINDINGS_FILE).is_file():
        read_findings_file(sources / FINDINGS_FILE)
    for plan in plans:
        repo = dest / plan.name
        repo.mkdir(parents=True)
        run_git(repo, "init", "--quiet", "--initial-branch=main")
        run_git(repo, "fast-import", "--quiet", "--done", data=fast_import_stream(plan))
        run_git(repo, "reset", "--quiet", "--hard")
    for name in (METADATA_FILE, FINDINGS_FILE):
        if (sources / name).is_file():
            shutil.copyfile(sources / name, dest / name)
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
