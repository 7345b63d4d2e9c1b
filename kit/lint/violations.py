"""The template's rules (id, name, what they ask) and the violations the linter reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    """One rule of the course template (`courses/TEMPLATE.md`), e.g. T202 opening-cell."""

    id: str
    name: str
    summary: str

    def __str__(self) -> str:
        return f"{self.id} {self.name}"


_RULES = (
    # Course YAML and the files a course declares
    Rule("T101", "course-file", "the course YAML loads with every required field"),
    Rule("T102", "prerequisites", "the course YAML lists its prerequisites"),
    Rule("T103", "notebook-file", "each assignment notebook of a published course exists"),
    Rule(
        "T104", "undeclared-notebook", "every notebook in a course folder belongs to an assignment"
    ),
    # Opening and teaching
    Rule("T201", "title", "the first cell is a markdown '# ' title"),
    Rule(
        "T202",
        "opening-cell",
        "the first cell names Objectives, Audience, Prerequisites and Estimated time",
    ),
    Rule("T203", "estimated-time", "Estimated time is 'N minutes' and agrees with the course YAML"),
    Rule(
        "T204",
        "worked-example",
        "a worked example (code cell 'example-*') comes before the exercises",
    ),
    # Exercises
    Rule("T301", "has-exercises", "the notebook has at least one exercise (an answer cell)"),
    Rule("T302", "answer-cell", "an answer cell holds '### BEGIN SOLUTION' ... '### END SOLUTION'"),
    Rule("T303", "autograded", "an answer cell is not graded itself: its test cell is"),
    Rule(
        "T304",
        "tests-follow",
        "each answer cell is followed directly by its test cell, and only by it",
    ),
    Rule("T305", "visible-check", "a test cell calls a check_* function outside its hidden tests"),
    Rule(
        "T306",
        "hidden-tests",
        "a test cell holds '### BEGIN HIDDEN TESTS' ... '### END HIDDEN TESTS'",
    ),
    Rule("T307", "points", "every graded cell has points > 0"),
    Rule(
        "T308",
        "grade-id-naming",
        "answer 'exN-answer', its test 'exN-check', ids in lower-case-kebab",
    ),
    Rule("T309", "unique-grade-id", "grade ids are unique within a notebook"),
    # Closing
    Rule("T401", "recap", "a '## Recap' markdown cell follows the last exercise"),
    Rule("T402", "where-next", "a '## Where next' markdown cell with links follows the recap"),
    # Release
    Rule("T501", "release-file", "each assignment notebook of a published course is released"),
    Rule("T502", "release-clean", "a released notebook holds no solution or hidden test"),
    # The trainer's guide
    Rule("T601", "trainer-guide", "a published course has a trainer's guide with its six sections"),
    Rule("T602", "trainer-checklist", "the guide's train-the-trainer checklist has checkbox items"),
)
RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


@dataclass(frozen=True)
class Violation:
    """A broken rule: which file (and cell or field), which rule, and one line saying what to do."""

    file: Path
    cell: int | None
    rule: str
    message: str
    cell_id: str | None = None
    field: str | None = None

    @property
    def where(self) -> str:
        """`file`, `file cell 3 (ex1-check)` or `file field 'prerequisites'`."""
        where = str(self.file)
        if self.cell is not None:
            where += f" cell {self.cell}" + (f" ({self.cell_id})" if self.cell_id else "")
        if self.field is not None:
            where += f" field {self.field!r}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {RULES[self.rule]}: {self.message}"
