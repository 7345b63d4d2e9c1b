"""Opaque GraphQL IDs as Sourcegraph makes them (graph-gophers' `relay.MarshalID`).

An ID is the URL-safe base64 of `<Kind>:<JSON of the key>`: user 1 is `VXNlcjox` ("User:1"),
repository 3 is `UmVwb3NpdG9yeToz` ("Repository:3"), the site is `U2l0ZToic2l0ZSI=`
('Site:"site"'). Clients must treat them as opaque; graders can decode them with `unmarshal_id`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from graphql import GraphQLError

__all__ = ["marshal_id", "unmarshal_id", "unmarshal_int_id"]


def marshal_id(kind: str, key: int | str) -> str:
    """The opaque ID of the `kind` node whose key is `key`."""
    raw = f"{kind}:{json.dumps(key, separators=(',', ':'))}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def unmarshal_id(opaque: str) -> tuple[str, Any]:
    """The (kind, key) an opaque ID names; a malformed ID is a GraphQL error, as Sourcegraph's."""
    try:
        raw = base64.urlsafe_b64decode(opaque.encode() + b"=" * (-len(opaque) % 4)).decode()
        kind, _, key = raw.partition(":")
        if not kind or not _:
            raise ValueError(opaque)
        return kind, json.loads(key)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError(f"invalid graphql.ID {opaque!r}") from None


def unmarshal_int_id(opaque: str, kind: str) -> int:
    """The numeric key of an ID that must name a `kind` node, or a GraphQL error saying so."""
    got, key = unmarshal_id(opaque)
    if got != kind or not isinstance(key, int):
        raise GraphQLError(f"invalid ID {opaque!r} for {kind}")
    return key
