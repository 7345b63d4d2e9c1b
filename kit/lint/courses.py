"""Lint a course or the whole catalog against the course template (`courses/TEMPLATE.md`)."""

from __future__ import annotations

from pathlib import Path

from kit.courses import Course, load_catalog
from kit.courses.issuer import CERTIFICATIONS_FILE
from kit.courses.loading import load_course
from kit.errors import ConfigError, NotebookError
from kit.lint.cells import read_cells
from kit.lint.course_rules import (
    assignment_notebooks,
    prerequisites,
    release_clean,
    undeclared_notebooks,
    unique_grade_ids,
)
from kit.lint.guide_rules import trainer_guide
from kit.lint.notebook_rules import NotebookUnderLint, lint_notebook
from kit.lint.violations import Violation


def lint_course(
    course: Course, *, course_file: Path, notebooks_dir: Path, release_dir: Path
) -> list[Violation]:
    """Every template violation of one course; a planned course is held to its YAML only."""
    violations = list(prerequisites(course, course_file))
    if course.status != "published":
        return violations
    for assignment, path in assignment_notebooks(course, notebooks_dir):
        try:
            cells = read_cells(path)
        except NotebookError as exc:
            violations.append(
                Violation(
                    path, None, "T103", f"{exc.message}: write it or fix 'notebooks' in the YAML"
                )
            )
            continue
        minutes = assignment.estimated_minutes if len(assignment.notebooks) == 1 else None
        violations += lint_notebook(NotebookUnderLint(path, cells, minutes))
        violations += unique_grade_ids(path, cells)
    violations += undeclared_notebooks(course, notebooks_dir)
    for _, released in assignment_notebooks(course, release_dir):
        violations += release_clean(released)
    return violations


def lint_catalog(
    courses_dir: Path, notebooks_dir: Path, release_dir: Path | None = None
) -> list[Violation]:
    """Every template violation in the catalog's courses, sorted by file and cell.

    `release_dir` defaults to `release/` beside `notebooks_dir`. Only the assignment notebooks the
    course YAML declares are linted (worked examples and assessor notebooks are not assignments).
    """
    if not courses_dir.is_dir():
        raise ConfigError("course folder not found: pass --courses", where=courses_dir)
    release_dir = release_dir if release_dir is not None else notebooks_dir.parent / "release"
    violations: list[Violation] = []
    for path in sorted(courses_dir.glob("*.yaml")):
        if path.name == CERTIFICATIONS_FILE:
            continue
        try:
            load_course(path)
        except ConfigError as exc:
            violations.append(_course_file_violation(exc, path))
    if violations:
        return violations
    try:  # the cross-file checks (ids match file names, certifications name real courses)
        catalog = load_catalog(courses_dir)
    except ConfigError as exc:
        return [_course_file_violation(exc, courses_dir)]
    for course in catalog.courses.values():
        violations += lint_course(
            course,
            course_file=courses_dir / f"{course.id}.yaml",
            notebooks_dir=notebooks_dir,
            release_dir=release_dir,
        )
        if course.status == "published":
            violations += trainer_guide(course, courses_dir)
    return sorted(violations, key=_position)


def lint_scope(courses_dir: Path, notebooks_dir: Path) -> tuple[list[Course], list[Path]]:
    """What `lint_catalog` reads: every course, and every assignment notebook of a published one."""
    catalog = load_catalog(courses_dir)
    notebooks = [
        path
        for course in catalog.published_courses
        for _, path in assignment_notebooks(course, notebooks_dir)
    ]
    return list(catalog.courses.values()), notebooks


def _position(violation: Violation) -> tuple[str, int, str]:
    cell = violation.cell if violation.cell is not None else -1
    return (str(violation.file), cell, violation.rule)


def _course_file_violation(exc: ConfigError, fallback: Path) -> Violation:
    file = Path(exc.where) if exc.where else fallback
    return Violation(file, None, "T101", f"{exc.message} (see courses/TEMPLATE.md, 'Course YAML')")
