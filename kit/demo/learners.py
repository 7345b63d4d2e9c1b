"""Simulated learners: take the released notebooks, write their answers in, save submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from kit.notebook_io import copy_notebook, read_notebook, write_notebook

DEMO_SCRIPT = Path(__file__).with_name("learners.yaml")


class SimulatedLearner(BaseModel):
    """One learner of the demo and the answer cells they type, per assignment and grade id
    (an assignment they leave out, they submit blank)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    persona: str
    answers: dict[str, dict[str, str]]

    def answers_for(self, assignment: str) -> dict[str, str]:
        """What this learner types into `assignment`'s answer cells, by grade id."""
        return self.answers.get(assignment, {})


class DemoScript(BaseModel):
    """Which assignments the demo cohort submits (assignment id: notebook) and their answers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    course: str
    assignments: dict[str, str]
    certification: str
    learners: tuple[SimulatedLearner, ...]


def load_demo_script(path: Path = DEMO_SCRIPT) -> DemoScript:
    """Read the demo cohort."""
    return DemoScript.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def answered_notebook(released: Any, answers: dict[str, str]) -> Any:
    """A copy of the released notebook with `answers` written into the matching answer cells."""
    nb = copy_notebook(released)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def write_submissions(
    script: DemoScript, assignment: str, released_notebook: Path, inbox: Path
) -> list[Path]:
    """Write each learner's answered copy of `assignment` to
    `inbox/<learner>/<assignment>/<notebook>.ipynb`."""
    released = read_notebook(released_notebook)
    notebook = script.assignments[assignment]
    written: list[Path] = []
    for learner in script.learners:
        target = inbox / learner.id / assignment / f"{notebook}.ipynb"
        answered = answered_notebook(released, learner.answers_for(assignment))
        written.append(write_notebook(answered, target))
    return written
