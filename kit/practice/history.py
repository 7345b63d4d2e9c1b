"""A practice repository's git history: typed history files, replayed into planned commits.

A history file (`corpus_src/history/*.yaml`) names one repository and lists its commits. Each
commit has a date, an author (a key of `corpus_src/authors.yaml`), a message and file changes:

    write:  {path: content}          the file's whole new content
    final:  [path, ...] or "all"     the file as it is in the source tree ("all": the whole tree)
    append: {path: text}             text added at the end
    edit:   {path: [[old, new]]}     replace text that occurs exactly once
    delete: [path, ...]

A `bump` entry stands for a run of small commits that each replace one version in one file
(dependency upgrades, deployments). Commits are replayed in date order (ties keep file order);
`branch:` puts a commit on another branch, which starts from `from:` (a branch or tag, default
`main`) when its first commit appears; `merge:` merges a branch in; `tag:` adds an annotated tag.
The replay is pure: `plan_history` returns the commits with their changes and checks that `main`
ends exactly at the source tree. Writing them into git is the builder's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PositiveFloat,
    Tag,
    model_validator,
)

from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

MAIN = "main"
Tree = dict[str, bytes]


def _relative_path(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or value != path.as_posix() or not value:
        raise ValueError(f"{value!r} must be a relative path like 'src/main.go'")
    return value


RepoPath = Annotated[str, AfterValidator(_relative_path)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Changes(_Model):
    """What one commit does to the files of its branch."""

    final: tuple[RepoPath, ...] | Literal["all"] = ()
    write: dict[RepoPath, str] = Field(default_factory=dict)
    append: dict[RepoPath, str] = Field(default_factory=dict)
    edit: dict[RepoPath, tuple[tuple[str, str], ...]] = Field(default_factory=dict)
    delete: tuple[RepoPath, ...] = ()


class CommitSpec(Changes):
    """One commit as a history file writes it."""

    model_config = ConfigDict(populate_by_name=True)

    date: AwareDatetime
    author: str
    message: str = Field(min_length=1)
    branch: str = MAIN
    start_from: str | None = Field(default=None, alias="from")
    merge: str | None = None
    tag: str | None = None


class Bump(_Model):
    """A run of commits, each replacing `text` filled with one version by the next version."""

    path: RepoPath
    text: str = Field(pattern=r"\{\}")
    versions: tuple[str, ...] = Field(min_length=2)
    authors: tuple[str, ...] = Field(min_length=1)
    message: str = Field(pattern=r"\{\}")
    start: AwareDatetime | None = None
    every_days: PositiveFloat | None = None
    dates: tuple[AwareDatetime, ...] = ()
    branch: str = MAIN
    tag: str | None = Field(default=None, pattern=r"\{\}")

    @model_validator(mode="after")
    def _one_schedule(self) -> Bump:
        periodic = self.start is not None and self.every_days is not None
        if periodic == bool(self.dates):
            raise ValueError("give either 'start' and 'every_days', or 'dates'")
        if self.dates and len(self.dates) != len(self.versions) - 1:
            raise ValueError("'dates' needs one date per version after the first")
        return self

    def commits(self) -> list[CommitSpec]:
        """The commits this run stands for, one per version after the first."""
        steps = zip(self.versions, self.versions[1:], strict=False)
        found: list[CommitSpec] = []
        for index, (old, new) in enumerate(steps):
            if self.dates:
                when = self.dates[index]
            else:
                assert self.start is not None and self.every_days is not None
                when = self.start + timedelta(days=self.every_days * index)
            found.append(
                CommitSpec(
                    date=when,
                    author=self.authors[index % len(self.authors)],
                    message=self.message.format(new),
                    branch=self.branch,
                    tag=self.tag.format(new) if self.tag else None,
                    edit={self.path: ((self.text.format(old), self.text.format(new)),)},
                )
            )
        return found


class BumpEntry(_Model):
    """A history entry holding a `bump` run."""

    bump: Bump


def _entry_kind(value: Any) -> str:
    return "bump" if isinstance(value, dict) and "bump" in value else "commit"


Entry = Annotated[
    Annotated[CommitSpec, Tag("commit")] | Annotated[BumpEntry, Tag("bump")],
    Discriminator(_entry_kind),
]


class HistoryFile(_Model):
    """One repository's history, as written in `corpus_src/history/*.yaml`."""

    repository: str = Field(pattern=r"^[^/\s]+/[^/\s]+/[^/\s]+$")
    commits: tuple[Entry, ...] = Field(min_length=1)

    def expanded(self) -> list[CommitSpec]:
        """Every commit, `bump` runs unrolled, in date order (ties keep the file's order)."""
        flat: list[CommitSpec] = []
        for entry in self.commits:
            flat.extend(entry.bump.commits() if isinstance(entry, BumpEntry) else [entry])
        return sorted(flat, key=lambda c: c.date)


