"""Readable terminal rendering of search results (rich), highlighted as the UI highlights them."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from kit.search.results import (
    CommitMatch,
    FileMatch,
    PreviewLineKind,
    SearchResults,
    SymbolMatch,
)

_MATCH_STYLE = "bold black on yellow"
_PREVIEW_STYLES: dict[PreviewLineKind, str] = {
    "added": "green",
    "removed": "red",
    "hunk": "dim cyan",
    "file": "bold",
    "context": "",
    "message": "",
}
_KIND_WIDTH = 11  # "enum-member"; only "type-parameter" is longer
_KIND_STYLES = {
    **dict.fromkeys(("class", "struct", "interface", "enum", "type-parameter"), "yellow"),
    **dict.fromkeys(("function", "method", "constructor", "operator", "event"), "magenta"),
}
_OTHER_KIND_STYLE = "blue"


def result_lines(results: SearchResults) -> list[Text]:
    """One header line per result, then its numbered matching lines, its symbols, or a commit's
    message or diff, with matches highlighted."""
    out: list[Text] = []
    for match in results.matches:
        if isinstance(match, CommitMatch):
            out.extend(commit_lines(match))
        elif isinstance(match, SymbolMatch):
            out.extend(symbol_lines(match))
        elif isinstance(match, FileMatch):
            out.extend(file_lines(match))
        else:
            out.append(Text(match.repository, style="bold cyan"))
    return out


def file_lines(match: FileMatch) -> list[Text]:
    """A file result: `repo › path`, then its matching lines numbered from 1."""
    path = Text(match.path, style="bold")
    for start, length in match.path_matches:
        path.stylize(_MATCH_STYLE, start, start + length)
    out = [Text(f"{match.repository} › ", style="cyan") + path]
    for lm in match.line_matches:
        line = Text(lm.line)
        for start, length in lm.offset_and_lengths:
            line.stylize(_MATCH_STYLE, start, start + length)
        out.append(Text(f"{lm.line_number + 1:>6}  ", style="dim") + line)
    return out


def symbol_lines(match: SymbolMatch) -> list[Text]:
    """A symbol result: `repo › path`, then one line per symbol: its kind, name, container
    (`in Invoice`) and 1-based line, as the UI lists them."""
    out = [Text(f"{match.repository} › ", style="cyan") + Text(match.path, style="bold")]
    for symbol in match.symbols:
        kind_style = _KIND_STYLES.get(symbol.kind, _OTHER_KIND_STYLE)
        line = Text("      ") + Text(f"{symbol.kind:<{_KIND_WIDTH}}", style=kind_style)
        line += Text(" ") + Text(symbol.name, style="bold")
        if symbol.container_name:
            line += Text(f" in {symbol.container_name}", style="dim")
        line += Text(f"  line {symbol.line}", style="dim")
        out.append(line)
    return out


def commit_lines(match: CommitMatch) -> list[Text]:
    """A commit result: `repo › author: subject  oid date`, then its message or diff."""
    header = Text(f"{match.repository} › {match.author_name}: ", style="cyan")
    header += Text(match.subject, style="bold")
    age = f" ({match.age})" if match.age else ""
    header += Text(f"  {match.oid[:7]} {match.author_date:%Y-%m-%d}{age}", style="dim")
    out = [header]
    for line in match.preview_lines():
        shown = Text(line.text, style=_PREVIEW_STYLES[line.kind])
        for start, length in line.highlights:
            shown.stylize(_MATCH_STYLE, start, start + length)
        out.append(Text("      ") + shown)
    return out


def print_results(results: SearchResults, console: Console) -> None:
    """Print results and a summary line, as the search page's header does."""
    for line in result_lines(results):
        console.print(line, highlight=False, soft_wrap=True)
    summary = f"{results.match_count} results in {results.progress.duration_ms} ms"
    if results.limit_hit:
        summary += " (limit hit: add count:all for every result)"
    console.print(Text(summary, style="bold"))


def print_json_lines(search: Callable[[], SearchResults]) -> None:
    """Print one JSON object per match, then the progress; a bad query prints an alert object
    (as Sourcegraph's stream does) before its error propagates."""
    import json

    from kit.errors import QuerySyntaxError

    try:
        results = search()
    except QuerySyntaxError as exc:
        alert = {"type": "alert", "title": "Invalid query", "description": exc.message}
        print(json.dumps(alert))
        raise
    for line in results.json_lines():
        print(line)
