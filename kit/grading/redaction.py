"""Feedback that never shows a hidden test: strip hidden regions and tracebacks from test cells.

nbgrader's feedback is the autograded notebook rendered to HTML, so by default it shows the hidden
tests that autograding put back, and tracebacks that quote their source (nbgrader #917, #1363).
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN = "BEGIN HIDDEN TESTS"
END = "END HIDDEN TESTS"
PLACEHOLDER = "# (hidden tests ran here)"


def strip_hidden_region(source: str) -> str:
    """Replace every hidden-test region of a cell's source with one placeholder line."""
    out: list[str] = []
    hidden = False
    for line in source.split("\n"):
        if BEGIN in line:
            hidden = True
            out.append(PLACEHOLDER)
        elif END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def is_test_cell(cell: Any) -> bool:
    """True for nbgrader autograder-test cells (graded, not a learner's answer)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


class RedactHiddenTests(NbGraderPreprocessor):  # type: ignore[misc]
    """Remove hidden tests from test cells and cut their tracebacks to the error's message."""

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], cell_index: int
    ) -> tuple[Any, dict[str, Any]]:
        if cell.cell_type == "code" and is_test_cell(cell):
            cell.source = strip_hidden_region(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        return cell, resources
