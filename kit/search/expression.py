"""Boolean structure of a query: AND, OR, NOT and parentheses over patterns and filters.

Precedence as Sourcegraph's: NOT binds tightest, then AND (also written by juxtaposition), then
OR; parentheses group. `x NOT y` is `x AND NOT y`, and `NOT repo:x` is `-repo:x`. A query is
evaluated file by file: a filter is true of a file when the file passes it, a pattern when the
file's content (or path) matches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kit.errors import QuerySyntaxError


class Token(Protocol):
    """What the expression parser needs of a query token."""

    @property
    def text(self) -> str: ...

    @property
    def quoted(self) -> bool: ...

    @property
    def field(self) -> str | None: ...

    @property
    def negated(self) -> bool: ...

    @property
    def paren(self) -> str | None: ...


@dataclass(frozen=True)
class Leaf:
    """A pattern (`field` None) or a filter token, as written."""

    token: Token


@dataclass(frozen=True)
class And:
    """Every child holds."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one child holds."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child does not hold."""

    child: Node


Node = Leaf | And | Or | Not

OPERATORS = {"and", "or", "not"}


def is_operator(token: Token, name: str | None = None) -> bool:
    """Whether `token` is a bare (unquoted, non-field) AND/OR/NOT, optionally a given one."""
    if token.quoted or token.field is not None or token.paren is not None:
        return False
    word = token.text.lower()
    return word in OPERATORS and (name is None or word == name)


def has_structure(tokens: Sequence[Token]) -> bool:
    """Whether the tokens use operators or parentheses (else a query is a flat AND)."""
    return any(t.paren is not None or is_operator(t) for t in tokens)


def parse_expression(tokens: Sequence[Token]) -> Node:
    """Parse tokens into a tree; raise QuerySyntaxError for unbalanced or dangling syntax."""
    parser = _Parser(tokens)
    node = parser.or_expression()
    if parser.peek() is not None:
        token = parser.peek()
        assert token is not None
        if token.paren == ")":
            raise QuerySyntaxError("unbalanced expression: unmatched closing parenthesis")
        raise QuerySyntaxError(f'invalid query syntax near "{token.text}"')
    return node


class _Parser:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def or_expression(self) -> Node:
        branches = [self.and_expression("or")]
        while (token := self.peek()) is not None and is_operator(token, "or"):
            self.take()
            branches.append(self.and_expression("or"))
        return branches[0] if len(branches) == 1 else Or(tuple(branches))

    def and_expression(self, after: str) -> Node:
        parts: list[Node] = []
        while (token := self.peek()) is not None:
            if token.paren == ")" or is_operator(token, "or"):
                break
            if is_operator(token, "and"):
                if not parts:
                    raise QuerySyntaxError('"and" needs a pattern or filter on its left')
                self.take()
                if self.peek() is None or self._ends_operand(self.peek()):
                    raise QuerySyntaxError('"and" needs a pattern or filter on its right')
                continue
            parts.append(self.not_expression())
        if not parts:
            raise QuerySyntaxError(f'"{after}" needs a pattern or filter on both sides')
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expression(self) -> Node:
        token = self.peek()
        assert token is not None
        if is_operator(token, "not"):
            self.take()
            if self.peek() is None or self._ends_operand(self.peek()):
                raise QuerySyntaxError('"not" needs a pattern or filter after it')
            return Not(self.not_expression())
        if token.paren == "(":
            self.take()
            if (inner := self.peek()) is not None and inner.paren == ")":
                raise QuerySyntaxError("empty parentheses")
            node = self.or_expression()
            closing = self.peek()
            if closing is None or closing.paren != ")":
                raise QuerySyntaxError("unbalanced expression: unmatched opening parenthesis")
            self.take()
            return node
        self.take()
        return Not(Leaf(token)) if token.negated else Leaf(token)

    @staticmethod
    def _ends_operand(token: Token | None) -> bool:
        return token is not None and (
            token.paren == ")" or is_operator(token, "or") or is_operator(token, "and")
        )


def leaves(node: Node) -> list[Leaf]:
    """Every leaf of the tree, left to right."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.child)
    return [leaf for child in node.children for leaf in leaves(child)]
