"""The template's rules for one assignment notebook: small functions over its cells."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.lint.cells import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    Cell,
    Exercise,
    exercises,
)
from kit.lint.violations import Violation

OPENING_LABELS = ("Objectives", "Audience", "Prerequisites", "Estimated time")
_ESTIMATE = re.compile(r"Estimated\s+time\W{0,6}?(\d+)\s*minutes?\b", re.IGNORECASE)
_GRADE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ANSWER_ID = re.compile(r"^(ex\d+)-answer$")
_VISIBLE_CHECK = re.compile(r"\bcheck_\w*\s*\(")
_LINK = re.compile(r"\[[^\]]+\]\([^)\s]+\)|<https?://[^>]+>")


@dataclass(frozen=True)
class NotebookUnderLint:
    """An assignment notebook's cells, with what the course YAML says about it."""

    path: Path
    cells: tuple[Cell, ...]
    estimated_minutes: int | None = None  # None when the assignment spans several notebooks

    def at(self, cell: Cell | None, rule: str, message: str) -> Violation:
        """A violation of `rule` at `cell` (or the whole notebook when None)."""
        if cell is None:
            return Violation(self.path, None, rule, message)
        return Violation(self.path, cell.index, rule, message, cell_id=cell.label)

    @property
    def exercises(self) -> list[Exercise]:
        """The notebook's exercises, in order."""
        return exercises(self.cells)

    def markdown_with_heading(self, heading: str) -> Cell | None:
        """The first markdown cell with a `#`-heading line that starts with `heading`."""
        pattern = re.compile(rf"^#{{1,6}}\s*{heading}\b", re.IGNORECASE | re.MULTILINE)
        return next(
            (c for c in self.cells if c.kind == "markdown" and pattern.search(c.source)), None
        )


NotebookRule = Callable[[NotebookUnderLint], Iterator[Violation]]


def _has_label(text: str, label: str) -> bool:
    words = r"\s+".join(label.split())
    as_heading = rf"^#{{1,6}}\s*{words}\b"
    as_bold = rf"(\*\*|__)\s*{words}\b"
    return re.search(f"{as_heading}|{as_bold}", text, re.IGNORECASE | re.MULTILINE) is not None


