"""Defer one third-party import that costs 1.5 s per process and that the kit never needs.

nbformat validates notebooks with jsonschema, and jsonschema's format checkers import
`rfc3987_syntax` for the "iri" formats; that package builds some forty Earley parsers when it is
imported. Every `sgkit` command, grading worker and judge paid for it at start-up. `install()`
puts a stand-in in its place whose `is_valid_syntax` loads the real parsers on first use, so an
"iri" value is still checked exactly as before, only later.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

_NAME = "rfc3987_syntax"


def _is_valid_syntax(term: str, value: str) -> Any:
    """The real `rfc3987_syntax.is_valid_syntax`, loaded on first call."""
    from rfc3987_syntax.syntax_helpers import is_valid_syntax  # type: ignore[import-untyped]

    return is_valid_syntax(term, value)


def install() -> None:
    """Register the stand-in, unless the package is missing or already imported."""
    if _NAME in sys.modules:
        return
    spec = importlib.util.find_spec(_NAME)
    if spec is None or spec.submodule_search_locations is None:
        return
    stand_in = types.ModuleType(_NAME, "Loads rfc3987_syntax's parsers on first use.")
    stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.__spec__ = spec
    setattr(stand_in, "is_valid_syntax", _is_valid_syntax)  # noqa: B010 (a module attribute)
    sys.modules[_NAME] = stand_in
