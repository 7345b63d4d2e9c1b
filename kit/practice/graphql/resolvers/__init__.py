"""The practice API's resolvers, one module per area; importing this package declares them all.

`bind(schema)` sets them on the schema; see `registry` for how fields without a resolver are read.
"""

from kit.practice.graphql.resolvers import (
    external_services,
    nodes,
    orgs,
    repositories,
    search,
    site,
    tokens,
    users,
)
from kit.practice.graphql.resolvers.nodes import type_name_of
from kit.practice.graphql.resolvers.registry import bind, read_attribute

__all__ = [
    "bind",
    "external_services",
    "nodes",
    "orgs",
    "read_attribute",
    "repositories",
    "search",
    "site",
    "tokens",
    "type_name_of",
    "users",
]
