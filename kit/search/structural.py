"""Structural search (`patterntype:structural`): Comby templates matched against file contents.

    validate_structural_pattern("fmt.Sprintf(:[args])")          # once per query
    structural_required_literals("fmt.Sprintf(:[args])")         # ["fmt.Sprintf("], to prefilter
    language = structural_language(path, lang_filter)              # per file
    structural_matches("fmt.Sprintf(:[args])", text, language=language)  # [(start, end), ...]

The template syntax is in `structural_pattern`, the language table in `structural_languages`,
the matching rules in `structural_match`. Structural search is always case-sensitive.
"""

from __future__ import annotations

from kit.errors import QuerySyntaxError
from kit.search.structural_languages import structural_language, syntax_for
from kit.search.structural_match import StructuralMatch, match_template
from kit.search.structural_pattern import Template
from kit.search.structural_pattern import parse_template as _parse
from kit.search.structural_prefilter import required_literals

__all__ = [
    "StructuralMatch",
    "Template",
    "find_matches",
    "parse_template",
    "structural_language",
    "structural_matches",
    "structural_required_literals",
    "validate_structural_pattern",
]


def parse_template(template: str, language: str | None = None) -> Template:
    """Parse a Comby template for `language` (a `lang:` name or alias; generic when None/unknown).

    Raises QuerySyntaxError for an empty template, unbalanced delimiters or a bad hole regex.
    """
    return _parse(template, syntax_for(language))


def find_matches(
    template: str | Template, text: str, language: str | None = None
) -> list[StructuralMatch]:
    """The template's non-overlapping matches in `text`, left to right, with their bindings.

    With a parsed Template, `language` defaults to the template's own. Raises QuerySyntaxError
    if the template cannot be parsed for the language.
    """
    if isinstance(template, Template):
        if language is not None and syntax_for(language) != template.syntax:
            template = _parse(template.source, syntax_for(language))
    else:
        template = parse_template(template, language)
    return match_template(template, text)


def structural_matches(pattern: str, text: str, *, language: str | None) -> list[tuple[int, int]]:
    """Character spans `(start, end)` of each match of `pattern` in `text`, in order, disjoint.

    `language` is a `lang:` value or a language name (see `structural_language`); None or an
    unknown name uses the generic matcher. A template that does not parse for this language
    matches nothing, as with Comby; check templates once with `validate_structural_pattern`.
    """
    try:
        template = parse_template(pattern, language)
    except QuerySyntaxError:
        return []
    return [(m.start, m.end) for m in match_template(template, text)]


def validate_structural_pattern(pattern: str, *, language: str | None = None) -> None:
    """Raise QuerySyntaxError if `pattern` is not a valid template (generic syntax by default):
    empty, unbalanced delimiters, or a bad `:[x~regex]` hole."""
    parse_template(pattern, language)


def structural_required_literals(pattern: str, *, language: str | None = None) -> list[str]:
    """Literal fragments (exact text) every match contains, for picking candidate files.

    With `language` None the fragments hold whatever language a file turns out to be.
    Empty for a template made only of holes, or one that cannot match.
    """
    return list(required_literals(pattern, language))
