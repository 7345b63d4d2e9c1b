"""A learner's progress, as "My learning" shows it: per course, the best score on each assignment
against the course's pass mark and what is left (`kit.evidence`, the one pass rule); per
certification path, each requirement done or missing (`kit.certify.rules`, the one certification
rule). Pure functions over the learner's own scores and sessions; `read_progress` reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from kit.certify.rules import RubricShortfall, Shortfall, evaluate
from kit.courses import Catalog, CertificationPath, Course, Requirement
from kit.evidence import best_scores, course_result, passes
from kit.grading.grades import AssignmentScore
from kit.portal.settings import PortalSettings
from kit.portal.store import CredentialStore
from kit.records.assessments import RubricSession


@dataclass(frozen=True)
class AssignmentProgress:
    """One assignment: the learner's best submission and whether it reaches the pass mark."""

    id: str
    title: str
    best: AssignmentScore | None
    passed: bool

    @property
    def state(self) -> str:
        """What a learner reads: passed, below the pass mark, not graded or not submitted."""
        if self.best is None:
            return "not submitted"
        if self.best.not_graded:
            return "not graded"
        return "passed" if self.passed else "below the pass mark"


@dataclass(frozen=True)
class CourseProgress:
    """One course the learner has submitted work in."""

    id: str
    title: str
    pass_mark: float
    assignments: tuple[AssignmentProgress, ...]
    passed: bool
    completed_at: datetime | None

    @property
    def left(self) -> tuple[AssignmentProgress, ...]:
        """The assignments still to pass, in course order."""
        return tuple(a for a in self.assignments if not a.passed)

    @property
    def passed_count(self) -> int:
        """How many assignments are passed."""
        return len(self.assignments) - len(self.left)


@dataclass(frozen=True)
class RequirementProgress:
    """One requirement of a certification path: done, or what is missing."""

    label: str
    done: bool
    details: tuple[str, ...]
    """What satisfied it (done), or one line per shortfall a learner can act on."""
    missing: tuple[str, ...] = ()
    """The shortfalls in a few words each, by assignment title (empty when done)."""


@dataclass(frozen=True)
class PathProgress:
    """One certification path, requirement by requirement."""

    id: str
    title: str
    description: str
    requirements: tuple[RequirementProgress, ...]
    started: bool
    """Whether the learner has any evidence towards it (a score or an assessed session)."""

    @property
    def done(self) -> bool:
        """Whether every requirement is met (the path is earned)."""
        return all(r.done for r in self.requirements)

    @property
    def done_count(self) -> int:
        """How many requirements are met."""
        return sum(r.done for r in self.requirements)


@dataclass(frozen=True)
class Progress:
    """Everything "My learning" shows for one learner."""

    learner: str
    courses: tuple[CourseProgress, ...]
    paths: tuple[PathProgress, ...]


def learner_progress(
    learner: str,
    catalog: Catalog,
    scores: Iterable[AssignmentScore],
    sessions: Iterable[RubricSession] = (),
) -> Progress:
    """`learner`'s progress from their scores and rubric sessions (anyone else's are ignored):
    every published course they have submitted work in, every offered certification path."""
    own = [s for s in scores if s.learner == learner]
    own_sessions = [s for s in sessions if s.learner == learner]
    best = best_scores(own)
    started = {course for _, course, _ in best}
    courses = tuple(
        course_progress(learner, course, best)
        for course in catalog.published_courses
        if course.id in started
    )
    offered = [p for p in catalog.certifications.values() if catalog.offered(p)]
    paths = [path_progress(learner, path, catalog, own, own_sessions, started) for path in offered]
    paths.sort(key=lambda p: (not p.done, -p.done_count / len(p.requirements)))
    return Progress(learner, courses, tuple(paths))


def course_progress(
    learner: str, course: Course, best: dict[tuple[str, str, str], AssignmentScore]
) -> CourseProgress:
    """One course at its own pass mark, from `kit.evidence.best_scores`."""
    result = course_result(learner, course, best)
    assignments = tuple(
        AssignmentProgress(a.id, a.title, score, passes(score, result.pass_mark))
        for a, (_, score) in zip(course.assignments, result.best, strict=True)
    )
    return CourseProgress(
        course.id, course.title, result.pass_mark, assignments, result.passed, result.completed_at
    )


def path_progress(
    learner: str,
    path: CertificationPath,
    catalog: Catalog,
    scores: Sequence[AssignmentScore],
    sessions: Sequence[RubricSession],
    started_courses: set[str],
) -> PathProgress:
    """Each requirement of `path` decided on its own by the certification rule (a path of that
    one requirement), so what is done shows even while something else is missing."""
    requirements = []
    for requirement in path.requires:
        alone = path.model_copy(update={"requires": (requirement,)})
        decision = evaluate(
            alone, learner, catalog.courses, scores, rubrics=catalog.rubrics, sessions=sessions
        )
        details = (
            tuple(e.narrative for e in decision.evidence)
            if decision.certified
            else tuple(s.explain() for s in decision.shortfalls)
        )
        missing = tuple(_missing(s, catalog) for s in decision.shortfalls)
        requirements.append(
            RequirementProgress(_label(requirement, catalog), decision.certified, details, missing)
        )
    rubrics = {s.rubric for s in sessions}
    started = any(r.course in started_courses or r.rubric in rubrics for r in path.requires)
    return PathProgress(path.id, path.title, path.description, tuple(requirements), started)


def _missing(shortfall: Shortfall | RubricShortfall, catalog: Catalog) -> str:
    """'Filters and scoping: 40%, needs 70%', 'Final assessment: not submitted'."""
    if isinstance(shortfall, RubricShortfall):
        return shortfall.explain()
    found = catalog.courses[shortfall.course].assignment(shortfall.assignment)
    title = found.title if found else shortfall.assignment
    score = shortfall.score
    if score is None:
        return f"{title}: not submitted"
    if score.not_graded:
        return f"{title}: not graded yet"
    return f"{title}: {score.percent:.0f}%, needs {shortfall.needed_percent:g}%"


def _label(requirement: Requirement, catalog: Catalog) -> str:
    if requirement.course is not None:
        course = catalog.courses[requirement.course]
        mark = requirement.min_score if requirement.min_score is not None else course.passing_score
        return f"{course.title}: every assignment at {mark:g}% or more"
    rubric = catalog.rubrics[str(requirement.rubric)]
    about = f" ({requirement.subject})" if requirement.subject else ""
    return f"{rubric.title}{about}: every core competency at the top score"


def read_progress(
    settings: PortalSettings, catalog: Catalog, store: CredentialStore, learner: str
) -> Progress:
    """`learner`'s progress from the gradebooks (read, never created) and their rubric sessions
    in the records database."""
    from kit.evidence.gradebooks import read_gradebooks

    graded = read_gradebooks(settings.project, catalog, grading_dir=settings.grading_dir)
    return learner_progress(learner, catalog, graded.scores, store.sessions(learner))
