"""Git objects as GraphQL shows them: `GitCommit`, `GitRef` and `GitBlob`, read from the corpus's
git repositories on demand (one `git show` per commit whose details a query asks for)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from kit.errors import KitError
from kit.practice.git import run_git
from kit.practice.graphql.ids import marshal_id
from kit.practice.graphql.repos import RepoNode

__all__ = ["CommitDetails", "GitBlobNode", "GitCommitNode", "GitRefNode", "resolve_revision"]


@dataclass(frozen=True)
class CommitDetails:
    """Who wrote a commit, when, and its message."""

    author_name: str
    author_email: str
    author_date: datetime
    committer_name: str
    committer_email: str
    committer_date: datetime
    message: str


def _signature(name: str, email: str, date: datetime) -> dict[str, Any]:
    return {
        "person": {
            "name": name,
            "email": email,
            "displayName": name or email.split("@", 1)[0],
            "avatarURL": None,
        },
        "date": date.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


def _read_details(repo: RepoNode, oid: str) -> CommitDetails:
    directory = repo.repo.directory
    if directory is None:
        raise KitError("the repository has no git folder", where=repo.name)
    out = run_git(
        Path(directory), "show", "-s", "--format=%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", oid
    ).decode("utf-8", "replace")
    an, ae, ad, cn, ce, cd, message = out.split("\x00", 6)
    return CommitDetails(
        an, ae, datetime.fromisoformat(ad), cn, ce, datetime.fromisoformat(cd), message.rstrip("\n")
    )


def resolve_revision(repo: RepoNode, rev: str) -> str | None:
    """The full commit id `rev` names in the repository, or None."""
    if repo.repo.directory is None:
        return None
    try:
        out = run_git(
            Path(repo.repo.directory), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"
        )
    except KitError:
        return None
    return out.decode().strip() or None


@dataclass(frozen=True, eq=False)
class GitCommitNode:
    """`GitCommit`: its details are read from git the first time a query asks for them."""

    repository: RepoNode
    oid: str
    known: CommitDetails | None = None

    @property
    def id(self) -> str:
        """The opaque `GitCommit` ID."""
        return marshal_id("GitCommit", f"{self.repository.database_id}:{self.oid}")

    @property
    def abbreviated_oid(self) -> str:
        """The first 7 hex digits."""
        return self.oid[:7]

    @property
    def url(self) -> str:
        """`/<repo>/-/commit/<oid>`."""
        return f"/{self.repository.name}/-/commit/{self.oid}"

    @property
    def canonical_url(self) -> str:
        """The same as `url` (an oid is already immutable)."""
        return self.url

    @cached_property
    def details(self) -> CommitDetails:
        """Author, committer and message."""
        return self.known or _read_details(self.repository, self.oid)

    @property
    def author(self) -> dict[str, Any]:
        """`Signature{person date}` of the author."""
        d = self.details
        return _signature(d.author_name, d.author_email, d.author_date)

    @property
    def committer(self) -> dict[str, Any]:
        """`Signature{person date}` of the committer."""
        d = self.details
        return _signature(d.committer_name, d.committer_email, d.committer_date)

    @property
    def message(self) -> str:
        """The full message."""
        return self.details.message

    @property
    def subject(self) -> str:
        """The message's first line."""
        return self.details.message.split("\n", 1)[0]

    @property
    def body(self) -> str | None:
        """The message after its first line (None when there is nothing more)."""
        rest = self.details.message.partition("\n")[2].strip("\n")
        return rest or None


@dataclass(frozen=True)
class GitRefNode:
    """`GitRef`: a branch of a repository."""

    repository: RepoNode
    branch: str

    @property
    def id(self) -> str:
        """The opaque `GitRef` ID."""
        return marshal_id("GitRef", f"{self.repository.database_id}:{self.name}")

    @property
    def name(self) -> str:
        """`refs/heads/<branch>`."""
        return f"refs/heads/{self.branch}"

    @property
    def abbrev_name(self) -> str:
        """The branch name."""
        return self.branch

    @property
    def display_name(self) -> str:
        """The branch name."""
        return self.branch

    @property
    def prefix(self) -> str:
        """`refs/heads/`."""
        return "refs/heads/"

    @property
    def type(self) -> str:
        """Always a branch here."""
        return "GIT_BRANCH"

    @property
    def url(self) -> str:
        """`/<repo>@<branch>`."""
        return f"/{self.repository.name}@{self.branch}"


@dataclass(frozen=True, eq=False)
class GitBlobNode:
    """`GitBlob`: a file at a commit."""

    repository: RepoNode
    commit: GitCommitNode
    path: str
    revision: str = ""
    """The revision the search named (`repo@rev`), "" for the default branch."""

    @property
    def name(self) -> str:
        """The file name without its folder."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def is_directory(self) -> bool:
        """A blob is a file."""
        return False

    @property
    def binary(self) -> bool:
        """The corpus holds text files only."""
        return False

    @property
    def url(self) -> str:
        """`/<repo>[@rev]/-/blob/<path>`."""
        at = f"@{self.revision}" if self.revision else ""
        return f"/{self.repository.name}{at}/-/blob/{self.path}"

    @property
    def canonical_url(self) -> str:
        """The URL pinned to the commit."""
        return f"/{self.repository.name}@{self.commit.oid}/-/blob/{self.path}"

    @cached_property
    def content(self) -> str:
        """The file's text at the commit."""
        repo = self.repository.repo
        if self.commit.oid == repo.commit:
            for document in repo.documents:
                if document.path == self.path:
                    return document.text
        if repo.directory is None:
            return ""
        data = run_git(Path(repo.directory), "show", f"{self.commit.oid}:{self.path}")
        return data.decode("utf-8", "replace")

    @property
    def byte_size(self) -> int:
        """The size of the UTF-8 text."""
        return len(self.content.encode())
