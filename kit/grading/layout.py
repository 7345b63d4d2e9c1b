"""How nbgrader sees the kit: one nbgrader course root per Sourcegraph course.

    notebooks/<course>/<assignment>/*.ipynb     nbgrader's source directory
    release/<course>/<assignment>/*.ipynb       nbgrader's release directory (committed)
    grading/<course>/                           course root: submitted/, autograded/, feedback/,
                                                gradebook.db (git-ignored)

A gradebook per course keeps assignment names (unique per nbgrader gradebook) independent
between courses. With `SGKIT_GRADEBOOK_URL` set, the gradebook is a database per course on a
server instead (PostgreSQL: see `kit.grading.gradebook_db`). `grading/nbgrader_config.py` calls `apply_course_layout` so that nbgrader's own
apps (formgrader included) see the same layout as `sgkit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traitlets.config import Config

from kit.grading.gradebook_db import gradebook_url, sqlite_url

ANSWER_STUB = "answer = ...  # YOUR ANSWER HERE"
"""What nbgrader puts in place of a solution: learners replace the `...` with their answer."""


@dataclass(frozen=True)
class CourseLayout:
    """The folders nbgrader uses for one course."""

    course_id: str
    source_dir: Path
    release_dir: Path
    course_root: Path
    server_url: str | None = None
    """The gradebook database on a server (from SGKIT_GRADEBOOK_URL), or None for SQLite."""

    @property
    def db_url(self) -> str:
        """The course's gradebook URL (nbgrader's SQLAlchemy models): the server's, or SQLite."""
        return self.server_url or sqlite_url(self.course_root)


def course_layout(
    course_id: str, *, notebooks_dir: Path, release_dir: Path, grading_dir: Path
) -> CourseLayout:
    """The layout of `course_id` under the given notebooks, release and grading folders.

    The gradebook is SQLite in the course root unless `SGKIT_GRADEBOOK_URL` names a server.
    """
    course_root = (grading_dir / course_id).resolve()
    return CourseLayout(
        course_id=course_id,
        source_dir=(notebooks_dir / course_id).resolve(),
        release_dir=(release_dir / course_id).resolve(),
        course_root=course_root,
        server_url=gradebook_url(course_id, course_root),
    )


def apply_course_layout(c: Any, layout: CourseLayout) -> None:
    """Set nbgrader's course-directory and preprocessor settings on the config object `c`."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from kit.grading.redaction import RedactHiddenTests
    from kit.grading.sanitize import SanitizeLearnerContent
    from kit.grading.trusted import TrustedExecute

    c.CourseDirectory.course_id = layout.course_id
    c.CourseDirectory.root = str(layout.course_root)
    c.CourseDirectory.source_directory = str(layout.source_dir)
    c.CourseDirectory.release_directory = str(layout.release_dir)
    c.CourseDirectory.db_url = layout.db_url
    c.ClearSolutions.code_stub = {"python": ANSWER_STUB}
    # nbconvert validates the whole notebook after every preprocessor unless told to validate
    # once, after the last (about 25 ms per submission autograded); the result is the same.
    c.Exporter.optimistic_validation = True
    # nbgrader's Execute step (learner code and hidden tests in one kernel) is replaced by
    # TrustedExecute: answers as data, verdicts made by sandboxed judges. See docs/threat-model.md.
    c.Autograde.autograde_preprocessors = [
        TrustedExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SanitizeLearnerContent,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    # Learner content is made inert in the autograded notebook (what the formgrader shows) and
    # again for the feedback page (defence in depth): see kit/grading/sanitize.py.
    c.GenerateFeedback.preprocessors = [
        GetGrades,
        RedactHiddenTests,
        SanitizeLearnerContent,
        CSSHTMLHeaderPreprocessor,
    ]


def nbgrader_config(layout: CourseLayout) -> Config:
    """A fresh traitlets Config holding the course layout."""
    config = Config()
    apply_course_layout(config, layout)
    return config
