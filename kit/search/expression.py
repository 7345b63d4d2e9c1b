"""Boolean structure of a query: AND, OR, NOT and parentheses over patterns and filters.

Precedence as Sourcegraph's: NOT binds tightest, then juxtaposition (`Concat`: adjacent operands,
which literal, standard and regexp search read as one phrase), then AND, then OR; parentheses
group. `x NOT y` is `x AND NOT y`, and `NOT repo:x` is `-repo:x`. An operator word with no operand
after it (`x or`, `a and OR`, `NOT NOT`) is a pattern, as in Sourcegraph. A query is evaluated
file by file: a filter is true of a file when the file passes it, a pattern when the file's
content (or path) matches it.
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

    @property
    def operator(self) -> str | None: ...


@dataclass(frozen=True)
class Leaf:
    """A pattern (`field` None) or a filter token, as written."""

    token: Token


@dataclass(frozen=True)
class And:
    """Every child holds."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Concat:
    """Adjacent operands written without an operator between them: every child holds, and
    adjacent patterns form one phrase in literal, standard and regexp search."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one child holds."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child does not hold."""

    child: Node


Node = Leaf | And | Concat | Or | Not

OPERATORS = {"and", "or", "not"}


def is_operator(token: Token, name: str | None = None) -> bool:
    """Whether `token` is an AND/OR/NOT operator (not pattern text), optionally a given one."""
    return token.operator is not None and (name is None or token.operator == name)


def has_structure(tokens: Sequence[Token]) -> bool:
    """Whether the tokens use operators, parentheses or a negated pattern (else a query is a
    flat AND)."""
    return any(
        t.paren is not None or is_operator(t) or (t.negated and t.field is None) for t in tokens
    )


def parse_expression(tokens: Sequence[Token]) -> Node:
    """Parse tokens into a tree; raise QuerySyntaxError for unbalanced or dangling syntax."""
    parser = _Parser(tokens)
    node = parser.or_expression()
    if parser.peek() is not None:
        token = parser.peek()
        assert token is not None
        if token.paren == ")":
            raise QuerySyntaxError(UNCLEAR_PARENTHESES)
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
        branches = [self.and_expression()]
        while (token := self.peek()) is not None and self._is_operator(token, "or"):
            self.take()
            branches.append(self.and_expression())
        return branches[0] if len(branches) == 1 else Or(tuple(branches))

    def and_expression(self) -> Node:
        groups = [self.concat_expression()]
        while (token := self.peek()) is not None and self._is_operator(token, "and"):
            self.take()
            groups.append(self.concat_expression())
        return groups[0] if len(groups) == 1 else And(tuple(groups))

    def concat_expression(self) -> Node:
        parts: list[Node] = []
        while (token := self.peek()) is not None:
            if (
                token.paren == ")"
                or self._is_operator(token, "or")
                or self._is_operator(token, "and")
            ):
                break
            parts.append(self.not_expression())
        if not parts:
            raise QuerySyntaxError("expected operand")
        return parts[0] if len(parts) == 1 else Concat(tuple(parts))

    def not_expression(self) -> Node:
        token = self.peek()
        assert token is not None
        if self._is_operator(token, "not"):
            self.take()
            following = self.peek()
            if following is not None and following.paren == "(":
                raise QuerySyntaxError(NOT_EXPRESSION)
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

    def _is_operator(self, token: Token, name: str) -> bool:
        """An operator word counts as one only with an operand after it, and AND/OR only after
        something (`x or`, `and b` are patterns)."""
        if not is_operator(token, name):
            return False
        following = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        return following is not None and following.paren != ")" and (self.at > 0 or name == "not")


NOT_EXPRESSION = (
    "it looks like you tried to use an expression after NOT. The NOT operator can only be used "
    "with simple search patterns or filters, and is not supported for expressions or subqueries"
)
UNCLEAR_PARENTHESES = (
    "unsupported expression. The combination of parentheses in the query have an unclear "
    "meaning. Try using the content: filter to quote patterns that contain parentheses"
)


def leaves(node: Node) -> list[Leaf]:
    """Every leaf of the tree, left to right."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.child)
    return [leaf for child in node.children for leaf in leaves(child)]


def _is_scope(node: Node) -> bool:
    """A filter leaf (or its negation) other than `content:`, which is a pattern."""
    if isinstance(node, Not):
        node = node.child
    return isinstance(node, Leaf) and node.token.field not in (None, "content")


def _pure(node: Node) -> bool:
    """Whether `node` holds patterns only (no filter anywhere inside)."""
    return not any(leaf.token.field not in (None, "content") for leaf in leaves(node))


def _split_scope(node: Node, leading: bool) -> tuple[list[Node], Node | None]:
    """The filters at the start (or end) of `node` and the pure pattern expression left, or
    ([], None) when `node` is not filters followed (or preceded) by patterns only."""
    if not isinstance(node, Concat | And):
        return [], (node if _pure(node) else None)
    kids = list(node.children if leading else reversed(node.children))
    scope: list[Node] = []
    while kids and _is_scope(kids[0]):
        scope.append(kids.pop(0))
    if not scope and kids and isinstance(kids[0], Concat):
        inner, rest = _split_scope(kids[0], leading)
        if rest is None:
            return [], None
        scope, kids[0] = inner, rest
    if not kids or not all(_pure(kid) for kid in kids):
        return [], None
    if not leading:
        kids.reverse()
        scope.reverse()
    rest = kids[0] if len(kids) == 1 else type(node)(tuple(kids))
    return scope, rest


def hoist(node: Node) -> Node:
    """Sourcegraph's hoisting: in `repo:foo a or b file:bar` the filters before the first
    branch's patterns and after the last branch's scope the whole OR, `(and repo:foo file:bar
    (or a b))`, when every branch between holds patterns only; any other query is unchanged."""
    if not isinstance(node, Or):
        return node
    first, *middle, last = node.children
    lead, first_rest = _split_scope(first, leading=True)
    trail, last_rest = _split_scope(last, leading=False)
    if first_rest is None or last_rest is None or not (lead or trail):
        return node
    if not all(_pure(branch) for branch in middle):
        return node
    return And((*lead, *trail, Or((first_rest, *middle, last_rest))))
