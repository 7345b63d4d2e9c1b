"""The facts an LMS hears about: each learner's course completions (from the gradebooks) and
certifications (from the records database), as typed records. Pure functions over scores and
credentials, plus the two thin readers that fetch them.

A learner completes a course when every one of its assignments is graded at the course's passing
score, taking each assignment's best submission (the rule `kit.plans.completions` and
certification use); the completion happens at the latest of those best submissions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from kit.courses import Catalog, Course
from kit.grades import AssignmentScore
from kit.records import IssuedCredential, Records, RevocationRecord


@dataclass(frozen=True)
class LearnerCompletion:
    """A learner passed every assignment of a course: when, and the points of the best
    submissions that count."""

    learner: str
    course: str
    completed_at: datetime
    score: float
    max_score: float


@dataclass(frozen=True)
class CredentialFact:
    """An issued credential, and its revocation when it was revoked."""

    credential: IssuedCredential
    revocation: RevocationRecord | None = None


def best_scores(scores: Iterable[AssignmentScore]) -> dict[tuple[str, str, str], AssignmentScore]:
    """The best submission of each (learner, course, assignment); the first seen wins a tie."""
    best: dict[tuple[str, str, str], AssignmentScore] = {}
    for score in scores:
        key = (score.learner, score.course, score.assignment)
        if key not in best or score.percent > best[key].percent:
            best[key] = score
    return best


def learner_completions(
    scores: Iterable[AssignmentScore], catalog: Catalog, *, courses: Collection[str] = ()
) -> list[LearnerCompletion]:
    """Every (learner, published course) whose assignments are all at the course's passing
    score, oldest first; `courses` limits the courses looked at."""
    best = best_scores(scores)
    learners = sorted({learner for learner, _, _ in best})
    out: list[LearnerCompletion] = []
    for course in catalog.published_courses:
        if courses and course.id not in courses:
            continue
        for learner in learners:
            done = _completion(learner, course, best)
            if done is not None:
                out.append(done)
    return sorted(out, key=lambda c: (c.completed_at, c.learner, c.course))


def _completion(
    learner: str, course: Course, best: dict[tuple[str, str, str], AssignmentScore]
) -> LearnerCompletion | None:
    graded = [best.get((learner, course.id, a.id)) for a in course.assignments]
    passed = [g for g in graded if g is not None and g.percent >= course.passing_score]
    if len(passed) != len(course.assignments):
        return None
    times = [g.submitted_at for g in passed if g.submitted_at is not None]
    if not times:
        return None  # no submission time: nothing to date the completion by
    return LearnerCompletion(
        learner,
        course.id,
        max(times),
        sum(g.score for g in passed),
        sum(g.max_score for g in passed),
    )


def credential_facts(
    records: Records, *, certifications: Collection[str] = ()
) -> list[CredentialFact]:
    """Every issued credential with its revocation, oldest first; `certifications` limits the
    certification paths."""
    revoked = records.revocations()
    return [
        CredentialFact(credential, revoked.get(credential.id))
        for credential in records.credentials()
        if not certifications or credential.certification in certifications
    ]
