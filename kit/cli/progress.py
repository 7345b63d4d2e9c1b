"""A progress bar the commands hand to library functions as `on_planned` / `on_done` callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def counting(
    description: str, console: Console, *, total: int | None = None, transient: bool = False
) -> Iterator[tuple[Callable[[int], None], Callable[..., None]]]:
    """Show a bar of `description`; yield (set the total, advance by one or by n)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=transient) as progress:
        task = progress.add_task(description, total=total)

        def planned(count: int) -> None:
            progress.update(task, total=count)

        def done(*_: object, step: int = 1) -> None:
            progress.advance(task, step)

        yield planned, done
