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
from kit.grades import AssignmentScore
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
    from kit.grading.scores import gradebook_scores

    return course_completions(
        gradebook_scores(project, catalog, grading_dir=grading_dir), catalog, learners
    )
