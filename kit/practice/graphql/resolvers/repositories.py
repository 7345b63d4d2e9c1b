"""Repositories: `repository(name)`, `repositories(first, query, names, after...)` and the
`Repository` fields that need more than the node itself (`defaultBranch`, `commit(rev)`).
Every user sees every repository; only site admins see `totalCount`, as on Sourcegraph."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.git_nodes import GitCommitNode, GitRefNode, resolve_revision
from kit.practice.graphql.repos import RepoNode
from kit.practice.graphql.resolvers.connections import Connection, paginate
from kit.practice.graphql.resolvers.registry import resolves


def _name_from_clone_url(clone_url: str) -> str:
    """`https://github.com/acme/x.git` or `git@github.com:acme/x.git` -> `github.com/acme/x`."""
    if "://" in clone_url:
        parsed = urlparse(clone_url)
        host, path = parsed.hostname or "", parsed.path
    else:
        host, _, path = clone_url.partition("@")[2].partition(":")
    return f"{host}/{path.strip('/').removesuffix('.git')}"


@resolves("Query", "repository")
def repository(
    _: Any,
    info: Info,
    name: str | None = None,
    cloneURL: str | None = None,  # noqa: N803 - GraphQL argument name
    uri: str | None = None,
) -> RepoNode | None:
    repos = context_of(info).repos
    wanted = name or uri or (_name_from_clone_url(cloneURL) if cloneURL else None)
    return repos.by_name(wanted) if wanted else None


@resolves("Query", "repositories")
def repositories(
    _: Any,
    info: Info,
    first: int | None = None,
    query: str | None = None,
    after: str | None = None,
    names: list[str] | None = None,
    orderBy: str = "REPOSITORY_NAME",  # noqa: N803
    descending: bool = False,
    **_filters: Any,
) -> Connection[RepoNode]:
    context = context_of(info)
    nodes = list(context.repos.nodes)
    if query:
        nodes = [node for node in nodes if query.lower() in node.name.lower()]
    if names is not None:
        wanted = {name.lower() for name in names}
        nodes = [node for node in nodes if node.name.lower() in wanted]
    by_name = orderBy == "REPOSITORY_NAME"
    nodes.sort(key=(lambda n: n.name) if by_name else (lambda n: f"{n.database_id:012d}"))
    if descending:
        nodes.reverse()
    return paginate(
        nodes,
        lambda node: node.name,
        first=first,
        after=after,
        total_visible=context.viewer.is_site_admin,
    )


@resolves("Repository", "defaultBranch")
def default_branch(repo: RepoNode, _: Info) -> GitRefNode:
    return GitRefNode(repo, repo.default_branch_name)


@resolves("Repository", "commit")
def commit(repo: RepoNode, _: Info, rev: str, **_input_revspec: Any) -> GitCommitNode | None:
    oid = repo.repo.commit if rev in ("", "HEAD") else resolve_revision(repo, rev)
    return GitCommitNode(repo, oid) if oid else None
