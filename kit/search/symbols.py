"""Symbols for `type:symbol` search: definitions found by Universal Ctags, kinds as Sourcegraph's.

symbols = extract_symbols([("main.go", text), ("README.md", readme)])
symbols["main.go"][0].to_json("github.com/acme/billing", "", "main.go")
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from shutil import which
from typing import Any
from urllib.parse import quote

from kit.errors import SymbolsError
from kit.search.languages import language_for_alias
from kit.search.symbol_kinds import CTAGS_LANGUAGES, is_local, lsp_kind, sourcegraph_kind

INSTALL_HINT = "sudo apt-get install universal-ctags (or make symbols-deps)"

# Names universal-ctags makes up for unnamed things; Sourcegraph's symbols service skips tags
# named so or inside them (cmd/symbols `shouldPersistEntry`).
_ANONYMOUS = ("__anon", "AnonymousFunction")

_CTAGS_OPTIONS = (
    "--options=NONE",  # no ~/.ctags.d or $CTAGS: the same symbols on every machine
    "--quiet",
    f"--languages={','.join(CTAGS_LANGUAGES)}",
    "--map-TypeScript=+.tsx",
    "--map-TypeScript=+.mts",
    "--map-TypeScript=+.cts",
    "--map-JavaScript=+.cjs",
    "--output-format=json",
    "--fields=-P+nlzp",  # no pattern; line, language, long kind names, scope kind
    "--sort=no",
    "-o",
    "-",
)

_FILE_LIST = "files.txt"  # beside the numbered folders, so never a name ctags is given


@dataclass(frozen=True)
class Symbol:
    """A definition Sourcegraph's symbol search would show.

    `kind` is one of SYMBOL_KINDS; `container_name` the enclosing class, struct, enum or module.
    `line` is 1-based, as ctags counts and as the stream API's `symbols[].line` reports it
    (Sourcegraph's `Symbol.Range()` subtracts 1 for the 0-based LSP range). `character` is the
    0-based column of the name on that line, 0 when the line does not contain it.
    """

    name: str
    kind: str
    line: int
    container_name: str | None = None
    language: str | None = None
    character: int = 0

    def to_json(self, repository: str, commit: str, path: str) -> dict[str, Any]:
        """The streaming API's `symbols[]` item: url, name, containerName, kind (LSP), line.

        `commit` is the revision as the search named it (`repo:x@rev`), "" for the default
        branch: like Sourcegraph, the URL names a revision only then.
        """
        revision = f"@{commit}" if commit else ""
        start, end = self.character + 1, self.character + 1 + len(self.name)
        url = _url_path(f"/{repository}{revision}/-/blob/{path}")
        return {
            "url": f"{url}?L{self.line}:{start}-{self.line}:{end}",
            "name": self.name,
            "containerName": self.container_name or "",
            "kind": lsp_kind(self.kind),
            "line": self.line,
        }


def ctags_version() -> str:
    """The installed Universal Ctags' version line (`Universal Ctags 5.9.0`), to key an index on."""
    return _check_ctags(_find_ctags())


def extract_symbols(files: Iterable[tuple[str, str]]) -> dict[str, tuple[Symbol, ...]]:
    """Find the symbols in the (path, text) files of one repository, with one ctags run.

    Returns every given path with its symbols sorted by line (empty if it defines none).
    Raises SymbolsError for a path that is absolute or has `..`, or when ctags is missing or fails.
    """
    texts: dict[str, str] = {}
    for path, text in files:
        _check_path(path)
        if path in texts:
            raise SymbolsError("the same path was given twice", where=path)
        texts[path] = text
    if not texts:
        return {}
    binary = _find_ctags()
    _check_ctags(binary)
    found: dict[str, list[Symbol]] = {path: [] for path in texts}
    lines: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="sgkit-ctags-") as tmp:
        written = _write_files(Path(tmp), texts)
        for tag in _run_ctags(binary, Path(tmp)):
            original = written.get(tag.get("path", ""))
            if original is None:
                continue
            path = original
            if path not in lines:
                lines[path] = texts[path].split("\n")
            symbol = _to_symbol(tag, lines[path])
            if symbol is not None:
                found[path].append(symbol)
    return {
        path: tuple(dict.fromkeys(sorted(symbols, key=_position)))
        for path, symbols in found.items()
    }


def _check_path(path: str) -> None:
    """Refuse what a git tree never holds: absolute paths, empty, `.` or `..` parts."""
    if "\0" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise SymbolsError(
            "not a relative path inside the repository (absolute, or with an empty, . or .. "
            "part); refusing to extract symbols from it",
            where=path or "<empty path>",
        )


def _find_ctags() -> str:
    binary = which("universal-ctags") or which("ctags")
    if binary is None:
        raise SymbolsError(
            f"Universal Ctags is not installed; type:symbol needs it: {INSTALL_HINT}"
        )
    return binary


