"""Reading and writing notebooks at the boundary, with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from kit.errors import NotebookError


def read_notebook(path: Path) -> Any:
    """Read a notebook (nbformat 4), turning a missing or malformed file into a NotebookError."""
    if not path.is_file():
        raise NotebookError("notebook not found", where=path)
    try:
        return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat raises JSON, validation and OS errors alike
        raise NotebookError(f"not a readable notebook ({type(exc).__name__})", where=path) from None


def write_notebook(nb: Any, path: Path) -> Path:
    """Write a notebook to `path`, creating its folder; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)  # type: ignore[no-untyped-call]
    return path


def copy_notebook(nb: Any) -> Any:
    """A deep copy of a notebook node."""
    return nbformat.from_dict(nb)  # type: ignore[no-untyped-call]


def new_output(output_type: str, **fields: Any) -> Any:
    """A notebook output node (stream, error, ...)."""
    from nbformat.v4 import new_output as make

    return make(output_type, **fields)  # type: ignore[no-untyped-call]
