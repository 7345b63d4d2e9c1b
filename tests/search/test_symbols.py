"""Symbol extraction finds the definitions Sourcegraph's `type:symbol` search shows, with its kinds."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from kit.errors import SearchError
from kit.search.corpus import Corpus, read_corpus
from kit.search.symbol_kinds import SYMBOL_KINDS
from kit.search.symbols import Symbol, SymbolsError, ctags_version, extract_symbols

RepoSymbols = dict[str, dict[str, tuple[Symbol, ...]]]


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> Corpus:
    """The practice corpus at HEAD."""
    return read_corpus(corpus_dir)


@pytest.fixture(scope="module")
def corpus_symbols(corpus: Corpus) -> RepoSymbols:
    """Symbols of each practice repository (one extraction per repository), by name then path."""
    return {
        repo.name: extract_symbols((doc.path, doc.text) for doc in repo.documents)
        for repo in corpus.repositories
    }


def text_of(corpus: Corpus, repository: str, path: str) -> str:
    repo = next(r for r in corpus.repositories if r.name == repository)
    return next(doc.text for doc in repo.documents if doc.path == path)


def line_starting(text: str, prefix: str) -> int:
    """The 1-based number of the first line that starts with `prefix`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(prefix))


def symbols_of(path: str, source: str) -> tuple[Symbol, ...]:
    return extract_symbols([(path, textwrap.dedent(source))])[path]


def outline(symbols: tuple[Symbol, ...]) -> list[tuple[str, str, str | None]]:
    """(kind, name, container) of each symbol, in order."""
    return [(s.kind, s.name, s.container_name) for s in symbols]


def named(symbols: tuple[Symbol, ...], name: str) -> Symbol:
    (symbol,) = (s for s in symbols if s.name == name)
    return symbol


# --- kinds ---------------------------------------------------------------------------------------


def test_symbol_kinds_are_sourcegraphs_select_symbol_names() -> None:
    assert SYMBOL_KINDS == (
        "file", "module", "namespace", "package", "class", "method", "property", "field",
        "constructor", "enum", "interface", "function", "variable", "constant", "string",
        "number", "boolean", "array", "object", "key", "null", "enum-member", "struct", "event",
        "operator", "type-parameter",
    )  # fmt: skip


def test_go_method_on_a_struct_is_a_method_of_that_struct(
    corpus: Corpus, corpus_symbols: RepoSymbols
) -> None:
    repo, path = "github.com/acme/billing-service", "payments/gateway.go"
    text = text_of(corpus, repo, path)
    ping = named(corpus_symbols[repo][path], "Ping")
    assert (ping.kind, ping.container_name, ping.language) == ("method", "Gateway", "Go")
    assert ping.line == line_starting(text, "func (g Gateway) Ping(")


def test_go_struct_fields_package_and_package_level_definitions(
    corpus_symbols: RepoSymbols,
) -> None:
    billing = corpus_symbols["github.com/acme/billing-service"]
    assert outline(billing["payments/gateway.go"]) == [
        ("package", "payments", None),
        ("struct", "Gateway", None),
        ("field", "Host", "Gateway"),
        ("field", "Timeout", "Gateway"),
        ("method", "Ping", "Gateway"),
    ]
    assert outline(billing["main.go"]) == [
        ("package", "main", None),
        ("constant", "DefaultTimeout", None),
        ("function", "main", None),
    ]


def test_go_interface_methods_and_type_definitions() -> None:
    symbols = symbols_of(
        "shapes.go",
        """\
        package shapes

        type Celsius float64

        type Shape interface {
            Area() float64
        }

        func (c Celsius) String() string { return "" }
        """,
    )
    assert outline(symbols) == [
        ("package", "shapes", None),
        ("class", "Celsius", None),
        ("interface", "Shape", None),
        ("method", "Area", "Shape"),
        ("method", "String", "Celsius"),
    ]


def test_python_class_and_its_methods() -> None:
    symbols = symbols_of(
        "shapes.py",
        """\
        MAX_SIDES = 10


        class Shape(Base):
            sides = 0

            def __init__(self, sides):
                self.sides = sides

            @property
            def name(self):
                return "shape"


        def area(shape):
            return 0
        """,
    )
    assert outline(symbols) == [
        ("variable", "MAX_SIDES", None),
        ("class", "Shape", None),
        ("variable", "sides", "Shape"),
        ("method", "__init__", "Shape"),
        ("method", "name", "Shape"),
        ("function", "area", None),
    ]
    assert {s.language for s in symbols} == {"Python"}


def test_typescript_interface_and_its_properties(corpus_symbols: RepoSymbols) -> None:
    cart = corpus_symbols["github.com/acme/web-storefront"]["src/cart.ts"]
    assert outline(cart) == [
        ("interface", "CartItem", None),
        ("property", "sku", "CartItem"),
        ("property", "quantity", "CartItem"),
        ("property", "priceCents", "CartItem"),
        ("function", "calculateTotal", None),
        ("function", "isEmpty", None),
    ]


