"""The one reader of a course's gradebook: every graded cell's score and the learners' names.

It never creates a gradebook. nbgrader's `Gradebook` (and `NbGraderAPI`) create the database and
its tables when they are missing, so this reader checks that the gradebook exists first and then
reads through nbgrader's models on a plain SQLAlchemy session, writing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kit.grading.gradebook_db import gradebook_exists, reader_engine
from kit.grading.grades import ExerciseScore


@dataclass(frozen=True)
class GradebookRecords:
    """What one course's gradebook holds: each graded cell's score, and learner id -> name."""

    scores: list[ExerciseScore] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def read_gradebook(url: str, course_id: str, assignment_ids: Iterable[str]) -> GradebookRecords:
    """The scores of `assignment_ids` (those it holds) and the names in the gradebook at `url`;
    empty when the gradebook was never created."""
    wanted = list(assignment_ids)
    if not gradebook_exists(url):
        return GradebookRecords()
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    engine = reader_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("assignment"):
                return GradebookRecords()  # a file prepared for nbgrader, never filled
            with Session(bind=connection) as session:
                return GradebookRecords(_scores(session, course_id, wanted), _names(session))
    finally:
        engine.dispose()


def _scores(session: Any, course_id: str, assignment_ids: list[str]) -> list[ExerciseScore]:
    from nbgrader.api import Assignment

    out: list[ExerciseScore] = []
    for assignment_id in assignment_ids:
        assignment = (
            session.query(Assignment).filter(Assignment.name == assignment_id).one_or_none()
        )
        if assignment is None:
            continue
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                out.extend(
                    ExerciseScore(
                        learner=submission.student.id,
                        course=course_id,
                        assignment=assignment_id,
                        exercise=grade.name,
                        score=float(grade.score),
                        max_score=float(grade.max_score),
                        submitted_at=_utc(submission.timestamp),
                    )
                    for grade in sorted(notebook.grades, key=lambda g: g.name)
                )
    return out


def _names(session: Any) -> dict[str, str]:
    from nbgrader.api import Student

    students = session.query(Student).order_by(Student.last_name, Student.first_name).all()
    return {
        student.id: name
        for student in students
        if (name := " ".join(filter(None, [student.first_name, student.last_name])))
    }


def _utc(moment: datetime | None) -> datetime | None:
    """nbgrader stores naive UTC timestamps; make them aware."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
