"""What every resolver can reach: the store, the corpus's repositories, the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from graphql import GraphQLResolveInfo

from kit.practice.graphql.auth import Viewer
from kit.practice.graphql.repos import CorpusRepositories
from kit.practice.graphql.store import Store

__all__ = ["Info", "RequestContext", "context_of"]

Info: TypeAlias = "GraphQLResolveInfo[Any]"
"""What graphql-core passes every resolver as its second argument."""


@dataclass(frozen=True)
class RequestContext:
    """One request's view of the practice instance."""

    store: Store
    repos: CorpusRepositories
    viewer: Viewer
    base_url: str
    """The URL the request reached (`http://127.0.0.1:PORT`), for absolute links."""


def context_of(info: Info) -> RequestContext:
    """The request context a resolver was called with."""
    context = info.context
    assert isinstance(context, RequestContext)
    return context