def title(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T201: the notebook opens with a markdown cell whose first line is a `# ` title."""
    first = nb.cells[0] if nb.cells else None
    if first is None or first.kind != "markdown" or not first.source.lstrip().startswith("# "):
        yield nb.at(first, "T201", "start the notebook with a markdown cell '# <Course> · <Title>'")


def opening_cell(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T202: the first cell names the objectives, audience, prerequisites and estimated time."""
    first = nb.cells[0] if nb.cells else None
    text = first.source if first is not None and first.kind == "markdown" else ""
    missing = [label for label in OPENING_LABELS if not _has_label(text, label)]
    if missing:
        names = ", ".join(f"**{label}.**" for label in missing)
        yield nb.at(first, "T202", f"add {names} to the opening cell")


def estimated_time(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T203: the opening cell's estimated time reads 'N minutes' and agrees with the course YAML."""
    first = nb.cells[0] if nb.cells else None
    if first is None or not _has_label(first.source, "Estimated time"):
        return  # T202 reports the missing label
    found = _ESTIMATE.search(first.source)
    if found is None:
        yield nb.at(first, "T203", "write the estimated time as '**Estimated time.** N minutes.'")
    elif nb.estimated_minutes is not None and int(found.group(1)) != nb.estimated_minutes:
        yield nb.at(
            first,
            "T203",
            f"estimated time says {found.group(1)} minutes, the course YAML "
            f"{nb.estimated_minutes}: make them agree",
        )


def worked_example(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T204: a worked example (a locked code cell with grade id `example-*`) before the exercises."""
    first_answer = next((c.index for c in nb.cells if c.is_answer), len(nb.cells))
    examples = [
        c
        for c in nb.cells[:first_answer]
        if c.is_code and c.locked and not c.grade and (c.grade_id or "").startswith("example-")
    ]
    if not examples:
        yield nb.at(
            None,
            "T204",
            "add a worked example before the exercises: a locked code cell with grade id 'example-...'",
        )


def has_exercises(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T301: at least one exercise."""
    if not nb.exercises:
        yield nb.at(
            None, "T301", "add an exercise: an answer cell (nbgrader solution) and its test cell"
        )


def answer_cells(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T302 and T303: answer cells mark the solution and are not graded themselves."""
    for exercise in nb.exercises:
        answer = exercise.answer
        if BEGIN_SOLUTION not in answer.source or END_SOLUTION not in answer.source:
            yield nb.at(
                answer, "T302", f"wrap the solution in '{BEGIN_SOLUTION}' ... '{END_SOLUTION}'"
            )
        if answer.grade:
            yield nb.at(
                answer,
                "T303",
                "set grade: false on the answer cell; its test cell carries the points",
            )


def tests_follow(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T304: each answer cell is followed by its test cell; no test cell stands alone."""
    paired = set()
    for exercise in nb.exercises:
        if exercise.tests is None:
            yield nb.at(
                exercise.answer,
                "T304",
                "put the exercise's test cell (graded, locked) directly after this answer cell",
            )
        else:
            paired.add(exercise.tests.index)
    for cell in nb.cells:
        if cell.is_test and cell.index not in paired:
            yield nb.at(cell, "T304", "put this test cell directly after the answer cell it grades")


def autograder_cells(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T305 and T306: a test cell has a visible check and hidden tests."""
    for cell in nb.cells:
        if not cell.is_test:
            continue
        if not _VISIBLE_CHECK.search(cell.visible_source()):
            yield nb.at(
                cell,
                "T305",
                "add a visible check before the hidden tests, e.g. check_query(answer, '<fingerprint>')",
            )
        if BEGIN_HIDDEN not in cell.source or END_HIDDEN not in cell.source:
            yield nb.at(
                cell, "T306", f"put the grading tests between '{BEGIN_HIDDEN}' and '{END_HIDDEN}'"
            )


def points(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T307: every graded cell is worth points."""
    for cell in nb.cells:
        if cell.grade and (cell.points is None or cell.points <= 0):
            yield nb.at(cell, "T307", "give this graded cell 'points' greater than 0")


def grade_id_naming(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T308: grade ids are lower-case-kebab; answers are `exN-answer`, their tests `exN-check`."""
    for cell in nb.cells:
        if (cell.grade or cell.solution or cell.locked) and not cell.grade_id:
            yield nb.at(cell, "T308", "give this nbgrader cell a grade_id")
        elif cell.grade_id is not None and not _GRADE_ID.match(cell.grade_id):
            yield nb.at(cell, "T308", "use lower-case letters, digits and '-' in the grade id")
    for exercise in nb.exercises:
        named = _ANSWER_ID.match(exercise.answer.grade_id or "")
        if named is None:
            yield nb.at(
                exercise.answer,
                "T308",
                "name the answer cell 'exN-answer' (N: the exercise number)",
            )
        elif exercise.tests is not None and exercise.tests.grade_id != f"{named.group(1)}-check":
            yield nb.at(exercise.tests, "T308", f"name this test cell '{named.group(1)}-check'")


def closing(nb: NotebookUnderLint) -> Iterator[Violation]:
    """T401 and T402: a recap, then 'Where next' with links, after the last exercise."""
    last = max((c.index for c in nb.cells if c.is_answer or c.is_test), default=-1)
    recap = nb.markdown_with_heading("Recap")
    if recap is None:
        yield nb.at(None, "T401", "add a markdown cell '## Recap' after the last exercise")
    elif recap.index < last:
        yield nb.at(recap, "T401", "move the recap after the last exercise")
    onward = nb.markdown_with_heading("Where next")
    if onward is None:
        yield nb.at(None, "T402", "add a markdown cell '## Where next' with links, after the recap")
    elif onward.index < max(last, recap.index if recap else -1):
        yield nb.at(onward, "T402", "move 'Where next' after the recap")
    elif not _LINK.search(onward.source):
        yield nb.at(
            onward, "T402", "link onward: the next assignment, course or documentation page"
        )


NOTEBOOK_RULES: tuple[NotebookRule, ...] = (
    title,
    opening_cell,
    estimated_time,
    worked_example,
    has_exercises,
    answer_cells,
    tests_follow,
    autograder_cells,
    points,
    grade_id_naming,
    closing,
)


def lint_notebook(nb: NotebookUnderLint) -> list[Violation]:
    """Every violation of the notebook rules in one assignment notebook."""
    return [violation for rule in NOTEBOOK_RULES for violation in rule(nb)]
