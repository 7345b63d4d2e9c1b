"""Autograde one assignment: the one orchestration the CLI, the hub and the demo share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import GradingError, did_you_mean
from kit.grading.failures import keep_listed, record_outcomes
from kit.grading.grades import AutogradeOutcome
from kit.grading.layout import CourseLayout

if TYPE_CHECKING:
    from kit.grading.intake import Refusal
    from kit.grading.roster import RosterImport
    from kit.grading.steps import CourseGrading
    from kit.project import Project


def submitted_learners(layout: CourseLayout, assignment_id: str) -> list[str]:
    """Learners with a submission of this assignment in the course's submitted/ folder."""
    root = layout.course_root / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment_id}") if p.is_dir())


def autograde_assignment(
    layout: CourseLayout,
    assignment_id: str,
    learners: Sequence[str] | None = None,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    on_planned: Callable[[int], None] | None = None,
    on_done: Callable[[AutogradeOutcome], None] | None = None,
) -> list[AutogradeOutcome]:
    """Autograde `learners` (default: everyone who submitted) on `workers` local processes, or on
    the Dask `scheduler` when given; outcomes in completion order.

    `on_planned` hears how many submissions will be graded, `on_done` each outcome.
    """
    submitted = submitted_learners(layout, assignment_id)
    unknown = [learner for learner in learners or () if learner not in submitted]
    if unknown:
        raise GradingError(
            f"no submission of {assignment_id} from {unknown[0]!r}"
            + did_you_mean(unknown[0], submitted, what="submitted")
            + ("; run `sgkit collect` first" if not submitted else "")
        )
    todo = list(learners) if learners else submitted
    if not todo:
        raise GradingError(
            f"no submissions of {assignment_id} to autograde; run `sgkit collect` first"
        )
    if on_planned is not None:
        on_planned(len(todo))

    def done(outcome: AutogradeOutcome) -> None:  # each failure remembered as it happens
        record_outcomes(layout.course_root, assignment_id, [outcome])
        if not outcome.ok:
            keep_listed(layout.db_url, layout.course_id, assignment_id, outcome.learner)
        if on_done is not None:
            on_done(outcome)

    if scheduler:
        from kit.grading.dask_grading import autograde_on_dask

        return autograde_on_dask(layout, assignment_id, todo, scheduler=scheduler, on_done=done)
    from kit.grading.parallel import autograde_parallel

    return autograde_parallel(layout, assignment_id, todo, workers=workers, on_done=done)


def grading_for_assignment(
    project: Project, assignment_id: str, course_id: str | None = None
) -> CourseGrading:
    """The nbgrader steps of the course that has this assignment (found in the catalog)."""
    from kit.courses import load_catalog
    from kit.grading.steps import CourseGrading

    course = load_catalog(project.courses_dir).find_assignment(assignment_id, course_id)
    return CourseGrading.for_project(project, course.id)


def release_assignments(
    project: Project, assignment_id: str | None = None, course_id: str | None = None
) -> Iterator[Path]:
    """Release one assignment, or every assignment of every published course when it is None;
    yields each learner notebook as it is written."""
    from kit.courses import load_catalog
    from kit.grading.steps import CourseGrading

    catalog = load_catalog(project.courses_dir)
    targets = (
        [(catalog.find_assignment(assignment_id, course_id).id, assignment_id)]
        if assignment_id is not None
        else [(c.id, a.id) for c in catalog.published_courses for a in c.assignments]
    )
    for course, assignment in targets:
        yield from CourseGrading.for_project(project, course).release(assignment)


@dataclass(frozen=True)
class Collected:
    """The learners whose submissions were imported, and those refused (with why)."""

    imported: tuple[str, ...]
    refused: tuple[Refusal, ...] = ()


def collect_submissions(
    project: Project, assignment_id: str, inbox: Path, course_id: str | None = None
) -> Collected:
    """Import the learners' notebooks of one assignment from `inbox` into submitted/."""
    from kit.courses import load_catalog
    from kit.grading.intake import RefusedSubmissionsError
    from kit.grading.steps import CourseGrading

    course = load_catalog(project.courses_dir).find_assignment(assignment_id, course_id)
    found = course.assignment(assignment_id)
    assert found is not None  # find_assignment guarantees it
    grading = CourseGrading.for_project(project, course.id)
    try:
        return Collected(tuple(grading.import_submissions(assignment_id, inbox, found.notebooks)))
    except RefusedSubmissionsError as exc:
        return Collected(tuple(exc.imported), exc.refused)


def import_class_list(
    project: Project, roster: Path, records_url: str | None = None
) -> RosterImport:
    """`sgkit roster import`: the class list's names into the records database and every
    published course's gradebook that exists."""
    from kit.courses import load_catalog
    from kit.grading.layout import course_layout
    from kit.grading.roster import import_roster, read_roster
    from kit.records import Records
    from kit.records import records_url as default_url

    people = read_roster(roster)  # every row checked before anything is written
    layouts = [
        course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=project.release_dir,
            grading_dir=project.grading_dir,
        )
        for course in load_catalog(project.courses_dir).published_courses
    ]
    with Records(default_url(project, records_url)) as records:
        return import_roster(people, layouts, records)
