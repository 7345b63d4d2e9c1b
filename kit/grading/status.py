"""Who is graded, who could not be graded and why, who is waiting, and who has not submitted:
what `sgkit status ASSIGNMENT` shows, from submitted/, the gradebook and the failed gradings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kit.grading.failures import failed_gradings
from kit.grading.gradebook_reader import read_gradebook
from kit.grading.grades import assignment_scores
from kit.grading.layout import CourseLayout

State = Literal["graded", "not graded", "waiting", "missing"]


@dataclass(frozen=True)
class LearnerStatus:
    """Where one learner's submission of an assignment stands."""

    learner: str
    state: State
    detail: str


def assignment_status(layout: CourseLayout, assignment_id: str) -> list[LearnerStatus]:
    """Every learner the course knows or who submitted, by learner id."""
    from kit.grading.run import submitted_learners

    submitted = set(submitted_learners(layout, assignment_id))
    failures = {f.learner: f for f in failed_gradings(layout.course_root, [assignment_id])}
    records = read_gradebook(layout.db_url, layout.course_id, [assignment_id])
    scores = {s.learner: s for s in assignment_scores(records.scores)}
    everyone = submitted | set(failures) | set(scores) | set(records.names)
    found = []
    for learner in sorted(everyone):
        if learner in failures:
            found.append(LearnerStatus(learner, "not graded", failures[learner].reason))
        elif learner in scores:
            s = scores[learner]
            detail = f"{s.score:g}/{s.max_score:g} ({s.percent:.0f}%)"
            found.append(LearnerStatus(learner, "graded", detail))
        elif learner in submitted:
            found.append(LearnerStatus(learner, "waiting", "submitted, not autograded yet"))
        else:
            found.append(LearnerStatus(learner, "missing", "no submission"))
    return found
