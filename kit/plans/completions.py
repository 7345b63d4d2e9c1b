"""Course completions from the gradebooks, per customer: a learner completes a course by the rule
of `kit.evidence` (every assignment's best submission at the course's passing score, the rule
certification uses), on the day of the latest of those submissions. Which customer a learner belongs to comes from a learner roster
(`learners.csv`: `learner,customer`), since nbgrader's gradebook knows no organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kit.courses import Catalog
from kit.customers.roster import read_learner_roster
from kit.evidence import completed_courses
from kit.grading.grades import AssignmentScore
from kit.plans.tracker import Completion
from kit.project import Project


def course_completions(
    scores: Iterable[AssignmentScore], catalog: Catalog, learners: Mapping[str, str]
) -> list[Completion]:
    """One completion per (learner on the roster, course) whose every assignment is at the
    course's passing score; learners not on the roster are not counted."""
    done = completed_courses(scores, catalog.published_courses, learners=learners.keys())
    out = [
        Completion(learners[r.learner], r.course, r.completed_at.date())
        for r in done
        if r.completed_at
    ]
    return sorted(out, key=lambda c: (c.day, c.customer, c.course))


def gradebook_completions(
    project: Project,
    catalog: Catalog,
    learners: Mapping[str, str],
    *,
    grading_dir: Path | None = None,
) -> list[Completion]:
    """The completions recorded in every published course's gradebook (under the checkout's
    `grading/`, or `grading_dir`)."""
    from kit.evidence.gradebooks import gradebook_scores

    return course_completions(
        gradebook_scores(project, catalog, grading_dir=grading_dir), catalog, learners
    )


def roster_completions(
    project: Project, catalog: Catalog, roster: Path | None, *, grading_dir: Path | None = None
) -> list[Completion]:
    """The course completions in the gradebooks of the learners on `roster` (a learners.csv);
    none without a roster."""
    if roster is None:
        return []
    return gradebook_completions(
        project, catalog, read_learner_roster(roster), grading_dir=grading_dir
    )
