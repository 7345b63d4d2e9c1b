"""Print a batch preview as `src batch preview` summarises it: a table, then the diffs."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from kit.practice.batch.preview import BatchPreview


def preview_table(preview: BatchPreview) -> Table:
    """One row per changeset: repository, action, title, branch and diff stat."""
    table = Table(title=f"Batch change {preview.name}: {len(preview.changesets)} changesets")
    table.add_column("Repository", overflow="fold")
    for column in ("Action", "Title", "Branch", "Diff"):
        table.add_column(column, overflow="fold")
    for changeset in preview.changesets:
        added, removed = changeset.diff_stat()
        stat = Text.assemble((f"+{added}", "green"), " ", (f"-{removed}", "red"))
        table.add_row(
            changeset.repository, changeset.action, changeset.title, changeset.branch, stat
        )
    return table


def preview_renderable(preview: BatchPreview, *, diffs: bool = True) -> RenderableType:
    """The whole preview: table, unchanged workspaces, failures, notes and (optionally) diffs."""
    parts: list[RenderableType] = [preview_table(preview)]
    if preview.unchanged:
        parts.append(Text(f"No changes in: {', '.join(preview.unchanged)}"))
    parts += [Text(f"Failed: {failure}", style="red") for failure in preview.failures]
    parts += [Text(f"Note: {note}", style="yellow") for note in preview.notes]
    if diffs:
        for changeset in preview.changesets:
            parts.append(Text(f"\n{changeset.repository} ({changeset.branch})", style="bold"))
            parts.append(Syntax(changeset.diff, "diff", theme="ansi_dark", word_wrap=True))
    return Group(*parts)


def print_preview(preview: BatchPreview, console: Console | None = None) -> None:
    """Print the preview to `console` (default: the terminal)."""
    (console or Console()).print(preview_renderable(preview))