def _check_ctags(binary: str) -> str:
    """Return the version line, or raise unless `binary` is Universal Ctags with JSON output."""
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SymbolsError(
            f"cannot run ctags ({exc.strerror}): {INSTALL_HINT}", where=binary
        ) from exc
    first_line = done.stdout.partition("\n")[0]
    if done.returncode != 0 or "Universal Ctags" not in first_line or "+json" not in done.stdout:
        raise SymbolsError(
            f"not Universal Ctags with JSON output ({first_line or 'no version'}): {INSTALL_HINT}",
            where=binary,
        )
    return first_line.partition(",")[0]


def _write_files(root: Path, texts: dict[str, str]) -> dict[str, str]:
    """Write each file under its own name in the first folder (`0/`, `1/`, ...) that lacks one
    so named: ctags sees the name it detects the language from, never a repository path, and
    there are only as many folders as the most repeated name. Returns temp name -> path."""
    taken: dict[str, int] = {}
    written: dict[str, str] = {}
    try:
        for path, text in texts.items():
            basename = path.rpartition("/")[2].replace("\n", "_").replace("\r", "_")
            folder = taken.get(basename, 0)
            taken[basename] = folder + 1
            (root / str(folder)).mkdir(exist_ok=True)
            (root / str(folder) / basename).write_bytes(text.encode("utf-8", "replace"))
            written[f"{folder}/{basename}"] = path
        (root / _FILE_LIST).write_text("\n".join(written) + "\n", encoding="utf-8")
    except OSError as exc:
        raise SymbolsError(f"cannot write files for ctags: {exc}", where=root) from exc
    return written


def _run_ctags(binary: str, root: Path) -> Iterator[dict[str, Any]]:
    """Yield ctags' tags (not its pseudo-tags) for the listed files."""
    with tempfile.TemporaryFile() as stderr:
        try:
            proc = subprocess.Popen(
                [binary, *_CTAGS_OPTIONS, "-L", _FILE_LIST],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        except OSError as exc:
            raise SymbolsError(f"cannot run ctags ({exc.strerror}): {INSTALL_HINT}") from exc
        with proc:
            assert proc.stdout is not None
            for raw in proc.stdout:
                try:
                    tag = json.loads(raw)
                except ValueError:
                    continue  # not JSON: ctags prints `(null)` for some inputs
                if tag.get("_type") == "tag":
                    yield tag
        if proc.returncode != 0:
            stderr.seek(0)
            messages = stderr.read().decode("utf-8", "replace").strip().splitlines()
            detail = messages[-1] if messages else "no message"
            raise SymbolsError(
                f"ctags failed with exit status {proc.returncode} ({detail}); "
                f"reinstall it: {INSTALL_HINT}",
                where=binary,
            )


def _to_symbol(tag: dict[str, Any], lines: list[str]) -> Symbol | None:
    name: str = tag.get("name", "")
    scope: str = tag.get("scope", "")
    scope_kind: str | None = tag.get("scopeKind")
    language: str = tag.get("language", "")
    line: int = tag.get("line", 0)
    if not name or name.startswith(_ANONYMOUS) or scope.startswith(_ANONYMOUS) or line < 1:
        return None
    if is_local(language, scope_kind):
        return None
    text = lines[line - 1] if line <= len(lines) else ""
    kind = sourcegraph_kind(language, tag.get("kind", ""), scope_kind, text)
    if kind is None:
        return None
    known = language_for_alias(language)
    return Symbol(
        name=name,
        kind=kind,
        line=line,
        container_name=_container(language, scope, scope_kind),
        language=known.name if known else language or None,
        character=_column(text, name),
    )


def _container(language: str, scope: str, scope_kind: str | None) -> str | None:
    """The enclosing definition's name; Go's scopes drop the package (`payments.Gateway`)."""
    if language == "Go":
        if scope_kind == "package":
            return None
        scope = scope.partition(".")[2] or scope
    return scope or None


def _column(line: str, name: str) -> int:
    """Where `name` starts on `line`: its first whole-word occurrence, else its first, else 0."""
    first = start = line.find(name)
    while start >= 0:
        before = line[start - 1] if start else " "
        after = line[start + len(name) : start + len(name) + 1] or " "
        if not _is_word(before) and not _is_word(after):
            return start
        start = line.find(name, start + 1)
    return max(first, 0)


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_$"


def _position(symbol: Symbol) -> tuple[int, int, str]:
    return (symbol.line, symbol.character, symbol.name)


def _url_path(path: str) -> str:
    """Escape a URL path as Go's url.URL does (reserved `$&+,/:;=@` kept)."""
    return quote(path, safe="/$&+,:;=@")
