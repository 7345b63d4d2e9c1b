"""The facts an LMS hears about: each learner's course completions (from the gradebooks) and
certifications (from the records database), as typed records. Pure functions over scores and
credentials, plus the two thin readers that fetch them.

A learner completes a course by the rule of `kit.evidence` (each assignment's best submission at
the course's passing score, as certification and the plan tracker decide it); the completion
happens at the latest of those best submissions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from kit.courses import Catalog
from kit.evidence import completed_courses
from kit.grading.grades import AssignmentScore
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


def learner_completions(
    scores: Iterable[AssignmentScore], catalog: Catalog, *, courses: Collection[str] = ()
) -> list[LearnerCompletion]:
    """Every (learner, published course) whose assignments are all at the course's passing
    score, oldest first; `courses` limits the courses looked at."""
    looked_at = [c for c in catalog.published_courses if not courses or c.id in courses]
    return [
        LearnerCompletion(r.learner, r.course, r.completed_at, r.score, r.max_score)
        for r in completed_courses(scores, looked_at)
        if r.completed_at is not None
    ]


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
