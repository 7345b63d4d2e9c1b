"""Course completions from the gradebooks: a learner completes a course when every one of its
assignments is graded at the course's passing score (the rule certification uses), on the day of
the latest of those submissions. Which customer a learner belongs to comes from a learner roster
(`learners.csv`: `learner,customer`), since nbgrader's gradebook knows no organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kit.courses import Catalog
from kit.errors import ConfigError
from kit.grades import AssignmentScore, assignment_scores
from kit.plans.tracker import Completion, csv_rows
from kit.project import Project

ROSTER_COLUMNS = ("learner", "customer")


def course_completions(
    scores: Iterable[AssignmentScore], catalog: Catalog, learners: Mapping[str, str]
) -> list[Completion]:
    """One completion per (learner on the roster, course) whose every assignment is at the
    course's passing score; learners not on the roster are not counted."""
    best: dict[tuple[str, str, str], AssignmentScore] = {}
    for score in scores:
        key = (score.learner, score.course, score.assignment)
        if key not in best or score.percent > best[key].percent:
            best[key] = score
    out: list[Completion] = []
    for learner, customer in learners.items():
        for course in catalog.published_courses:
            graded = [best.get((learner, course.id, a.id)) for a in course.assignments]
            if not all(g is not None and g.percent >= course.passing_score for g in graded):
                continue
            times = [g.submitted_at for g in graded if g is not None and g.submitted_at]
            if times:
                out.append(Completion(customer, course.id, max(times).date()))
    return sorted(out, key=lambda c: (c.day, c.customer, c.course))


def read_learner_roster(path: Path) -> dict[str, str]:
    """`learner -> customer` from a CSV with the columns learner, customer."""
    roster: dict[str, str] = {}
    for line, row in csv_rows(path, ROSTER_COLUMNS):
        learner, customer = (row["learner"] or "").strip(), (row["customer"] or "").strip()
        if not learner or not customer:
            raise ConfigError(f"line {line}: learner and customer are required", where=path)
        if learner in roster and roster[learner] != customer:
            raise ConfigError(
                f"line {line}: learner {learner!r} is already listed for {roster[learner]!r}",
                where=path,
            )
        roster[learner] = customer
    return roster


def gradebook_completions(
    project: Project,
    catalog: Catalog,
    learners: Mapping[str, str],
    *,
    grading_dir: Path | None = None,
) -> list[Completion]:
    """The completions recorded in every published course's gradebook (under the checkout's
    `grading/`, or `grading_dir`)."""
    from kit.grading import CourseGrading, course_layout
    from kit.grading.gradebook_db import gradebook_exists

    scores: list[AssignmentScore] = []
    for course in catalog.published_courses:
        layout = course_layout(
            course.id,
            notebooks_dir=project.notebooks_dir,
            release_dir=project.release_dir,
            grading_dir=grading_dir or project.grading_dir,
        )
        # Checked before CourseGrading exists: opening nbgrader's API creates an empty gradebook
        # (SQLite or PostgreSQL), which takes seconds per course.
        if not gradebook_exists(layout.db_url):
            continue  # no submission graded yet in this course
        grading = CourseGrading.for_project(project, course.id, grading_dir=grading_dir)
        scores += assignment_scores(grading.scores([a.id for a in course.assignments]))
    return course_completions(scores, catalog, learners)
