"""nbgrader's workflow for one course, through its Python API: release, import, autograde, feedback."""

from __future__ import annotations

import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.errors import GradingError, NotebookError
from kit.grading.gradebook_db import gradebook_exists, prepare_gradebook
from kit.grading.gradebook_reader import read_gradebook
from kit.grading.grades import AutogradeOutcome, ExerciseScore
from kit.grading.intake import RefusedSubmissionsError, read_inbox
from kit.grading.layout import CourseLayout, course_layout, nbgrader_config
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from kit.sandbox import SandboxLimits


def _venv_bin_on_path() -> None:
    """Put this interpreter's folder first on PATH.

    nbgrader runs the `alembic` command and ipykernel's kernelspec runs plain `python`, both
    looked up on PATH: without this a kernel may start outside the kit's environment.
    """
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if path.split(os.pathsep)[0] != bindir:
        os.environ["PATH"] = os.pathsep.join([bindir, path]) if path else bindir


_EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception)): (.+)$")


def _reason(result: dict[str, Any]) -> str:
    """The most specific error line nbgrader logged (not its generic 'see above' wrapper)."""
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    found = [
        f"{m.group(1)}: {m.group(2).strip()}"
        for m in map(_EXCEPTION_LINE.match, text.splitlines())
        if m
        and "see the the above traceback" not in m.group(2)
        and "see the above traceback" not in m.group(2)
    ]
    if found:
        return found[-1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no details"


def drop_duplicate_grade_ids(nb: Any) -> int:
    """Strip nbgrader metadata from later copies of a grade id (a pasted cell); return how many.

    The first cell with an id keeps it; the copies stay, as ordinary cells. nbgrader's own
    `DeduplicateIds` leaves an empty metadata dict behind, which its next check rejects as an
    "old version" notebook (nbgrader #1083), so the whole submission would go ungraded.
    Metadata of the wrong type is left alone: intake refuses it (`kit.grading.intake`).
    """
    seen: set[str] = set()
    dropped = 0
    for cell in nb.cells:
        metadata = cell.get("metadata")
        meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str):
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            dropped += 1
        seen.add(grade_id)
    return dropped


