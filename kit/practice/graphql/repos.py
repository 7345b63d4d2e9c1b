"""The practice instance's repositories: the corpus's git repositories with the code host's
metadata from `corpus.yaml` (as `kit.search` reads it), shaped as GraphQL `Repository` nodes.

Simulated: every repository is cloned and indexed, every user may see every repository (no
repository permissions), and `createdAt` is the seed time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from kit.errors import KitError
from kit.practice.git import run_git
from kit.practice.graphql.ids import marshal_id
from kit.practice.graphql.seed import SEED_TIME, host_kind
from kit.search import PracticeBackend
from kit.search.corpus import Repository

__all__ = ["CorpusRepositories", "RepoNode", "repo_url"]


def repo_url(name: str) -> str:
    """A repository's page on Sourcegraph, relative to the instance: `/<name>`."""
    return f"/{name}"


@dataclass(frozen=True)
class Markdown:
    """`Markdown{text html}`."""

    text: str
    html: str


@dataclass(frozen=True, eq=False)
class RepoNode:
    """One corpus repository as GraphQL's `Repository` shows it (fields in snake_case)."""

    repo: Repository
    created_at: datetime = field(default=SEED_TIME)

    @property
    def id(self) -> str:
        """The opaque `Repository:<n>` ID."""
        return marshal_id("Repository", self.repo.id)

    @property
    def database_id(self) -> int:
        """Sourcegraph's numeric repository id."""
        return self.repo.id

    @property
    def name(self) -> str:
        """`github.com/acme/billing-service`."""
        return self.repo.name

    @property
    def uri(self) -> str:
        """The deprecated alias of `name`."""
        return self.repo.name

    @property
    def host(self) -> str:
        """The code host part of the name (`github.com`)."""
        return self.repo.name.split("/", 1)[0]

    @property
    def url(self) -> str:
        """`/<name>`."""
        return repo_url(self.repo.name)

    @property
    def description(self) -> str:
        """The code host's description."""
        return self.repo.meta.description

    @property
    def stars(self) -> int:
        """The code host's star count."""
        return self.repo.meta.stars

    @property
    def is_fork(self) -> bool:
        """Whether the code host says it is a fork."""
        return self.repo.meta.fork

    @property
    def is_archived(self) -> bool:
        """Whether the code host says it is archived."""
        return self.repo.meta.archived

    @property
    def is_private(self) -> bool:
        """Whether the code host says it is private."""
        return self.repo.meta.private

    @cached_property
    def language(self) -> str:
        """The language with the most bytes in the repository ("" when none is known)."""
        sizes: Counter[str] = Counter()
        for document in self.repo.documents:
            if document.language is not None:
                sizes[document.language.name] += len(document.data)
        return sizes.most_common(1)[0][0] if sizes else ""

    @cached_property
    def default_branch_name(self) -> str:
        """The branch HEAD points at (read from git once)."""
        if self.repo.directory is None:
            return "main"
        try:
            return (
                run_git(Path(self.repo.directory), "symbolic-ref", "--short", "HEAD")
                .decode()
                .strip()
            )
        except KitError:
            return "main"

    @property
    def service_kind(self) -> str:
        """The kind of code host the repository lives on (GITHUB, GITLAB...)."""
        return host_kind(self.host)

    @property
    def external_repository(self) -> dict[str, str]:
        """`ExternalRepository{id serviceType serviceID}` (the id is made up from the name)."""
        return {
            "id": marshal_id("ExternalRepo", self.repo.name),
            "serviceType": self.service_kind.lower(),
            "serviceID": f"https://{self.host}/",
        }

    @property
    def external_urls(self) -> list[dict[str, str]]:
        """`[ExternalLink{url serviceKind}]`: the repository on its code host."""
        kind = self.service_kind
        return [
            {
                "url": f"https://{self.repo.name}",
                "serviceKind": kind,
                "serviceType": kind.lower(),
            }
        ]

    @property
    def key_value_pairs(self) -> list[dict[str, str | None]]:
        """`[KeyValuePair{key value}]` from the corpus metadata (topics are keys without value)."""
        pairs: list[dict[str, str | None]] = [
            {"key": key, "value": value} for key, value in sorted(self.repo.meta.metadata.items())
        ]
        return pairs

    @property
    def label(self) -> Markdown:
        """The search result's title: the repository name linked to its page."""
        link = f"[{self.repo.name}]({self.url})"
        return Markdown(link, f'<p><a href="{self.url}">{self.repo.name}</a></p>\n')

    @property
    def detail(self) -> Markdown:
        """The search result's subtitle."""
        return Markdown("Repository match", "<p>Repository match</p>\n")


class CorpusRepositories:
    """The corpus's repositories by name, and the search backend over them."""

    def __init__(self, backend: PracticeBackend) -> None:
        self.backend = backend
        self.nodes = [RepoNode(repo) for repo in backend.corpus.repositories]
        self._by_name = {node.name.lower(): node for node in self.nodes}
        self._by_id = {node.database_id: node for node in self.nodes}

    def by_name(self, name: str) -> RepoNode | None:
        """The repository with this name (case-insensitive), as Sourcegraph looks names up."""
        return self._by_name.get(name.lower())

    def by_id(self, repo_id: int) -> RepoNode | None:
        """The repository with this numeric id."""
        return self._by_id.get(repo_id)

    def on_host(self, host: str) -> list[RepoNode]:
        """The repositories on one code host."""
        return [node for node in self.nodes if node.host == host.lower()]
