"""Answers as data: read a learner's answer cell without running it, when it is a plain literal.

Most answers in this kit are data (a query, a spec, a config) written as `answer = "..."`. Such a
cell is read with `ast.literal_eval`, never executed, so nothing the learner wrote runs anywhere
near the grader. Anything else (computed answers, code) needs the sandbox.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

ANSWER_NAME = "answer"
MAX_LITERAL_CHARS = 1 << 20
"""A longer answer cell is not parsed in the grader: it runs in the sandbox like code."""
NOT_ANSWERED = ...
"""The value of the released stub `answer = ...`: the learner has not answered."""


@dataclass(frozen=True)
class LiteralAnswer:
    """An answer read from source: `value` is plain data (str, number, list, dict, ... or `...`)."""

    value: Any


def read_literal_answer(source: str) -> LiteralAnswer | None:
    """The answer if the cell only assigns literals to `answer`; None when it must be run."""
    if len(source) > MAX_LITERAL_CHARS:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    value: Any = None
    assigned = False
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == ANSWER_NAME
        ):
            return None
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        assigned = True
    return LiteralAnswer(value) if assigned else None
