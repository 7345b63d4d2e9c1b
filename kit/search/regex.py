"""RE2, Sourcegraph's regular-expression dialect, compiled quietly with readable errors."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from kit.errors import QuerySyntaxError


@lru_cache(maxsize=1024)
def compile_re2(pattern: str | bytes, *, case_sensitive: bool) -> Any:
    """Compile `pattern` with RE2; raise QuerySyntaxError naming the pattern when it is invalid.

    A `bytes` pattern (UTF-8) gives a regex that searches UTF-8 bytes with the same meaning,
    reporting byte offsets: the engine searches document contents that way."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = case_sensitive
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else "invalid"
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        shown = pattern.decode("utf-8", "replace") if isinstance(pattern, bytes) else pattern
        raise QuerySyntaxError(
            f"invalid regular expression /{shown}/: error parsing regexp: {go_regexp_error(detail)}"
        ) from None


_GO_WORDING = {
    "missing )": "missing closing )",
    "missing ]": "missing closing ]",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid repetition size": "invalid repeat count",
    "invalid named capture group": "invalid named capture",
    "invalid perl operator": "invalid or unsupported Perl syntax",
}


def go_regexp_error(detail: str) -> str:
    """RE2's (C++) parse error in the words of Go's regexp package, which Sourcegraph shows:
    `missing ): (x` becomes ``missing closing ): `(x` ``."""
    if detail.startswith("trailing \\"):
        return "trailing backslash at end of expression: ``"
    what, sep, where = detail.partition(": ")
    if not sep:
        return detail
    return f"{_GO_WORDING.get(what, what)}: `{where}`"


def compile_bytes(pattern: str, *, case_sensitive: bool) -> Any:
    """Compile `pattern` to search a file's UTF-8 bytes (offsets in bytes). As Sourcegraph's
    searcher does, `^` and `$` match at line boundaries: a file is searched whole, not by line."""
    compile_re2(pattern, case_sensitive=True)  # errors name the pattern as the learner wrote it
    multiline = f"(?m:{pattern})".encode("utf-8", "surrogatepass")
    return compile_re2(multiline, case_sensitive=case_sensitive)


def literal_pattern(text: str) -> str:
    """Return an RE2 pattern matching `text` literally."""
    return str(re2.escape(text))
