"""Readable terminal rendering of search results (rich), highlighted as the UI highlights them."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from kit.search.results import CommitMatch, FileMatch, SearchResults, merged_spans

_MATCH_STYLE = "bold black on yellow"
_DIFF_STYLES = {"+": "green", "-": "red", "@": "dim cyan"}


def result_lines(results: SearchResults) -> list[Text]:
    """One header line per result, then its numbered matching lines (a commit's message or
    diff), with matches highlighted."""
    out: list[Text] = []
    for match in results.matches:
        if isinstance(match, CommitMatch):
            out.extend(commit_lines(match))
            continue
        if not isinstance(match, FileMatch):
            out.append(Text(match.repository, style="bold cyan"))
            continue
        header = Text(f"{match.repository} › ", style="cyan")
        path = Text(match.path, style="bold")
        for start, length in match.path_matches:
            path.stylize(_MATCH_STYLE, start, start + length)
        out.append(header + path)
        for lm in match.line_matches:
            line = Text(lm.line)
            for start, length in lm.offset_and_lengths:
                line.stylize(_MATCH_STYLE, start, start + length)
            out.append(Text(f"{lm.line_number + 1:>6}  ", style="dim") + line)
    return out


def commit_lines(match: CommitMatch) -> list[Text]:
    """A commit result: `repo › author: subject  oid date`, then its message or diff."""
    header = Text(f"{match.repository} › ", style="cyan") + Text(
        f"{match.author_name}: ", style="cyan"
    )
    header += Text(match.subject, style="bold") + Text(
        f"  {match.oid[:7]} {match.author_date:%Y-%m-%d}", style="dim"
    )
    by_line: dict[int, list[tuple[int, int]]] = {}
    for number, column, length in match.highlights:
        by_line.setdefault(number, []).append((column, length))
    out = [header]
    for number, text in enumerate(match.preview.rstrip("\n").split("\n")):
        style = ""
        if match.kind == "diff" and text[:1] != " ":
            style = _DIFF_STYLES.get(text[:1], "bold")  # else a file header
        shown = Text(text, style=style)
        for start, length in merged_spans(by_line.get(number, [])):
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
