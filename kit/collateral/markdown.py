"""Markdown to HTML for the collateral a mail client or a browser shows: one Markdown source,
rendered by markdown-it (CommonMark and tables), with inline styles because mail clients drop
`<style>` blocks. Raw HTML in the source is escaped, never passed through."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ACCENT = "#6b3fd4"
STYLES: dict[str, str] = {
    "h2": f"font-size: 1.15rem; color: {ACCENT}; margin: 1.3rem 0 .5rem;",
    "table": "border-collapse: collapse; font-size: .9rem; width: 100%;",
    "th": f"text-align: left; background: {ACCENT}; color: #fff; padding: .35rem .5rem;",
    "td": "padding: .35rem .5rem; border-bottom: 1px solid #e2e0ef; vertical-align: top;",
    "code": "font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: .85em; "
    "background: #f4f3fb; padding: 0 .2em;",
    "a": f"color: {ACCENT};",
    "li": "margin: .25rem 0;",
}
"""Inline style per tag."""
NOWRAP_COLUMNS = 2
"""A table's first columns (a date, a time) are kept on one line."""


def _inline_styles(state: StateCore) -> None:
    column = 0
    for token in state.tokens:
        if token.type == "tr_open":
            column = 0
        for item in (token, *(token.children or ())):
            if item.nesting >= 0 and item.tag in STYLES:
                style = STYLES[item.tag]
                if item.tag in ("th", "td"):
                    column += 1
                    if column <= NOWRAP_COLUMNS:
                        style += " white-space: nowrap;"
                item.attrSet("style", style)


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.core.ruler.push("inline_styles", _inline_styles)
    return md


def markdown_html(text: str) -> str:
    """`text` (Markdown) as an HTML fragment with inline styles."""
    return str(_renderer().render(text))


def table_cell(value: str) -> str:
    """`value` safe inside a Markdown table cell (a `|` would end the cell)."""
    return value.replace("|", "\\|").replace("\n", " ")