class CourseGrading:
    """The nbgrader steps of one course, with its layout applied."""

    def __init__(
        self,
        layout: CourseLayout,
        limits: SandboxLimits | None = None,
        *,
        exercise_seconds: float | None = None,
    ) -> None:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        from kit.grading import nbgrader_speedups

        _venv_bin_on_path()
        nbgrader_speedups.install()
        self.layout = layout
        config = nbgrader_config(layout)
        if limits is not None:
            config.TrustedExecute.wall_seconds = limits.wall_seconds
            config.TrustedExecute.cpu_seconds = limits.cpu_seconds
            config.TrustedExecute.memory_mib = limits.memory_bytes >> 20
            config.TrustedExecute.processes = limits.processes
        if exercise_seconds is not None:
            config.TrustedExecute.exercise_seconds = exercise_seconds
        config.NbGraderAPI.log_level = logging.ERROR
        layout.course_root.mkdir(parents=True, exist_ok=True)
        prepare_gradebook(layout.db_url)
        self._api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    @classmethod
    def for_project(
        cls,
        project: Project,
        course_id: str,
        *,
        grading_dir: Path | None = None,
        release_dir: Path | None = None,
        limits: SandboxLimits | None = None,
        exercise_seconds: float | None = None,
    ) -> CourseGrading:
        """The course's grading in a checkout (its `grading/`, or another grading folder)."""
        return cls(
            course_layout(
                course_id,
                notebooks_dir=project.notebooks_dir,
                release_dir=release_dir or project.release_dir,
                grading_dir=grading_dir or project.grading_dir,
            ),
            limits,
            exercise_seconds=exercise_seconds,
        )

    def release(self, assignment_id: str) -> list[Path]:
        """Generate the learner version of an assignment into the release folder."""
        source = self.layout.source_dir / assignment_id
        if not source.is_dir():
            raise NotebookError("assignment source folder not found", where=source)
        for path in sorted(source.glob("*.ipynb")):
            read_notebook(path)
        result = self._api.generate_assignment(assignment_id, force=True, create=True)
        if not result["success"]:
            raise GradingError(
                f"nbgrader could not generate the assignment: {_reason(result)}", where=source
            )
        return sorted((self.layout.release_dir / assignment_id).glob("*.ipynb"))

    def is_released(self, assignment_id: str) -> bool:
        """Whether the gradebook knows the assignment (its cells, points and tests)."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.layout.db_url, self.layout.course_id) as gradebook:
            try:
                gradebook.find_assignment(assignment_id)
            except MissingEntry:
                return False
        return True

    def ensure_released(self, assignment_id: str) -> None:
        """Fill the gradebook from the instructor notebook if it lacks the assignment.

        The gradebook is runtime state (git-ignored): on a fresh clone it is empty though
        `release/` is committed, and autograde needs the instructor's cells from it.
        """
        if not self.is_released(assignment_id):
            self.release(assignment_id)

    def submission_dir(self, learner: str, assignment_id: str) -> Path:
        """Where nbgrader expects one learner's submitted notebooks."""
        return self.layout.course_root / "submitted" / learner / assignment_id

    def import_submissions(
        self, assignment_id: str, inbox: Path, notebooks: Iterable[str]
    ) -> list[str]:
        """Copy `inbox/<learner>/[<assignment>/]<notebook>.ipynb` into nbgrader's submitted folder.

        Files are read by `kit.grading.intake`'s rules. Every valid learner is imported; if any
        was refused, RefusedSubmissionsError (listing them) is raised after the rest are in.
        Returns the learners imported.
        """
        taken = read_inbox(inbox, assignment_id, list(notebooks))
        for learner, found in taken.accepted.items():
            target = self.submission_dir(learner, assignment_id)
            target.mkdir(parents=True, exist_ok=True)
            for name, nb in found.items():
                drop_duplicate_grade_ids(nb)
                write_notebook(nb, target / f"{name}.ipynb")
            (target / "timestamp.txt").write_text(datetime.now(UTC).isoformat() + "\n")
        imported = list(taken.accepted)
        if taken.refused:
            raise RefusedSubmissionsError(taken.refused, imported)
        if not imported:
            raise NotebookError(f"no learner folders with {assignment_id} notebooks", where=inbox)
        return imported

    def submitted_learners(self, assignment_id: str) -> list[str]:
        """Learners with a submission of this assignment."""
        from kit.grading.run import submitted_learners

        return submitted_learners(self.layout, assignment_id)

    def autograde(
        self,
        assignment_id: str,
        learners: Iterable[str] | None = None,
        on_done: Callable[[AutogradeOutcome], None] | None = None,
    ) -> list[AutogradeOutcome]:
        """Autograde each learner's submission with nbgrader; one failure does not stop the rest."""
        todo = list(learners) if learners is not None else self.submitted_learners(assignment_id)
        if not todo:
            raise GradingError(
                f"no submissions of {assignment_id} to autograde",
                where=self.layout.course_root / "submitted",
            )
        outcomes: list[AutogradeOutcome] = []
        for learner in todo:
            with warnings.catch_warnings():
                # nbgrader 0.9's gradebook code trips SQLAlchemy 2.x autoflush warnings; harmless.
                warnings.filterwarnings("ignore", message=".*not in session.*")
                result = self._api.autograde(assignment_id, learner, force=True, create=True)
            outcome = AutogradeOutcome(
                learner, bool(result["success"]), "" if result["success"] else _reason(result)
            )
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
        return outcomes

    def feedback(self, assignment_id: str, learner: str | None = None) -> list[Path]:
        """Render HTML feedback (hidden tests redacted) for autograded submissions."""
        result = self._api.generate_feedback(assignment_id, learner, force=True)
        if not result["success"]:
            raise GradingError(
                f"nbgrader could not generate feedback: {_reason(result)}",
                where=self.layout.course_root,
            )
        root = self.layout.course_root / "feedback"
        self._not_graded_feedback(assignment_id, learner)
        pattern = f"{learner or '*'}/{assignment_id}/*.html"
        return sorted(root.glob(pattern))

    def _not_graded_feedback(self, assignment_id: str, learner: str | None) -> None:
        """A feedback page for each submission whose grading failed: why, and that it is not
        a zero (nbgrader writes none for it)."""
        from kit.grading.failures import failed_gradings, not_graded_page

        notebooks = sorted(p.stem for p in (self.layout.source_dir / assignment_id).glob("*.ipynb"))
        for failure in failed_gradings(self.layout.course_root, [assignment_id]):
            if learner is not None and failure.learner != learner:
                continue
            folder = self.layout.course_root / "feedback" / failure.learner / assignment_id
            folder.mkdir(parents=True, exist_ok=True)
            page = not_graded_page(failure, self.layout.course_id)
            for name in notebooks or [assignment_id]:
                (folder / f"{name}.html").write_text(page, encoding="utf-8")

    def has_gradebook(self) -> bool:
        """Whether anything was ever graded for this course here."""
        return gradebook_exists(self.layout.db_url)

    def learner_names(self) -> dict[str, str]:
        """Learner id -> 'First Last' for learners whose names the gradebook knows."""
        return read_gradebook(self.layout.db_url, self.layout.course_id, ()).names

    def scores(self, assignment_ids: Iterable[str]) -> list[ExerciseScore]:
        """Every graded cell's score, per learner, from the gradebook."""
        return read_gradebook(self.layout.db_url, self.layout.course_id, assignment_ids).scores
