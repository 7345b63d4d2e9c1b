"""A repository's history for commit and diff search: read once, kept while its refs stay put.

`read_history(repo_dir)` runs `git log --all -p` once (with the user's git configuration shut
out, rename detection off and `--no-prefix`, as Sourcegraph's gitserver reads diffs) and keeps
the parsed commits in memory, keyed by the repository folder and the contents of its `HEAD` and
refs: a new commit, branch or tag makes the next call read the history again.

Revisions are Sourcegraph's revision specifiers (`repo:x@a:b`, `rev:`):

    (empty) or HEAD     the default branch
    main, v1.4.0        a branch or tag (git's order: refs/<x>, tags, heads, remotes), or a commit
                        id or unique prefix; anything else git understands (`main~2`) via git
    *refs/heads/*       every ref matching the glob (`refs/` is added when missing, and `/*` when
                        the glob has no `*`, `?` or `[`; `*` also matches `/`)
    *!refs/heads/rel*   leave out refs matching this glob (whatever its place in the list)
    ^v1.3.0             leave out commits reachable from this revision
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path

from kit.errors import CorpusError
from kit.search.diffs import FileDiff, Highlight, format_preview, parse_patch

_FORMAT = (
    "%x1e" + "%x00".join(("%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%B")) + "%x00"
)
_LOG_ARGS = (
    "log",
    "--all",
    "-p",
    "--no-prefix",
    "--no-renames",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--unified=3",
    "--diff-algorithm=myers",
    f"--format={_FORMAT}",
)
_HEX = re.compile(r"[0-9a-f]{4,40}")


@dataclass(frozen=True)
class Signature:
    """An author or committer: name, email and the date in UTC."""

    name: str
    email: str
    date: datetime

    @property
    def ident(self) -> str:
        """`Name <email>`, as git shows a person."""
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Commit:
    """One commit: its message without surrounding whitespace, and its diff against its first
    parent (a merge commit has none, as `git log -p` and Sourcegraph show it)."""

    oid: str
    parents: tuple[str, ...]
    author: Signature
    committer: Signature
    message: str
    files: tuple[FileDiff, ...]

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]

    @cached_property
    def preview(self) -> tuple[str, tuple[Highlight, ...]]:
        """The diff preview of every file, as a diff search without patterns shows it."""
        return format_preview([(diff, None) for diff in self.files])


@dataclass(frozen=True)
class Selection:
    """Which commits a list of revisions names: reachable from `tips`, not from `hidden`;
    `missing` are the revisions that name nothing in this repository."""

    tips: tuple[str, ...]
    hidden: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """Every commit reachable from a ref or HEAD, newest first, and the refs pointing into it."""

    repo_dir: Path
    head: str | None
    refs: dict[str, str]
    """Full ref name to the commit it points to (annotated tags peeled)."""
    commits: dict[str, Commit]
    """Commit id to commit, in `git log --all` order: newest first."""
    _rev_parsed: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _position(self) -> dict[str, int]:
        return {oid: index for index, oid in enumerate(self.commits)}

    def select(self, revisions: tuple[str, ...]) -> Selection:
        """Resolve revision specifiers (see the module docstring); none means the default branch."""
        specs = revisions or ("",)
        excluded = [spec[2:] for spec in specs if spec.startswith("*!")]
        tips: list[str] = []
        hidden: list[str] = []
        missing: list[str] = []
        for spec in specs:
            if spec.startswith("*!"):
                continue
            if spec.startswith("*"):
                found = self._glob(spec[1:], excluded)
            elif spec.startswith("^"):
                oid = self._resolve(spec[1:])
                found = [oid] if oid else []
                hidden.extend(found)
                if oid is None:
                    missing.append(spec)
                continue
            else:
                oid = self._resolve(spec)
                found = [oid] if oid else []
            if not found:
                missing.append(spec)
            tips.extend(found)
        return Selection(tuple(dict.fromkeys(tips)), tuple(hidden), tuple(missing))

    def walk(self, selection: Selection) -> Iterator[Commit]:
        """The selected commits, newest first as `git log` lists them."""
        unwanted = self._reachable(selection.hidden)
        wanted = self._reachable(selection.tips) - unwanted
        for oid in sorted(wanted, key=self._position.__getitem__):
            yield self.commits[oid]

    def _reachable(self, tips: tuple[str, ...]) -> set[str]:
        seen: set[str] = set()
        stack = [oid for oid in tips if oid in self.commits]
        while stack:
            oid = stack.pop()
            if oid not in seen:
                seen.add(oid)
                stack.extend(p for p in self.commits[oid].parents if p in self.commits)
        return seen

    def _glob(self, pattern: str, excluded: list[str]) -> list[str]:
        if not pattern.startswith("refs/"):
            pattern = "refs/" + pattern
        if not any(ch in pattern for ch in "*?["):
            pattern += "/*"
        return [
            oid
            for name, oid in sorted(self.refs.items())
            if fnmatchcase(name, pattern) and not any(fnmatchcase(name, x) for x in excluded)
        ]

    def _resolve(self, rev: str) -> str | None:
        if rev in ("", "HEAD"):
            return self.head
        for name in (rev, f"refs/{rev}", f"refs/tags/{rev}", f"refs/heads/{rev}"):
            if name in self.refs:
                return self.refs[name]
        for name in (f"refs/remotes/{rev}", f"refs/remotes/{rev}/HEAD"):
            if name in self.refs:
                return self.refs[name]
        if _HEX.fullmatch(rev):
            found = [oid for oid in self.commits if oid.startswith(rev)]
            if len(found) == 1:
                return found[0]
        if rev not in self._rev_parsed:
            self._rev_parsed[rev] = _rev_parse(self.repo_dir, rev)
        return self._rev_parsed[rev]


_CACHE: dict[Path, tuple[tuple[bytes, ...], History]] = {}


def read_history(repo_dir: Path) -> History:
    """The history of the git repository at `repo_dir`, read once per state of its refs."""
    key = Path(os.path.abspath(repo_dir))  # noqa: PTH100 (no symlink lookups on the hot path)
    state = _refs_state(key)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    history = _load(key)
    _CACHE[key] = (state, history)
    return history


def _refs_state(repo_dir: Path) -> tuple[bytes, ...]:
    """The bytes of HEAD and every ref file: equal states mean an unchanged history."""
    git_dir = repo_dir / ".git"
    if git_dir.is_file():  # a worktree or submodule: `gitdir: <path>`
        pointer = git_dir.read_text().strip().removeprefix("gitdir:").strip()
        git_dir = (repo_dir / pointer).resolve()
    if not (git_dir / "HEAD").is_file():
        raise CorpusError("not a git repository", where=repo_dir)
    parts = [(git_dir / "HEAD").read_bytes()]
    packed = git_dir / "packed-refs"
    parts.append(packed.read_bytes() if packed.is_file() else b"")
    for folder, _dirs, names in sorted(os.walk(git_dir / "refs")):
        for name in sorted(names):
            ref = Path(folder, name)
            parts.append(f"{folder}/{name}".encode() + b"\0" + ref.read_bytes())
    return tuple(parts)


def _load(repo_dir: Path) -> History:
    head = _rev_parse(repo_dir, "HEAD")
    listing = _git(repo_dir, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(*objectname)")
    refs: dict[str, str] = {}
    for line in listing.splitlines():
        name, oid, peeled = line.split("\0")
        refs[name] = peeled or oid
    commits: dict[str, Commit] = {}
    if head is not None or refs:
        for record in _git(repo_dir, *_LOG_ARGS).split("\x1e")[1:]:
            commit = _parse_record(record)
            commits[commit.oid] = commit
    return History(repo_dir=repo_dir, head=head, refs=refs, commits=commits)


def _parse_record(record: str) -> Commit:
    oid, parents, a_name, a_email, a_time, c_name, c_email, c_time, message, patch = record.split(
        "\0", 9
    )
    return Commit(
        oid=oid,
        parents=tuple(parents.split()),
        author=Signature(a_name, a_email, datetime.fromtimestamp(int(a_time), UTC)),
        committer=Signature(c_name, c_email, datetime.fromtimestamp(int(c_time), UTC)),
        message=message.strip(),
        files=parse_patch(patch),
    )


def _rev_parse(repo_dir: Path, rev: str) -> str | None:
    """The commit `rev` names, or None (also for anything that looks like an option)."""
    if rev.startswith("-"):
        return None
    done = _run(
        repo_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if done.returncode != 0:
        return None
    return done.stdout.decode().strip() or None


def _git(repo_dir: Path, *args: str) -> str:
    done = _run(repo_dir, *args)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise CorpusError(f"git {args[0]} failed: {detail}", where=repo_dir)
    return done.stdout.decode("utf-8", "replace")


def _run(repo_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    # The corpus may belong to another user than the reader (a judge sandbox's): it is the
    # kit's own read-only data, so git's ownership check is waived for it.
    command = ["git", "-c", "core.quotePath=false", "-c", "safe.directory=*", *args]
    return subprocess.run(command, cwd=repo_dir, env=env, capture_output=True, check=False)
