"""What the query language has, read from the search engine's own tables: every field and alias,
pattern type, result type, select path, predicate, boolean operator and structural hole form.
The cheat sheet must show each of these, so a filter added to the engine fails the sheet's build
until it has an entry."""

from __future__ import annotations

from kit.search.expression import OPERATORS
from kit.search.query_model import PatternType, ResultType, Select
from kit.search.query_predicates import REPO_METADATA_PREDICATES
from kit.search.query_tokens import FIELD_ALIASES, SUPPORTED_FIELDS, UNSUPPORTED_FIELDS
from kit.search.query_values import SELECT_ALIASES
from kit.search.structural_pattern import HoleKind

_PATH_PREDICATES = ("repo:has.file", "repo:has.path", "repo:has.content", "file:has.content")
"""The predicates `predicate_test` handles inline (not in a table of the engine's)."""


def engine_vocabulary() -> set[str]:
    """Every query word the sheet must show, as written in a query (`repo:`, `type:diff`, ...)."""
    fields = SUPPORTED_FIELDS - UNSUPPORTED_FIELDS  # refused on the practice instance
    words = {f"{name}:" for name in (*fields, *FIELD_ALIASES)}
    words |= {f"patterntype:{p.value}" for p in PatternType}
    words |= {f"type:{t.value}" for t in ResultType}
    words |= {f"select:{s.value}" for s in Select} | {f"select:{s}" for s in SELECT_ALIASES}
    words |= {f"repo:{name}()" for name in REPO_METADATA_PREDICATES}
    words |= {f"{name}()" for name in _PATH_PREDICATES}
    words |= {op.upper() for op in OPERATORS}
    words |= {kind.value for kind in HoleKind}
    return words
