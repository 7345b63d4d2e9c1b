"""Reading CSV files at the boundary: rows with their line numbers, one-line errors naming the file."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from kit.errors import ConfigError


def csv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file that must have `columns` (more are ignored); a missing
    file or column is a ConfigError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", where=path) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"missing column {missing[0]!r} (need {', '.join(columns)})", where=path)
    yield from enumerate(reader, start=2)