def test_typescript_classes_enums_and_type_aliases() -> None:
    symbols = symbols_of(
        "shapes.ts",
        """\
        export type Money = number;
        export enum Color { Red, Green }
        export class Circle {
          private radius: number;
          area(): number { return this.radius; }
        }
        export const PI = 3.14;
        """,
    )
    assert outline(symbols) == [
        ("class", "Money", None),
        ("enum", "Color", None),
        ("enum-member", "Red", "Color"),
        ("enum-member", "Green", "Color"),
        ("class", "Circle", None),
        ("property", "radius", "Circle"),
        ("method", "area", "Circle"),
        ("constant", "PI", None),
    ]


def test_java_enum_constants_are_enum_members() -> None:
    symbols = symbols_of(
        "Planet.java",
        """\
        package com.acme.space;

        public enum Planet {
            MERCURY(3.3e23),
            VENUS(4.9e24);

            private final double mass;

            Planet(double mass) { this.mass = mass; }
        }

        class Outer {
            enum Color { RED, GREEN }
        }
        """,
    )
    assert outline(symbols) == [
        ("package", "com.acme.space", None),
        ("enum", "Planet", None),
        ("enum-member", "MERCURY", "Planet"),
        ("enum-member", "VENUS", "Planet"),
        ("field", "mass", "Planet"),
        ("method", "Planet", "Planet"),
        ("class", "Outer", None),
        ("enum", "Color", "Outer"),
        ("enum-member", "RED", "Outer.Color"),
        ("enum-member", "GREEN", "Outer.Color"),
    ]


@pytest.mark.parametrize(
    ("repository", "path", "name"),
    [
        ("github.com/acme/billing-service", "main.go", "DefaultTimeout"),
        ("github.com/acme/ui-kit", "src/telemetry.ts", "ENDPOINT"),
        ("github.com/acme/legacy-reports", "app.rb", "DB_CONFIG"),
    ],
)
def test_constants_are_constants(
    corpus_symbols: RepoSymbols, repository: str, path: str, name: str
) -> None:
    assert named(corpus_symbols[repository][path], name).kind == "constant"


@pytest.mark.parametrize(
    ("path", "source", "absent"),
    [
        (
            "imports.py",
            """\
            import os.path as osp
            from collections import OrderedDict as OD

            def outer():
                def inner():
                    pass
                local = 1
            """,
            {"osp", "OD", "inner", "local"},
        ),
        (
            "imports.ts",
            """\
            import { api, type Client } from "./api";
            export { api as default } from "./api";
            export function outer() { const local = 1; return local; }
            """,
            {"api", "Client", "default", "local"},
        ),
        (
            "imports.go",
            """\
            package main

            import str "strings"

            func main() { local := str.ToUpper("x"); _ = local }
            """,
            {"str", "local"},
        ),
    ],
)
def test_imports_and_function_locals_are_not_symbols(
    path: str, source: str, absent: set[str]
) -> None:
    names = {s.name for s in symbols_of(path, source)}
    assert names, "the snippet's own definitions are found"
    assert not names & absent


# --- every symbol, across the practice corpus ----------------------------------------------------


def test_every_symbol_sits_on_its_line_at_its_character(
    corpus: Corpus, corpus_symbols: RepoSymbols
) -> None:
    checked = 0
    for repo in corpus.repositories:
        for doc in repo.documents:
            lines = doc.text.split("\n")
            for s in corpus_symbols[repo.name][doc.path]:
                assert lines[s.line - 1][s.character :].startswith(s.name), (doc.path, s)
                checked += 1
    assert checked > 100


def test_symbols_come_sorted_by_line_with_sourcegraph_kinds(corpus_symbols: RepoSymbols) -> None:
    for by_path in corpus_symbols.values():
        for symbols in by_path.values():
            assert [s.line for s in symbols] == sorted(s.line for s in symbols)
            assert {s.kind for s in symbols} <= set(SYMBOL_KINDS)


def test_every_file_is_in_the_result(corpus: Corpus, corpus_symbols: RepoSymbols) -> None:
    for repo in corpus.repositories:
        assert set(corpus_symbols[repo.name]) == {doc.path for doc in repo.documents}


@pytest.mark.parametrize(
    ("repository", "path"),
    [
        ("github.com/acme/billing-service", "README.md"),  # Sourcegraph runs no ctags on Markdown
        ("github.com/acme/billing-service", "Dockerfile"),
        ("github.com/acme/web-storefront", "package.json"),
        ("gitlab.example.com/platform/deploy-configs", "README.md"),
    ],
)
def test_files_without_definitions_have_no_symbols(
    corpus_symbols: RepoSymbols, repository: str, path: str
) -> None:
    assert corpus_symbols[repository][path] == ()


