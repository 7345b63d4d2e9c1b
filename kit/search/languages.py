"""Language names as Sourcegraph's `lang:` filter knows them (linguist aliases), and file detection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Language:
    """A language: its display name, the aliases `lang:` accepts, and how its files are named."""

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...] = ()
    filenames: tuple[str, ...] = ()


LANGUAGES: tuple[Language, ...] = (
    Language("Go", ("go", "golang"), (".go",)),
    Language("Python", ("python", "py", "python3"), (".py", ".pyi")),
    Language("TypeScript", ("typescript", "ts"), (".ts", ".mts", ".cts")),
    Language("TSX", ("tsx",), (".tsx",)),  # linguist: its own language, not TypeScript
    Language("JavaScript", ("javascript", "js", "node"), (".js", ".jsx", ".mjs", ".cjs")),
    Language("Java", ("java",), (".java",)),
    Language("Kotlin", ("kotlin",), (".kt", ".kts")),
    Language("Groovy", ("groovy",), (".groovy", ".gvy"), ("Jenkinsfile",)),
    Language("Rust", ("rust", "rs"), (".rs",)),
    Language("Ruby", ("ruby", "rb"), (".rb",), ("Gemfile", "Rakefile")),
    Language("C", ("c",), (".c", ".h")),
    Language("C++", ("c++", "cpp"), (".cpp", ".cc", ".cxx", ".hpp", ".hh")),
    Language("C#", ("c#", "csharp", "cs"), (".cs",)),
    Language("PHP", ("php",), (".php",)),
    Language("Shell", ("shell", "sh", "bash", "zsh"), (".sh", ".bash", ".zsh")),
    Language("YAML", ("yaml", "yml"), (".yaml", ".yml")),
    Language("JSON", ("json",), (".json",)),
    Language("TOML", ("toml",), (".toml",)),
    Language("Markdown", ("markdown", "md"), (".md", ".markdown")),
    Language("Dockerfile", ("dockerfile", "containerfile"), (), ("Dockerfile", "Containerfile")),
    Language("Makefile", ("makefile", "make"), (".mk",), ("Makefile", "GNUmakefile")),
    Language("HCL", ("hcl", "terraform"), (".hcl", ".tf")),
    Language("SQL", ("sql",), (".sql",)),
    Language("HTML", ("html",), (".html", ".htm")),
    Language("XML", ("xml",), (".xml", ".xsd", ".xsl", ".pom", ".csproj")),
    Language("CSS", ("css",), (".css",)),
    Language("Text", ("text",), (".txt",)),
    Language("Go Module", ("go module", "go-module"), (), ("go.mod",)),
)

_BY_ALIAS = {alias: lang for lang in LANGUAGES for alias in (*lang.aliases, lang.name.lower())}
_BY_FILENAME = {name: lang for lang in LANGUAGES for name in lang.filenames}
_BY_EXTENSION = {ext: lang for lang in LANGUAGES for ext in lang.extensions}


def language_for_alias(alias: str) -> Language | None:
    """Return the language a `lang:` value names (case-insensitive), or None if unknown."""
    return _BY_ALIAS.get(alias.lower())


def detect_language(path: str) -> Language | None:
    """Return the language of a file from its name, as linguist would for common files."""
    name = PurePosixPath(path).name
    if name in _BY_FILENAME:
        return _BY_FILENAME[name]
    if name.startswith("Dockerfile."):
        return _BY_FILENAME["Dockerfile"]
    return _BY_EXTENSION.get(PurePosixPath(name).suffix.lower())
