"""RE2, Sourcegraph's regular-expression dialect, compiled quietly with readable errors."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from kit.errors import QuerySyntaxError


@lru_cache(maxsize=1024)
def compile_re2(pattern: str, *, case_sensitive: bool) -> Any:
    """Compile `pattern` with RE2; raise QuerySyntaxError naming the pattern when it is invalid."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = case_sensitive
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else "invalid"
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise QuerySyntaxError(f"invalid regular expression /{pattern}/: {detail}") from None


def literal_pattern(text: str) -> str:
    """Return an RE2 pattern matching `text` literally."""
    return str(re2.escape(text))
