"""Relay-style connections with opaque `after` cursors, as Sourcegraph's lists page."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphql import GraphQLError

__all__ = ["Connection", "PageInfo", "paginate"]

T = TypeVar("T")


@dataclass(frozen=True)
class PageInfo:
    """`PageInfo{endCursor hasNextPage}`."""

    end_cursor: str | None
    has_next_page: bool


@dataclass(frozen=True)
class Connection(Generic[T]):
    """`{nodes totalCount pageInfo}`; `total_count` is None where the viewer may not see it."""

    nodes: list[T]
    total_count: int | None
    page_info: PageInfo


def _cursor(key: str) -> str:
    return base64.urlsafe_b64encode(f"cursor:{key}".encode()).decode()


def _key(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raw = ""
    if not raw.startswith("cursor:"):
        raise GraphQLError(f"invalid cursor {cursor!r}")
    return raw.removeprefix("cursor:")


def paginate(
    items: Sequence[T],
    key: Callable[[T], str],
    *,
    first: int | None,
    after: str | None = None,
    total_visible: bool = True,
) -> Connection[T]:
    """The page of `items` (already in order) after the cursor `after`, at most `first` long."""
    if first is not None and first < 0:
        raise GraphQLError("first must be a non-negative integer")
    start = 0
    if after is not None:
        wanted = _key(after)
        keys = [key(item) for item in items]
        start = keys.index(wanted) + 1 if wanted in keys else len(items)
    end = len(items) if first is None else min(len(items), start + first)
    page = list(items[start:end])
    has_next = end < len(items)
    return Connection(
        nodes=page,
        total_count=len(items) if total_visible else None,
        page_info=PageInfo(_cursor(key(page[-1])) if page and has_next else None, has_next),
    )
