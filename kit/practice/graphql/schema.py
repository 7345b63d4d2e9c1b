"""The practice API's schema: the SDL in `schema.graphql` (a subset of Sourcegraph's), built once
with graphql-core, with the resolvers, type resolution and the `DateTime` scalar bound to it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
)

from kit.practice.graphql.resolvers import bind, type_name_of

__all__ = ["SDL_FILE", "practice_schema", "schema_sdl"]

SDL_FILE = "schema.graphql"


def schema_sdl() -> str:
    """The schema's SDL text."""
    return files("kit.practice.graphql").joinpath(SDL_FILE).read_text(encoding="utf-8")


def _serialize_datetime(value: Any) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


@cache
def practice_schema() -> GraphQLSchema:
    """The executable schema (built on first use)."""
    schema = build_schema(schema_sdl())
    bind(schema)
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLInterfaceType | GraphQLUnionType):
            graphql_type.resolve_type = type_name_of
    date_time = schema.type_map["DateTime"]
    assert isinstance(date_time, GraphQLScalarType)
    date_time.serialize = _serialize_datetime  # type: ignore[method-assign]
    # graphql-core 3.3 renamed `serialize` to `coerce_output_value`; set both.
    date_time.coerce_output_value = _serialize_datetime  # type: ignore[attr-defined,unused-ignore]
    return schema
