"""Sourcegraph's query-size limits as GraphQL validation rules: `rateLimits.graphQLMaxDepth`
(default 30) and `rateLimits.graphQLMaxAliases` (default 500).

Depth is counted as graph-gophers/graphql-go counts it: a top-level field has depth 1, each
nested selection set adds one, fragments (inline or named) add nothing. Its message is
graph-gophers' own ("Field "x" has depth 31 that exceeds max depth 30"); the aliases message is
written in the same style (Sourcegraph's exact wording was not available).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "max_aliases_rule", "max_depth_rule"]

MAX_DEPTH = 30
MAX_ALIASES = 500


def max_depth_rule(limit: int = MAX_DEPTH) -> type[ASTValidationRule]:
    """A validation rule that reports every field nested deeper than `limit`."""

    class MaxDepthRule(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            self._walk(node.selection_set, 1, frozenset())

        def _walk(
            self, selections: SelectionSetNode | None, depth: int, seen: frozenset[str]
        ) -> None:
            if selections is None:
                return
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    if depth > limit:
                        self.report_error(
                            GraphQLError(
                                f'Field "{selection.name.value}" has depth {depth} that exceeds '
                                f"max depth {limit}",
                                selection,
                            )
                        )
                        continue
                    self._walk(selection.selection_set, depth + 1, seen)
                elif isinstance(selection, InlineFragmentNode):
                    self._walk(selection.selection_set, depth, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.context.get_fragment(name)
                    if fragment is not None and name not in seen:
                        self._walk(fragment.selection_set, depth, seen | {name})

    return MaxDepthRule


def max_aliases_rule(limit: int = MAX_ALIASES) -> type[ASTValidationRule]:
    """A validation rule that refuses a document with more than `limit` aliased fields."""

    class MaxAliasesRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, *_: Any) -> None:
            if self.count > limit:
                self.report_error(
                    GraphQLError(f"Query has {self.count} aliases that exceeds max aliases {limit}")
                )

    return MaxAliasesRule
