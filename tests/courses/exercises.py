"""The exercises of the published courses' instructor notebooks, and a way to run their cells."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kit.courses import load_catalog
from kit.notebook_io import read_notebook

CHECKOUT = Path(__file__).resolve().parents[2]
WRONG_ANSWERS = Path(__file__).parent / "wrong_answers"
HIDDEN = "### BEGIN HIDDEN TESTS"


@dataclass(frozen=True)
class Exercise:
    """One autograded exercise: its notebook's setup code, solution cell and test cell."""

    course: str
    assignment: str
    number: str
    setup: str
    solution: str
    test: str

    @property
    def id(self) -> str:
        return f"{self.course}/{self.assignment}/{self.number}"

    @property
    def visible_check(self) -> str:
        """The part of the test cell a learner's release keeps."""
        return self.test.split(HIDDEN)[0]

    def run(self, code: str, answer: Any = ...) -> dict[str, Any]:
        """Run the setup, then `code` with `answer` bound, as the notebook's kernel would."""
        namespace: dict[str, Any] = {}
        exec(compile(self.setup, f"{self.id}:setup", "exec"), namespace)
        namespace["answer"] = answer
        exec(compile(code, f"{self.id}:test", "exec"), namespace)
        return namespace


def _grade_id(cell: Any) -> str:
    return str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))


def notebook_exercises(course: str, assignment: str, path: Path) -> list[Exercise]:
    """Every exercise of one instructor notebook."""
    cells = read_notebook(path).cells
    by_id = {_grade_id(c): c.source for c in cells if _grade_id(c)}
    params = [c.source for c in cells if "parameters" in c.metadata.get("tags", [])]
    setup = "\n".join([*params, by_id.get("setup", "")])
    numbers = [gid.removesuffix("-answer") for gid in by_id if gid.endswith("-answer")]
    return [
        Exercise(course, assignment, n, setup, by_id[f"{n}-answer"], by_id[f"{n}-check"])
        for n in numbers
    ]


def published_exercises() -> list[Exercise]:
    """Every exercise of every published course, in course order."""
    catalog = load_catalog(CHECKOUT / "courses")
    found: list[Exercise] = []
    for course in catalog.published_courses:
        for assignment in course.assignments:
            for name in assignment.notebooks:
                path = CHECKOUT / "notebooks" / course.id / assignment.id / f"{name}.ipynb"
                if path.is_file():  # a missing notebook is the linter's T103 and test_release's
                    found += notebook_exercises(course.id, assignment.id, path)
    return found


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer an exercise must reject, and what its visible check must say."""

    exercise: str
    answer: Any
    says: str = ""


def wrong_answers() -> list[WrongAnswer]:
    """Every wrong answer in `wrong_answers/<course>/<assignment>.yaml` (`exN: [{answer, says}]`)."""
    found: list[WrongAnswer] = []
    for path in sorted(WRONG_ANSWERS.rglob("*.yaml")):
        course, assignment = path.parent.name, path.stem
        for number, entries in (yaml.safe_load(path.read_text()) or {}).items():
            for entry in entries:
                found.append(
                    WrongAnswer(
                        f"{course}/{assignment}/{number}", entry["answer"], entry.get("says", "")
                    )
                )
    return found