@dataclass(frozen=True)
class Person:
    """A commit author (also its committer, and the tagger of its tags)."""

    name: str
    email: str


@dataclass(frozen=True)
class PlannedCommit:
    """A commit to write: its parents (indexes of earlier commits) and changed files."""

    branch: str
    parents: tuple[int, ...]
    author: Person
    date: datetime
    message: str
    changes: tuple[tuple[str, bytes | None], ...]
    """(path, new content or None for deleted), sorted by path, against the first parent."""


@dataclass(frozen=True)
class PlannedTag:
    """An annotated tag on one planned commit."""

    name: str
    commit: int
    tagger: Person
    date: datetime
    message: str


@dataclass(frozen=True)
class RepositoryPlan:
    """Every commit and tag of one repository, in the order git must receive them."""

    name: str
    commits: tuple[PlannedCommit, ...]
    tags: tuple[PlannedTag, ...]


_PERSON = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>$")


def load_people(path: Path) -> dict[str, Person]:
    """Read `authors.yaml`: a mapping of short keys to `Name <email>`."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("must map short names to 'Name <email>'", where=path)
    people: dict[str, Person] = {}
    for key, value in data.items():
        match = _PERSON.match(value) if isinstance(value, str) else None
        if match is None:
            raise ConfigError(f"field {key!r}: write the person as 'Name <email>'", where=path)
        people[str(key)] = Person(match["name"], match["email"])
    return people


def load_history(path: Path) -> HistoryFile:
    """Read and validate one history file."""
    return validated(HistoryFile, read_yaml(path), path)


class _Replay:
    """The state of a replay: branch tips and trees, tags, and the commits planned so far."""

    def __init__(self, history: HistoryFile, people: dict[str, Person], where: Path) -> None:
        self.people = people
        self.where = where
        self.repository = history.repository
        self.commits: list[PlannedCommit] = []
        self.trees: list[Tree] = []
        self.tips: dict[str, int] = {}
        self.fork_trees: dict[str, Tree] = {}
        self.tags: dict[str, PlannedTag] = {}

    def fail(self, spec: CommitSpec, problem: str) -> ConfigError:
        subject = spec.message.splitlines()[0]
        return ConfigError(f"commit {subject!r} of {self.repository}: {problem}", where=self.where)

    def add(self, spec: CommitSpec, final_tree: Tree) -> None:
        if spec.author not in self.people:
            raise self.fail(spec, f"unknown author {spec.author!r}; add it to authors.yaml")
        parents = self._parents(spec)
        tree = dict(self.trees[parents[0]]) if parents else {}
        if spec.merge is not None:
            self._merge(spec, tree)
        self._apply(spec, tree, final_tree)
        before = self.trees[parents[0]] if parents else {}
        changes = tuple(
            (path, tree.get(path))
            for path in sorted(before.keys() | tree.keys())
            if before.get(path) != tree.get(path)
        )
        if not changes and spec.merge is None:
            raise self.fail(spec, "changes no file")
        author = self.people[spec.author]
        message = spec.message.strip() + "\n"
        self.commits.append(
            PlannedCommit(spec.branch, parents, author, spec.date, message, changes)
        )
        self.trees.append(tree)
        self.tips[spec.branch] = len(self.commits) - 1
        if spec.tag is not None:
            if spec.tag in self.tags:
                raise self.fail(spec, f"tag {spec.tag!r} is already used")
            tag = PlannedTag(
                spec.tag, len(self.commits) - 1, author, spec.date, f"Release {spec.tag}\n"
            )
            self.tags[spec.tag] = tag

    def _parents(self, spec: CommitSpec) -> tuple[int, ...]:
        merged = () if spec.merge is None else (self._tip(spec, spec.merge),)
        if spec.branch in self.tips:
            if spec.start_from is not None:
                raise self.fail(spec, f"'from' only starts a new branch; {spec.branch!r} exists")
            return (self.tips[spec.branch], *merged)
        if not self.commits:
            if spec.branch != MAIN:
                raise self.fail(spec, f"the first commit must be on {MAIN!r}")
            return ()
        start = spec.start_from or MAIN
        base = self.tags[start].commit if start in self.tags else self._tip(spec, start)
        self.fork_trees[spec.branch] = self.trees[base]
        return (base, *merged)

    def _tip(self, spec: CommitSpec, branch: str) -> int:
        if branch not in self.tips:
            raise self.fail(spec, f"no branch or tag {branch!r} before {spec.date:%Y-%m-%d}")
        return self.tips[branch]

    def _merge(self, spec: CommitSpec, tree: Tree) -> None:
        """Take the branch's changes since it forked (or was last merged); a path both sides
        changed differently is a conflict."""
        assert spec.merge is not None
        if spec.merge not in self.fork_trees:
            raise self.fail(spec, f"can only merge a branch started from another: {spec.merge!r}")
        theirs = self.trees[self.tips[spec.merge]]
        base = self.fork_trees[spec.merge]
        for path in sorted(base.keys() | theirs.keys()):
            if theirs.get(path) == base.get(path):
                continue
            if tree.get(path) not in (base.get(path), theirs.get(path)):
                raise self.fail(spec, f"merge conflict in {path}")
            if path in theirs:
                tree[path] = theirs[path]
            else:
                tree.pop(path, None)
        self.fork_trees[spec.merge] = theirs  # the next merge of this branch starts from here

    def _apply(self, spec: CommitSpec, tree: Tree, final_tree: Tree) -> None:
        if spec.final == "all":
            tree.clear()
            tree.update(final_tree)
        for path in () if spec.final == "all" else spec.final:
            if path not in final_tree:
                raise self.fail(spec, f"final: {path} is not in the source tree")
            tree[path] = final_tree[path]
        for path, content in spec.write.items():
            tree[path] = content.encode()
        for path, text in spec.append.items():
            tree[path] = self._existing(spec, tree, path, "append to") + text.encode()
        for path, pairs in spec.edit.items():
            content = self._existing(spec, tree, path, "edit").decode()
            for old, new in pairs:
                count = content.count(old)
                if count != 1:
                    found = "not found" if count == 0 else f"found {count} times"
                    raise self.fail(spec, f"edit of {path}: {old!r} {found}")
                content = content.replace(old, new)
            tree[path] = content.encode()
        for path in spec.delete:
            self._existing(spec, tree, path, "delete")
            del tree[path]

    def _existing(self, spec: CommitSpec, tree: Tree, path: str, action: str) -> bytes:
        if path not in tree:
            raise self.fail(spec, f"cannot {action} {path}: no such file at this point")
        return tree[path]


def plan_history(
    history: HistoryFile, final_tree: Tree, people: dict[str, Person], where: Path
) -> RepositoryPlan:
    """Replay `history` into commits; `main` must end with exactly `final_tree`."""
    replay = _Replay(history, people, where)
    for spec in history.expanded():
        replay.add(spec, final_tree)
    if MAIN not in replay.tips:
        raise ConfigError(f"{history.repository} has no commit on {MAIN!r}", where=where)
    ended = replay.trees[replay.tips[MAIN]]
    differ = sorted(
        p for p in ended.keys() | final_tree.keys() if ended.get(p) != final_tree.get(p)
    )
    if differ:
        listed = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
        raise ConfigError(
            f"{MAIN} of {history.repository} does not end at its source tree: {listed} differ; "
            "end with a commit that has 'final: all'",
            where=where,
        )
    tags = sorted(replay.tags.values(), key=lambda t: t.name)
    return RepositoryPlan(history.repository, tuple(replay.commits), tuple(tags))


def single_commit_plan(
    name: str, final_tree: Tree, author: Person, date: datetime
) -> RepositoryPlan:
    """The plan of a repository without a history file: one commit of its source tree."""
    changes = tuple((path, final_tree[path]) for path in sorted(final_tree))
    commit = PlannedCommit(MAIN, (), author, date, f"Initial import of {name}\n", changes)
    return RepositoryPlan(name, (commit,), ())
