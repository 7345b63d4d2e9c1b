"""Per-language syntax for structural search: delimiters, string literals and comments (Comby's table).

Sourcegraph's searcher picks the Comby matcher from the first `lang:` value, else from a file
extension, else `.generic`; a `Syntax` is what that matcher treats as structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kit.search.languages import detect_language, language_for_alias

WHITESPACE = " \t\n\r\f\v"
WS_RUN = re.compile(f"[{WHITESPACE}]+")
BLOCK_DELIMITERS = (("(", ")"), ("[", "]"), ("{", "}"))


@dataclass(frozen=True)
class Syntax:
    """What one language's matcher treats as structure: delimiters, strings and comments."""

    name: str
    delimiters: tuple[tuple[str, str], ...] = BLOCK_DELIMITERS
    quotes: tuple[str, ...] = ('"', "'")  # backslash-escapable, one line
    raw_strings: tuple[tuple[str, str], ...] = ()  # no escapes, may span lines
    comments: tuple[tuple[str, str | None], ...] = ()  # (start, end); end None = to end of line

    @cached_property
    def openers(self) -> dict[str, str]:
        """Opening delimiter -> its closer."""
        return dict(self.delimiters)

    @cached_property
    def closers(self) -> dict[str, str]:
        """Closing delimiter -> its opener."""
        return {close: open_ for open_, close in self.delimiters}

    @cached_property
    def comment_pattern(self) -> str:
        """A regex (Python `re`) source matching one comment."""
        return "|".join(
            re.escape(start) + (r"[^\n]*" if end is None else r"[\s\S]*?" + re.escape(end))
            for start, end in self.comments
        )

    @cached_property
    def comment_re(self) -> re.Pattern[str] | None:
        """One comment, or None when the language has none."""
        return re.compile(self.comment_pattern) if self.comments else None

    @cached_property
    def skip_comments_re(self) -> re.Pattern[str] | None:
        """Comments Comby lets stand before a literal token."""
        return re.compile(f"(?:{self.comment_pattern})*") if self.comments else None

    @cached_property
    def space_pattern(self) -> str:
        """What whitespace in the template matches outside strings: whitespace and comments."""
        comments = f"|{self.comment_pattern}" if self.comments else ""
        return rf"(?:[{WHITESPACE}]++{comments})++"

    @cached_property
    def space_re(self) -> re.Pattern[str]:
        """Compiled `space_pattern`."""
        return re.compile(self.space_pattern)

    @cached_property
    def strings(self) -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
        """(pattern, left, right, escapable) for each string literal form, raw forms first."""
        raw = [
            (re.compile(re.escape(left) + r"[\s\S]*?" + re.escape(right)), left, right, False)
            for left, right in self.raw_strings
        ]
        # Comby: a backslash escapes any character but a newline; the literal ends at its line.
        escapable = [
            (re.compile(rf"{q}(?:\\[^\n]|[^\\\n{q}])*{q}"), quote, quote, True)
            for quote in self.quotes
            if (q := re.escape(quote))
        ]
        return (*raw, *escapable)

    @cached_property
    def lexer(self) -> re.Pattern[str]:
        """Finds comments, strings and delimiters in code, in Comby's order of preference."""
        parts = []
        if self.comments:
            parts.append(f"(?P<comment>{self.comment_pattern})")
        if self.strings:
            parts.append(f"(?P<string>{'|'.join(p.pattern for p, *_ in self.strings)})")
        if self.delimiters:
            parts.append(f"(?P<open>{'|'.join(map(re.escape, self.openers))})")
            parts.append(f"(?P<close>{'|'.join(map(re.escape, self.closers))})")
        if not parts:
            return re.compile("(?!)")
        firsts = {
            *(start[0] for start, _ in self.comments),
            *(left[0] for _, left, _, _ in self.strings),
            *self.openers,
            *self.closers,
        }
        first = re.escape("".join(sorted(firsts)))
        return re.compile(f"(?=[{first}])(?:{'|'.join(parts)})")

    @cached_property
    def non_space_re(self) -> re.Pattern[str]:
        """A run of what `:[x.]` may match: no whitespace, delimiters, quotes or comment marks."""
        chars = {
            *WHITESPACE,
            *self.openers,
            *self.closers,
            *self.quotes,
            *(left[0] for left, _ in self.raw_strings),
        }
        marks = [start for start, _ in self.comments] + [end for _, end in self.comments if end]
        guard = f"(?!{'|'.join(map(re.escape, marks))})" if marks else ""
        return re.compile(f"(?:{guard}[^{re.escape(''.join(sorted(chars)))}])+")

    def match_string(self, text: str, pos: int, end: int) -> tuple[str, str, bool, int] | None:
        """The string literal starting at `pos`, as (left, right, escapable, end), or None."""
        for pattern, left, right, escapable in self.strings:
            m = pattern.match(text, pos, end)
            if m:
                return left, right, escapable, m.end()
        return None


_C_COMMENTS = (("/*", "*/"), ("//", None))
_HASH_COMMENTS: tuple[tuple[str, str | None], ...] = (("#", None),)
_BACKTICK = (("`", "`"),)
GENERIC = Syntax("Generic")
SYNTAXES: dict[str, Syntax] = {
    syntax.name: syntax
    for syntax in (
        GENERIC,
        Syntax("Go", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        Syntax("Go Module", comments=_C_COMMENTS),
        Syntax("JavaScript", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        Syntax("TypeScript", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        Syntax("TSX", comments=_C_COMMENTS, raw_strings=_BACKTICK),
        Syntax("Python", comments=_HASH_COMMENTS, raw_strings=(('"""', '"""'), ("'''", "'''"))),
        *(
            Syntax(name, comments=_C_COMMENTS)
            for name in ("C", "C++", "C#", "Java", "Kotlin", "Groovy", "CSS")
        ),
        Syntax("Rust", quotes=('"',), comments=_C_COMMENTS),  # ' starts a lifetime, not a string
        Syntax("PHP", comments=(*_C_COMMENTS, *_HASH_COMMENTS)),
        Syntax("HCL", comments=(*_C_COMMENTS, *_HASH_COMMENTS)),
        Syntax("SQL", comments=(("/*", "*/"), ("--", None))),
        *(
            Syntax(name, delimiters=(*BLOCK_DELIMITERS, ("<", ">")), comments=(("<!--", "-->"),))
            for name in ("HTML", "XML")
        ),
        Syntax("JSON", quotes=('"',)),
        *(
            Syntax(name, comments=_HASH_COMMENTS)
            for name in ("Shell", "YAML", "TOML", "Ruby", "Dockerfile", "Makefile")
        ),
        *(Syntax(name, delimiters=(), quotes=()) for name in ("Text", "Markdown")),
    )
}


def syntax_for(language: str | None) -> Syntax:
    """The matcher syntax for a `lang:` name or alias; generic when None or unknown."""
    found = language_for_alias(language.strip()) if language else None
    return SYNTAXES.get(found.name, GENERIC) if found else GENERIC


def structural_language(path: str, lang_filter: str | None = None) -> str | None:
    """The language to match a file with: the `lang:` value if given, else the file's language.

    None means the generic matcher. (Sourcegraph's searcher takes the extension of the first
    matching file in a repository for all of them; the practice engine decides per file.)
    """
    if lang_filter:
        return lang_filter
    detected = detect_language(path)
    return detected.name if detected else None
