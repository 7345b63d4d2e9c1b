"""`node(id:)`: any node by its opaque ID, and which GraphQL type each Python object is."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLAbstractType, GraphQLError

from kit.practice.graphql.auth import require_same_user_or_site_admin, require_site_admin
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.git_nodes import GitCommitNode, GitRefNode
from kit.practice.graphql.ids import unmarshal_id
from kit.practice.graphql.records import (
    AccessTokenRecord,
    ExternalServiceRecord,
    OrgRecord,
    UserRecord,
)
from kit.practice.graphql.repos import RepoNode
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.graphql.search_nodes import CommitResultNode, FileMatchNode

__all__ = ["type_name_of"]

_TYPE_NAMES: dict[type, str] = {
    UserRecord: "User",
    OrgRecord: "Org",
    AccessTokenRecord: "AccessToken",
    ExternalServiceRecord: "ExternalService",
    RepoNode: "Repository",
    GitCommitNode: "GitCommit",
    GitRefNode: "GitRef",
    FileMatchNode: "FileMatch",
    CommitResultNode: "CommitSearchResult",
}


def type_name_of(value: Any, _info: Info, _abstract: GraphQLAbstractType) -> str | None:
    """The GraphQL object type of a value returned for an interface or union field."""
    return _TYPE_NAMES.get(type(value))


@resolves("Query", "node")
def node(_: Any, info: Info, id: str) -> Any:
    context = context_of(info)
    kind, key = unmarshal_id(id)
    if not isinstance(key, int):
        return None
    store = context.store
    if kind == "User":
        return store.user(key)
    if kind == "Org":
        return store.org(key)
    if kind == "Repository":
        return context.repos.by_id(key)
    if kind == "AccessToken":
        token = store.token(key)
        if token is not None:
            require_same_user_or_site_admin(context.viewer, token.subject_user_id)
        return token
    if kind == "ExternalService":
        require_site_admin(context.viewer)
        return store.service(key)
    raise GraphQLError(f"invalid id {id!r}: unknown node kind {kind!r}")
