"""A tiny course that follows the template: YAML, one assignment notebook and its release."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from kit.notebook_io import copy_notebook, read_notebook, write_notebook

COURSE = "demo-course"
ASSIGNMENT = "first-steps"

OPENING = """# Demo course · Assignment 1: First steps

**Objectives.** By the end of this assignment you can search every repository at once.

**Audience.** Developers new to Sourcegraph. **Prerequisites.** Reading code in one language.
**Estimated time.** 30 minutes."""

ANSWER = """### BEGIN SOLUTION
answer = 'TODO'
### END SOLUTION"""

CHECK = """check_query(answer, "files:6:10d6b5665b8d3324")
### BEGIN HIDDEN TESTS
grade_query(answer, 'TODO', compare="files")
### END HIDDEN TESTS"""

GUIDE = """# Demo course: trainer's guide

## Agenda
| Block | Minutes |
|---|---|
| First steps | 30 |

## Before the session
Release the notebooks.

## Talking points
Search everything at once.

## Live demo script
1. `TODO`: every file with a TODO comment.

## Common learner mistakes
Searching one language only.

## Train-the-trainer checklist
- [ ] Pass the course at 90%.
- [ ] Shadow a delivery.
- [ ] Deliver under supervision.
"""


def nbgrader(
    grade_id: str, *, grade: bool = False, solution: bool = False, points: int | None = None
) -> dict[str, Any]:
    """nbgrader cell metadata, locked unless the cell is the learner's answer."""
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def cell(kind: str, grade_id: str, source: str, **meta: Any) -> Any:
    """A markdown or code cell whose cell id is its grade id."""
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    new = make(source, metadata=nbgrader(grade_id, **meta))  # type: ignore[no-untyped-call]
    new.id = grade_id
    return new


def instructor_notebook() -> Any:
    """An assignment notebook that breaks no rule."""
    nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    nb.cells = [
        cell("markdown", "intro", OPENING),
        cell("code", "setup", "from kit.exercises import check_query, grade_query"),
        cell("code", "example-keyword", 'sg.search("TODO")'),
        cell("markdown", "ex1-prompt", "**Exercise 1.** Find every file with a `TODO`."),
        cell("code", "ex1-answer", ANSWER, solution=True),
        cell("code", "ex1-check", CHECK, grade=True, points=2),
        cell("markdown", "recap", "## Recap\n\n- Words are ANDed over the whole file."),
        cell(
            "markdown",
            "where-next",
            "## Where next\n\n- The [query syntax](https://sourcegraph.com/docs/code-search/queries).",
        ),
    ]
    return nb


def released(nb: Any) -> Any:
    """What nbgrader's release makes of it, near enough: no solution, no hidden tests."""
    out = copy_notebook(nb)
    for c in out.cells:
        if c.metadata["nbgrader"]["solution"]:
            c.source = "answer = ...  # YOUR ANSWER HERE"
        elif c.metadata["nbgrader"]["grade"]:
            c.source = c.source.split("\n### BEGIN HIDDEN TESTS")[0]
    return out


def course_yaml(**changes: Any) -> dict[str, Any]:
    """The course file's content, with `changes` applied."""
    course: dict[str, Any] = {
        "id": COURSE,
        "title": "Demo course",
        "audience": ["Developers new to Sourcegraph"],
        "objectives": ["Search every repository at once"],
        "prerequisites": ["Reading code in one language"],
        "passing_score": 70,
        "assignments": [
            {
                "id": ASSIGNMENT,
                "title": "First steps",
                "notebooks": [ASSIGNMENT],
                "estimated_minutes": 30,
            }
        ],
    }
    return {**course, **changes}


@dataclass(frozen=True)
class CourseTree:
    """courses/, notebooks/ and release/ of a scratch checkout holding the demo course."""

    root: Path

    @property
    def courses(self) -> Path:
        return self.root / "courses"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def course_file(self) -> Path:
        return self.courses / f"{COURSE}.yaml"

    @property
    def notebook(self) -> Path:
        return self.notebooks / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

    @property
    def released_notebook(self) -> Path:
        return self.release / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

    @property
    def trainer_guide(self) -> Path:
        return self.courses / COURSE / "trainer-guide.md"

    def write_guide(self, text: str = "") -> Path:
        self.trainer_guide.parent.mkdir(parents=True, exist_ok=True)
        self.trainer_guide.write_text(text or GUIDE, encoding="utf-8")
        return self.trainer_guide

    def write_course(self, content: dict[str, Any], name: str = COURSE) -> Path:
        path = self.courses / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        return path

    def write_notebook(self, nb: Any, path: Path | None = None) -> Path:
        return write_notebook(nb, path or self.notebook)

    def read_notebook(self, path: Path | None = None) -> Any:
        return read_notebook(path or self.notebook)


def make_course_tree(root: Path) -> CourseTree:
    """Write the demo course: YAML, instructor notebook and release."""
    tree = CourseTree(root)
    tree.write_course(course_yaml())
    nb = instructor_notebook()
    tree.write_notebook(nb)
    tree.write_notebook(released(nb), tree.released_notebook)
    tree.write_guide()
    return tree
