"""Where resolvers are declared: `@resolves("Type", "field")` records a function; `bind` sets
them on a schema built from the SDL. Fields without one are read by `read_attribute`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

from kit.errors import GraphQLServerError

__all__ = ["Resolver", "bind", "read_attribute", "resolves"]

Resolver = Callable[..., Any]
F = TypeVar("F", bound=Resolver)

_RESOLVERS: dict[tuple[str, str], Resolver] = {}


def resolves(type_name: str, field_name: str) -> Callable[[F], F]:
    """Declare the decorated function as the resolver of `type_name.field_name`."""

    def register(function: F) -> F:
        _RESOLVERS[(type_name, field_name)] = function
        return function

    return register


@cache
def _snake(name: str) -> str:
    """`isFork` -> `is_fork`, `siteID` -> `site_id`, `externalURLs` -> `external_urls`."""
    name = re.sub(r"([A-Z]{2,})s(?=[A-Z]|$)", lambda m: m.group(1).title() + "s", name)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def read_attribute(source: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Any:
    """The default resolver: a mapping's key, or the snake_case attribute of an object
    (`isFork` reads `is_fork`, `siteID` reads `site_id`)."""
    if isinstance(source, Mapping):
        return source.get(info.field_name)
    return getattr(source, _snake(info.field_name), None)


def bind(schema: GraphQLSchema) -> None:
    """Set every declared resolver on `schema`; a declaration naming no field is a bug."""
    for (type_name, field_name), function in _RESOLVERS.items():
        graphql_type = schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType) or field_name not in graphql_type.fields:
            raise GraphQLServerError(f"resolver for {type_name}.{field_name}: no such field")
        graphql_type.fields[field_name].resolve = function
