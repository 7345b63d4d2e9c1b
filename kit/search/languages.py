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
    # More of the linguist languages Sourcegraph's lang: knows (none has a file in the corpus).
    Language("Julia", ("julia",), (".jl",)),
    Language("Scala", ("scala",), (".scala", ".sc")),
    Language("Swift", ("swift",), (".swift",)),
    Language("Objective-C", ("objective-c", "objc", "obj-c", "objectivec"), (".m",)),
    Language("Objective-C++", ("objective-c++", "objc++", "obj-c++"), (".mm",)),
    Language("Haskell", ("haskell",), (".hs",)),
    Language("Elixir", ("elixir",), (".ex", ".exs")),
    Language("Erlang", ("erlang",), (".erl", ".hrl")),
    Language("Clojure", ("clojure",), (".clj", ".cljs", ".cljc", ".edn")),
    Language("Lua", ("lua",), (".lua",)),
    Language("Perl", ("perl", "cperl"), (".pl", ".pm")),
    Language("R", ("r", "rscript", "splus"), (".r", ".R")),
    Language("Dart", ("dart",), (".dart",)),
    Language("OCaml", ("ocaml",), (".ml", ".mli")),
    Language("F#", ("f#", "fsharp"), (".fs", ".fsi", ".fsx")),
    Language("Zig", ("zig",), (".zig",)),
    Language("Nix", ("nix", "nixos"), (".nix",)),
    Language("PowerShell", ("powershell", "posh", "pwsh"), (".ps1", ".psm1", ".psd1")),
    Language("Batchfile", ("batchfile", "bat", "batch", "dosbatch", "winbatch"), (".bat", ".cmd")),
    Language("Protocol Buffer", ("protocol buffer", "protobuf", "proto"), (".proto",)),
    Language("GraphQL", ("graphql",), (".graphql", ".gql")),
    Language("Vue", ("vue",), (".vue",)),
    Language("Svelte", ("svelte",), (".svelte",)),
    Language("SCSS", ("scss",), (".scss",)),
    Language("Less", ("less", "less-css"), (".less",)),
    Language(
        "Starlark", ("starlark", "bazel", "bzl"), (".bzl", ".star"), ("BUILD.bazel", "WORKSPACE")
    ),
    Language("Jsonnet", ("jsonnet",), (".jsonnet", ".libsonnet")),
    Language("reStructuredText", ("restructuredtext", "rst"), (".rst",)),
    Language("CMake", ("cmake",), (".cmake",), ("CMakeLists.txt",)),
    Language("Fortran", ("fortran",), (".f90", ".f95", ".f03")),
    Language("COBOL", ("cobol",), (".cob", ".cbl")),
    Language("Visual Basic .NET", ("visual basic .net", "vb .net", "vbnet", "vb.net"), (".vb",)),
    Language("Assembly", ("assembly", "asm", "nasm"), (".asm", ".nasm")),
    Language("Solidity", ("solidity",), (".sol",)),
    Language("Terraform Template", ("terraform template",), (".tftpl",)),
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
