"""Helpers for batch spec tests: specs are written to YAML files, as a learner would."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

WriteSpec = Callable[[str], Path]


@pytest.fixture
def write_spec(tmp_path: Path) -> WriteSpec:
    """Write batch spec YAML (dedented) to a new file in tmp_path and return its path."""
    count = 0

    def write(text: str) -> Path:
        nonlocal count
        count += 1
        path = tmp_path / f"spec{count}.batch.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
