"""The faster metadata check accepts and rejects exactly what nbgrader's own check does."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
from nbgrader.nbgraderformat import MetadataValidator, ValidationError

from kit.grading import nbgrader_speedups
from kit.notebook_io import read_notebook
from kit.project import Project


def _validate(nb: object) -> str | None:
    try:
        MetadataValidator().validate_nb(nb)
    except (ValidationError, Exception) as exc:  # jsonschema's own errors too
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


def _corruptions(nb: object) -> list[object]:
    out = []
    for change in (
        lambda m: m.__setitem__("points", "lots"),
        lambda m: m.__setitem__("grade", "yes"),
        lambda m: m.pop("grade_id"),
        lambda m: m.__setitem__("unexpected", 1),
    ):
        bad = copy.deepcopy(nb)
        cell = next(c for c in bad.cells if c.metadata.get("nbgrader", {}).get("points"))  # type: ignore[attr-defined]
        change(cell.metadata["nbgrader"])
        out.append(bad)
    return out


@pytest.fixture
def instructor_notebook(project: Project) -> object:
    path: Path = project.notebooks_dir / "sourcegraph-101" / "search-basics" / "search-basics.ipynb"
    return read_notebook(path)


def test_same_verdicts_with_and_without_the_speedup(
    instructor_notebook: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbgrader.nbgraderformat import common

    cases = [instructor_notebook, *_corruptions(instructor_notebook)]
    monkeypatch.setattr(common, "jsonschema", jsonschema)  # nbgrader as shipped; restored after
    before = [_validate(copy.deepcopy(nb)) for nb in cases]
    nbgrader_speedups.install()
    after = [_validate(copy.deepcopy(nb)) for nb in cases]
    assert after == before
    assert before[0] is None and all(before[1:])
