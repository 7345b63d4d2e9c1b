"""Which ctags tags Sourcegraph shows as symbols, and the kind it gives each.

Sources (sourcegraph/sourcegraph-public-snapshot unless named):
- `internal/search/result/symbol.go`: `ToSelectKind`, the ctags kind name -> `select:symbol.<kind>`
  table, and `LSPKind`, which gives the UPPERCASE kind of the stream API (go-lsp names).
- `sourcegraph/go-ctags` `ctags.go`: the universal-ctags language allowlist Sourcegraph and zoekt run
  ("some languages cause issues in universal-ctags (eg markdown)"): no YAML, JSON, Markdown,
  Dockerfile, SQL or Make symbols.
- `internal/ctags_config/ctags_config.go`: since 5.x Go, Python, TypeScript, JavaScript, Ruby, Rust,
  Kotlin, C# and Scala default to scip-ctags (tree-sitter), which names methods `method` and
  indexes no function-local definitions; the few language rules below follow it.
"""

from __future__ import annotations

import re

SYMBOL_KINDS: tuple[str, ...] = (
    "file",
    "module",
    "namespace",
    "package",
    "class",
    "method",
    "property",
    "field",
    "constructor",
    "enum",
    "interface",
    "function",
    "variable",
    "constant",
    "string",
    "number",
    "boolean",
    "array",
    "object",
    "key",
    "null",
    "enum-member",
    "struct",
    "event",
    "operator",
    "type-parameter",
)
"""Sourcegraph's `select:symbol.<kind>` names (`internal/search/filter/select.go`)."""

CTAGS_LANGUAGES: tuple[str, ...] = (
    "Basic", "C", "C#", "C++", "Clojure", "Cobol", "CSS", "CUDA", "D", "Elixir", "Elm", "Erlang",
    "Go", "Haskell", "Java", "JavaScript", "Kotlin", "Lisp", "Lua", "MatLab", "ObjectiveC", "OCaml",
    "Pascal", "Perl", "Perl6", "PHP", "Powershell", "Protobuf", "Python", "R", "Ruby", "Rust",
    "Scheme", "Sh", "SystemVerilog", "Tcl", "TypeScript", "Verilog", "VHDL", "Vim",
)  # fmt: skip
"""go-ctags' `--languages=` allowlist, less the languages it defines by regex (GraphQL, Groovy,
Jsonnet, Scala, Swift, Thrift, tsx): universal-ctags has no parser of its own for them."""

# Sourcegraph's ToSelectKind: each kind and the ctags kind names (lowercased) it covers.
_CTAGS_NAMES: dict[str, tuple[str, ...]] = {
    "file": ("file",),
    "module": ("module",),
    "namespace": ("namespace",),
    "package": ("package", "packagename", "subprogspec"),
    "class": (
        "class", "classes", "type", "service", "typedef", "union", "section", "subtype",
        "component",
    ),
    "method": ("method", "methodspec"),
    "property": ("property",),
    "field": ("field", "member", "anonmember", "recordfield"),
    "constructor": ("constructor",),
    "interface": ("interface",),
    "function": (
        "function", "func", "subroutine", "macro", "subprogram", "procedure", "command",
        "singletonmethod",
    ),
    "variable": ("variable", "var", "functionvar", "define", "alias", "val"),
    "constant": ("constant", "const"),
    "string": ("string", "message", "heredoc"),
    "number": ("number",),
    "boolean": ("boolean", "bool"),
    "array": ("array",),
    "object": ("object", "literal", "map"),
    "key": ("key", "label", "target", "selector", "id", "tag"),
    "null": ("null",),
    "enum-member": ("enum member", "enumconstant"),
    "struct": ("struct",),
    "event": ("event",),
    "operator": ("operator",),
    "type-parameter": ("type parameter", "annotation"),
}  # fmt: skip
_SOURCEGRAPH_KINDS = {name: kind for kind, names in _CTAGS_NAMES.items() for name in names}

# Kinds ToSelectKind misses though LSPKind or scip-ctags name them: `enum` (LSPKind ENUM), enum
# values (scip-ctags `enumMember`; LSPKind calls ctags' `enumerator` an ENUM, we follow LSP),
# type aliases (as `typedef` -> class), accessors and generators.
_MORE_KINDS: dict[str, str] = {
    "enum": "enum",
    "enumerator": "enum-member",
    "enummember": "enum-member",
    "talias": "class",
    "typealias": "class",
    "getter": "method",
    "setter": "method",
    "accessor": "method",
    "generator": "function",
}

# (ctags language, ctags kind) rules where scip-ctags, the default engine, differs; None drops.
_LANGUAGE_KINDS: dict[tuple[str, str], str | None] = {
    ("Go", "packageName"): None,  # the local name of an import
    ("Python", "member"): "method",  # a def inside a class
    ("Python", "namespace"): None,  # `import a.b as c`
    ("Python", "unknown"): None,  # `from a import b as c`
}

# TypeScript's `alias` kind covers both `type T = ...` and the names in import/export lists.
_IMPORT_OR_EXPORT_LIST = re.compile(r"\s*(?:import\b|export\s+(?:type\s+)?[{*])")

_FUNCTION_KINDS = frozenset({"function", "method"})


def sourcegraph_kind(
    language: str, ctags_kind: str, scope_kind: str | None = None, line: str = ""
) -> str | None:
    """Sourcegraph's kind (one of SYMBOL_KINDS) for a ctags tag, or None if it shows no symbol.

    `line` is the source line of the tag, needed to tell a TypeScript type alias from an import.
    """
    if language == "Go" and ctags_kind == "func" and scope_kind not in (None, "package"):
        return "method"  # a function with a receiver
    if (language, ctags_kind) in _LANGUAGE_KINDS:
        return _LANGUAGE_KINDS[language, ctags_kind]
    if ctags_kind == "alias" and language in ("TypeScript", "JavaScript"):
        return None if _IMPORT_OR_EXPORT_LIST.match(line) else "class"
    key = ctags_kind.lower()
    return _SOURCEGRAPH_KINDS.get(key) or _MORE_KINDS.get(key)


def is_local(language: str, scope_kind: str | None) -> bool:
    """Whether a tag inside a scope of this kind is function-local (scip-ctags indexes none)."""
    return scope_kind is not None and sourcegraph_kind(language, scope_kind) in _FUNCTION_KINDS


def lsp_kind(kind: str) -> str:
    """The stream API's UPPERCASE kind for a Sourcegraph kind (`enum-member` -> `ENUMMEMBER`)."""
    return kind.replace("-", "").upper()
