"""Rubric scores coming in (a CSV export of the assessors' spreadsheet, or the assessor form),
checked against the rubric before anything is recorded.

The CSV has one row per assessor per session, one column per competency:

    learner,date,session,subject,role,assessor,discovery,value-story,...,notes

`learner`, `date` (YYYY-MM-DD), `role` and `assessor` are required; `session` (a label for a second
session on the same day), `subject` and `notes` are optional; every other column must be one of the
rubric's competencies, scored on its scale or left empty (not observed).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from kit.courses import Rubric
from kit.errors import RecordsError
from kit.records.assessments import Assessment, RubricSession, same_person

REQUIRED_COLUMNS = ("learner", "date", "role", "assessor")
OPTIONAL_COLUMNS = ("session", "subject", "notes")


def check_assessment(rubric: Rubric, assessment: Assessment, where: str = "") -> None:
    """Raise a RecordsError naming the field if one assessment does not fit the rubric."""
    prefix = f"{where}: " if where else ""
    if not assessment.role.strip():
        raise RecordsError(f"{prefix}missing assessor role (one of {_roles(rubric)})")
    if rubric.role(assessment.role) is None:
        raise RecordsError(
            f"{prefix}unknown assessor role {assessment.role!r} (one of {_roles(rubric)})"
        )
    if not assessment.assessor.strip():
        raise RecordsError(f"{prefix}missing assessor name for role {assessment.role!r}")
    for competency, score in assessment.scores.items():
        if rubric.competency(competency) is None:
            raise RecordsError(
                f"{prefix}unknown competency {competency!r} in rubric {rubric.id!r} "
                f"(known: {', '.join(c.id for c in rubric.competencies)})"
            )
        if isinstance(score, bool) or not isinstance(score, int) or score not in rubric.scale:
            raise RecordsError(
                f"{prefix}competency {competency!r}: score {score!r} is out of range "
                f"({min(rubric.scale)}-{rubric.top_score})"
            )


def check_session(rubric: Rubric, session: RubricSession) -> None:
    """Raise a RecordsError if a session does not fit the rubric: its assessments one by one, each
    role at most once, and no person in two roles."""
    if session.rubric != rubric.id:
        raise RecordsError(f"session is for rubric {session.rubric!r}, not {rubric.id!r}")
    if not session.learner.strip():
        raise RecordsError("missing learner")
    seen: dict[str, Assessment] = {}
    for assessment in session.assessments:
        check_assessment(rubric, assessment, assessment.source)
        where = f"{assessment.source}: " if assessment.source else ""
        if assessment.role in seen:
            raise RecordsError(
                f"{where}session {session.label()} of {session.learner} has two "
                f"{assessment.role} assessments"
            )
        for other in seen.values():
            if same_person(other.assessor, assessment.assessor):
                raise RecordsError(
                    f"{where}{assessment.assessor} cannot assess session {session.label()} of "
                    f"{session.learner} as both {other.role} and {assessment.role}"
                )
        seen[assessment.role] = assessment


def read_rubric_csv(path: Path, rubric: Rubric) -> list[RubricSession]:
    """Read and check a rubric CSV; every row is checked before anything is returned."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            _check_header(path, header, rubric)
            rows = list(enumerate(reader, start=2))
    except FileNotFoundError:
        raise RecordsError("file not found", where=path) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RecordsError(f"not a readable CSV file ({exc})", where=path) from None
    if not rows:
        raise RecordsError("no rows to import", where=path)

    grouped: dict[tuple[str, date, str], list[tuple[str | None, Assessment]]] = {}
    for number, row in rows:
        where = f"{path.name} row {number}"
        if None in row:
            raise RecordsError(f"{where}: more cells than the header has columns")
        learner = _cell(row, "learner")
        if not learner:
            raise RecordsError(f"{where}: missing learner (column 'learner')")
        held_on = _date(_cell(row, "date"), where)
        scores = {
            column: _score(value, rubric, f"{where}, column {column!r}")
            for column in header
            if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS and (value := _cell(row, column))
        }
        assessment = Assessment(
            role=_cell(row, "role"),
            assessor=_cell(row, "assessor"),
            scores=scores,
            notes=_cell(row, "notes"),
            source=where,
        )
        check_assessment(rubric, assessment, where)
        subject = _cell(row, "subject") or None
        grouped.setdefault((learner, held_on, _cell(row, "session")), []).append(
            (subject, assessment)
        )

    sessions = []
    for (learner, held_on, label), entries in grouped.items():
        subjects = {s for s, _ in entries if s is not None}
        if len(subjects) > 1:
            raise RecordsError(
                f"{entries[-1][1].source}: session {held_on} of {learner} has two subjects "
                f"({', '.join(sorted(subjects))})"
            )
        session = RubricSession(
            learner=learner,
            rubric=rubric.id,
            held_on=held_on,
            assessments=tuple(a for _, a in entries),
            session=label,
            subject=subjects.pop() if subjects else None,
        )
        check_session(rubric, session)
        sessions.append(session)
    return sessions


def _check_header(path: Path, header: list[str], rubric: Rubric) -> None:
    for required in REQUIRED_COLUMNS:
        if required not in header:
            raise RecordsError(f"missing column {required!r}", where=path)
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise RecordsError(f"column {duplicates[0]!r} appears twice", where=path)
    for column in header:
        if column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            continue
        if rubric.competency(column) is None:
            raise RecordsError(
                f"unknown competency column {column!r} for rubric {rubric.id!r} "
                f"(known: {', '.join(c.id for c in rubric.competencies)})",
                where=path,
            )


def _cell(row: Mapping[str | None, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def _date(text: str, where: str) -> date:
    if not text:
        raise RecordsError(f"{where}: missing date (column 'date', YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RecordsError(f"{where}: date {text!r} is not YYYY-MM-DD") from None


def _score(text: str, rubric: Rubric, where: str) -> int:
    try:
        score = int(text)
    except ValueError:
        raise RecordsError(
            f"{where}: score {text!r} is not a number ({min(rubric.scale)}-{rubric.top_score})"
        ) from None
    if score not in rubric.scale:
        raise RecordsError(
            f"{where}: score {score} is out of range ({min(rubric.scale)}-{rubric.top_score})"
        )
    return score


def _roles(rubric: Rubric) -> str:
    return ", ".join(r.id for r in rubric.assessor_roles)
