"""What every match of a template must contain: cheap tests run before the matcher.

- `required_literals`: text fragments a file must contain to have a match (for trigram prefilters).
- `start_prefix`: a regex every match must match where it starts (to find candidate starts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kit.errors import QuerySyntaxError
from kit.search.structural_languages import SYNTAXES, WHITESPACE, syntax_for
from kit.search.structural_pattern import Element, HoleKind, Literal, Space, parse_template

_POSSESSIVE_PREFIX = {
    HoleKind.ALPHANUM: r"[A-Za-z0-9_]++",
    HoleKind.BLANK: r"[ \t]++",
    HoleKind.LINE: r"[^\n]*+\n",
}


@lru_cache(maxsize=256)
def required_literals(pattern: str, language: str | None = None) -> tuple[str, ...]:
    """Fragments every match contains verbatim, for `language` or, if None, for any language.

    A template that cannot be parsed (for that language) has no matches: no fragments are needed.
    """
    if language is not None:
        try:
            return parse_template(pattern, syntax_for(language)).literals
        except QuerySyntaxError:
            return ()
    # Languages split a template differently (comments may come between tokens, quotes differ):
    # keep the fragments that every language's matcher requires.
    per_language = []
    for syntax in SYNTAXES.values():
        try:
            per_language.append(parse_template(pattern, syntax).literals)
        except QuerySyntaxError:
            continue
    candidates = dict.fromkeys(fragment for literals in per_language for fragment in literals)
    common = [
        fragment
        for fragment in candidates
        if all(any(fragment in literal for literal in literals) for literals in per_language)
    ]
    kept = [f for f in common if not any(f != other and f in other for other in common)]
    return tuple(sorted(kept, key=pattern.find))


def start_prefix(elements: Sequence[Element], comment_pattern: str) -> re.Pattern[str] | None:
    """A regex every match must match where it starts (after any comments Comby skips there):
    the template up to its first lazy or regex hole."""
    parts: list[str] = []
    for element in elements:
        if isinstance(element, Literal):
            skip = (
                f"(?:{comment_pattern})*+"
                if element.skip_comments and comment_pattern and parts
                else ""
            )
            parts.append(skip + re.escape(element.text))
        elif isinstance(element, Space):
            code_space = rf"(?:[{WHITESPACE}]++|{comment_pattern})++" if comment_pattern else ""
            parts.append(code_space if element.code and code_space else f"[{WHITESPACE}]++")
        elif element.kind in _POSSESSIVE_PREFIX:
            parts.append(_POSSESSIVE_PREFIX[element.kind])
        else:
            break
    return re.compile("".join(parts)) if parts else None