def test_no_files_no_symbols() -> None:
    assert extract_symbols([]) == {}
    assert symbols_of("empty.py", "") == ()


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../outside.py", "src/../../outside.py", "src//a.py", "./a.py", ""]
)
def test_paths_outside_the_repository_are_refused(path: str) -> None:
    with pytest.raises(SymbolsError, match="not a relative path") as raised:
        extract_symbols([("ok.py", "x = 1\n"), (path, "def f(): pass\n")])
    assert isinstance(raised.value, SearchError)


def test_a_path_given_twice_is_refused() -> None:
    with pytest.raises(SymbolsError, match="twice"):
        extract_symbols([("a.py", "x = 1\n"), ("a.py", "y = 2\n")])


def test_files_with_the_same_name_in_different_folders_keep_their_own_symbols() -> None:
    found = extract_symbols(
        [("a/__init__.py", "def a(): pass\n"), ("b/__init__.py", "def b(): pass\n")]
    )
    assert [s.name for s in found["a/__init__.py"]] == ["a"]
    assert [s.name for s in found["b/__init__.py"]] == ["b"]


# --- the stream API's shape ----------------------------------------------------------------------


def test_symbol_json_is_the_stream_apis_symbols_item(corpus_symbols: RepoSymbols) -> None:
    repo, path = "github.com/acme/billing-service", "payments/gateway.go"
    ping = named(corpus_symbols[repo][path], "Ping")
    # `func (g Gateway) Ping() error {`: the name spans columns 18-22 of line 16, 1-based
    assert ping.to_json(repo, "", path) == {
        "url": "/github.com/acme/billing-service/-/blob/payments/gateway.go?L16:18-16:22",
        "name": "Ping",
        "containerName": "Gateway",
        "kind": "METHOD",
        "line": 16,
    }


@pytest.mark.parametrize(
    ("symbol", "commit", "path", "url", "container", "kind"),
    [
        (
            Symbol("RED", "enum-member", 3, "Color", "Java", 4),
            "",
            "Color.java",
            "/r/-/blob/Color.java?L3:5-3:8",
            "Color",
            "ENUMMEMBER",
        ),
        (
            Symbol("T", "type-parameter", 1, None, None, 0),
            "v1.2",
            "a b/c.ts",
            "/r@v1.2/-/blob/a%20b/c.ts?L1:1-1:2",
            "",
            "TYPEPARAMETER",
        ),
    ],
)
def test_symbol_json_names_revision_escapes_path_and_uppercases_kind(
    symbol: Symbol, commit: str, path: str, url: str, container: str, kind: str
) -> None:
    item = symbol.to_json("r", commit, path)
    assert (item["url"], item["containerName"], item["kind"]) == (url, container, kind)


# --- ctags ---------------------------------------------------------------------------------------


def fake_ctags(folder: Path, script: str) -> Path:
    """A `ctags` on a PATH of its own: a shell script standing in for a broken install."""
    folder.mkdir()
    ctags = folder / "ctags"
    ctags.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    ctags.chmod(0o755)
    return folder


def test_ctags_version_names_universal_ctags() -> None:
    assert ctags_version().startswith("Universal Ctags ")


def test_ctags_runs_once_per_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which("ctags")
    log = tmp_path / "calls.log"
    bin_dir = fake_ctags(tmp_path / "bin", f'echo "$*" >> {log}\nexec {real} "$@"\n')
    monkeypatch.setenv("PATH", str(bin_dir))
    found = extract_symbols([(f"m{i}.py", f"def f{i}(): pass\n") for i in range(5)])
    assert [s.name for symbols in found.values() for s in symbols] == [f"f{i}" for i in range(5)]
    runs = [call for call in log.read_text().splitlines() if call != "--version"]
    assert len(runs) == 1


def test_missing_ctags_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for attempt in (ctags_version, lambda: extract_symbols([("a.py", "x = 1\n")])):
        with pytest.raises(SymbolsError) as raised:
            attempt()
        assert "sudo apt-get install universal-ctags" in str(raised.value)
        assert "make symbols-deps" in str(raised.value)


def test_a_ctags_that_is_not_universal_ctags_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(fake_ctags(tmp_path / "bin", "echo 'Exuberant Ctags 5.8'\n")))
    with pytest.raises(SymbolsError, match=r"not Universal Ctags.*apt-get install universal-ctags"):
        extract_symbols([("a.py", "x = 1\n")])


def test_a_failing_ctags_raises_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = """\
        if [ "$1" = --version ]; then
          echo 'Universal Ctags 5.9.0, Copyright (C) 2015 Universal Ctags Team'
          echo '  Optional compiled features: +json'
          exit 0
        fi
        echo 'ctags: out of memory' >&2
        exit 1
        """
    monkeypatch.setenv("PATH", str(fake_ctags(tmp_path / "bin", script)))
    with pytest.raises(SymbolsError, match=r"exit status 1 \(ctags: out of memory\)"):
        extract_symbols([("a.py", "x = 1\n")])
