"""Simulated learners: take the released notebook, write their answers in, save a submission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from kit.notebook_io import copy_notebook, read_notebook, write_notebook

DEMO_SCRIPT = Path(__file__).with_name("learners.yaml")


class SimulatedLearner(BaseModel):
    """One learner of the demo and the answers they type, by answer cell grade id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    persona: str
    answers: dict[str, str]


class DemoScript(BaseModel):
    """Which assignment the demo cohort takes and what each learner answers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    course: str
    assignment: str
    notebook: str
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


def write_submissions(script: DemoScript, released_notebook: Path, inbox: Path) -> list[Path]:
    """Write each learner's answered notebook to `inbox/<learner>/<assignment>/<notebook>.ipynb`."""
    released = read_notebook(released_notebook)
    written: list[Path] = []
    for learner in script.learners:
        target = inbox / learner.id / script.assignment / f"{script.notebook}.ipynb"
        written.append(write_notebook(answered_notebook(released, learner.answers), target))
    return written
