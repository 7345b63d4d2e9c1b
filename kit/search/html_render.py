"""Search results as HTML for notebooks, laid out as the Sourcegraph UI shows them.

Each result is a card headed `repository › path` (a file or its symbols) or
`repository › author: subject` (a commit), then its body: highlighted lines, a symbol list with
kinds and line numbers, or the commit's message or diff preview with added and removed lines
coloured. All text from the corpus or a live instance is escaped; styles are inline so the HTML
renders the same in Jupyter, nbconvert exports and PDFs.
"""

from __future__ import annotations

import html

from kit.search.results import (
    CommitMatch,
    FileMatch,
    Match,
    PreviewLineKind,
    RepositoryMatch,
    SearchResults,
    SymbolMatch,
)
from kit.search.symbols import Symbol

_MUTED = "color:#6b7489"
_CARD = "margin:6px 0;border:1px solid #dbe2f0;border-radius:4px"
_HEADER = (
    "background:#f5f7fb;padding:3px 6px;border-bottom:1px solid #dbe2f0;"
    "display:flex;justify-content:space-between;gap:1em"
)
_ROW = "padding:2px 6px;display:flex;gap:0.5em;align-items:baseline"
_ASIDE = f"{_MUTED};white-space:nowrap;margin-left:auto"
_BODY = "margin:0;padding:3px 6px;font-family:monospace;white-space:pre-wrap;tab-size:4"

_PREVIEW_STYLES: dict[PreviewLineKind, str] = {
    "added": "background:#e6ffec;color:#116329",
    "removed": "background:#ffebe9;color:#82071e",
    "hunk": "color:#6b7489",
    "file": "font-weight:bold",
    "context": "",
    "message": "",
}

# Badge colours by kind family, close to the UI's symbol icons: types warm, callables purple,
# members and values blue, namespaces grey.
_KIND_COLOURS: dict[str, str] = {
    **dict.fromkeys(("class", "struct", "interface", "enum", "type-parameter"), "#c05f00"),
    **dict.fromkeys(("function", "method", "constructor", "operator", "event"), "#7a3ec8"),
    **dict.fromkeys(("field", "property", "variable", "enum-member", "key"), "#1c6fd0"),
    **dict.fromkeys(("constant", "string", "number", "boolean", "null"), "#1c6fd0"),
    **dict.fromkeys(("array", "object"), "#1c6fd0"),
}
_OTHER_KIND_COLOUR = "#5e6a82"  # file, module, namespace, package and anything unknown


def results_html(results: SearchResults, *, limit: int = 50) -> str:
    """Render the first `limit` results and a summary line as one HTML fragment."""
    parts = [
        '<div class="sgkit-results" style="font-family:sans-serif">',
        f"<p><b>{results.match_count}</b> results for <code>{_e(results.query)}</code>",
    ]
    if results.limit_hit:
        parts.append(" (limit hit: add <code>count:all</code> to see every result)")
    parts.append("</p>")
    parts.extend(match_html(match) for match in results.matches[:limit])
    if len(results.matches) > limit:
        parts.append(f"<p>… and {len(results.matches) - limit} more results.</p>")
    parts.append("</div>")
    return "".join(parts)


def match_html(match: Match) -> str:
    """One result as an HTML card (a repository as a single line)."""
    if isinstance(match, RepositoryMatch):
        return f"<div>📦 <b>{_e(match.repository)}</b></div>"
    if isinstance(match, CommitMatch):
        return commit_html(match)
    if isinstance(match, SymbolMatch):
        return symbol_html(match)
    return file_html(match)


def file_html(match: FileMatch) -> str:
    """A file result: `repository › path`, then its matching lines, numbered from 1."""
    path = _marked(match.path, match.path_matches)
    rows = "".join(
        f'<span style="{_MUTED}">{lm.line_number + 1:>4}</span>  '
        f"{_marked(lm.line, lm.offset_and_lengths)}\n"
        for lm in match.line_matches
    )
    body = f'<pre style="{_BODY}">{rows}</pre>' if rows else ""
    return _card(f"{_e(match.repository)} › <b>{path}</b>", body)


def symbol_html(match: SymbolMatch) -> str:
    """A symbol result: `repository › path`, then one row per symbol: kind, name, container
    and its 1-based line."""
    rows = "".join(_symbol_row(symbol) for symbol in match.symbols)
    return _card(f"{_e(match.repository)} › <b>{_e(match.path)}</b>", rows)


def _symbol_row(symbol: Symbol) -> str:
    colour = _KIND_COLOURS.get(symbol.kind, _OTHER_KIND_COLOUR)
    badge = (
        f'<span class="sgkit-symbol-kind" title="{_e(symbol.kind)}" style="display:inline-block;'
        f"min-width:6.5em;font-size:85%;color:{colour};border:1px solid {colour};"
        f'border-radius:3px;padding:0 4px;text-align:center">{_e(symbol.kind)}</span>'
    )
    container = (
        f' <span style="{_MUTED}">{_e(symbol.container_name)}</span>'
        if symbol.container_name
        else ""
    )
    return (
        f'<div style="{_ROW}">{badge} <b>{_e(symbol.name)}</b>{container}'
        f' <span style="{_ASIDE}">line {symbol.line}</span></div>'
    )


def commit_html(match: CommitMatch) -> str:
    """A commit or diff result: `repository › author: subject` with the short commit id and
    date, then the message or the diff preview, highlighted."""
    when = f"{match.author_date:%Y-%m-%d}"
    if match.age:
        when = f"{when} ({_e(match.age)})"
    header = f"{_e(match.repository)} › {_e(match.author_name)}: <b>{_e(match.subject)}</b>"
    aside = f"<code>{_e(match.oid[:7])}</code> {when}"
    rows = []
    for line in match.preview_lines():
        shown = _marked(line.text, line.highlights)
        style = _PREVIEW_STYLES[line.kind]
        rows.append(f'<span style="display:block;{style}">{shown or " "}</span>')
    kind = "sgkit-diff" if match.kind == "diff" else "sgkit-commit-message"
    body = f'<pre class="{kind}" style="{_BODY}">{"".join(rows)}</pre>'
    return _card(header, body, aside)


def _card(header: str, body: str, aside: str = "") -> str:
    """A result: a header row (with `aside` on its right) over its body."""
    right = f' <span style="{_ASIDE}">{aside}</span>' if aside else ""
    return (
        f'<div style="{_CARD}"><div style="{_HEADER}"><span>{header}</span>{right}</div>'
        f"{body}</div>"
    )


def _marked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` escaped, with each sorted, disjoint (start, length) span in a <mark>."""
    out: list[str] = []
    position = 0
    for start, length in spans:
        start = max(start, position)
        out.append(_e(text[position:start]))
        out.append(f"<mark>{_e(text[start : start + length])}</mark>")
        position = max(position, start + length)
    out.append(_e(text[position:]))
    return "".join(out)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
