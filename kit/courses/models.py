"""Typed, immutable models of what `courses/*.yaml` declares."""

from __future__ import annotations

from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


DeploymentType = Literal["single-container", "docker-compose", "helm", "kustomize", "air-gapped"]
"""How a customer runs Sourcegraph (the deployment types a customer profile names)."""


class Assignment(_Frozen):
    """One nbgrader assignment of a course: a folder of notebooks under `notebooks/<course>/`."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    notebooks: tuple[str, ...] = Field(min_length=1)
    estimated_minutes: int = Field(gt=0)
    deployments: tuple[DeploymentType, ...] = Field(
        default=(),
        description="only for customers who run one of these deployment types (a playbook lab); "
        "empty: for every customer",
    )

    def suits(self, deployment: str, *, isolated: bool = False) -> bool:
        """Whether a customer with this deployment type (`isolated`: air-gapped as well) takes
        this assignment."""
        if not self.deployments:
            return True
        return deployment in self.deployments or (isolated and "air-gapped" in self.deployments)


class Course(_Frozen):
    """A course: who it is for, what it teaches, its assignments and the score that passes."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    audience: tuple[str, ...] = Field(min_length=1)
    objectives: tuple[str, ...] = Field(min_length=1)
    prerequisites: tuple[str, ...] = ()
    passing_score: float = Field(gt=0, le=100, description="percent of an assignment's points")
    status: Literal["published", "planned"] = Field(
        default="published",
        description="planned: declared (so certification paths can name it) but not yet written",
    )
    assignments: tuple[Assignment, ...] = Field(min_length=1)

    def assignment(self, assignment_id: str) -> Assignment | None:
        """Return the assignment with this id, or None."""
        return next((a for a in self.assignments if a.id == assignment_id), None)


class Requirement(_Frozen):
    """One condition of a certification path: a course passed, or a rubric-assessed session passed.

    A course requirement needs every assignment of `course` at `min_score` percent (default: the
    course's passing score). A rubric requirement needs one session assessed on `rubric` where every
    assessor role scored every core competency at the top of the scale; `subject` narrows it to
    sessions about one subject (for example the training block a trainer delivered).
    """

    course: str | None = None
    min_score: float | None = Field(default=None, gt=0, le=100)
    rubric: str | None = None
    subject: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Requirement:
        if (self.course is None) == (self.rubric is None):
            raise ValueError("give either 'course' or 'rubric'")
        if self.rubric is not None and self.min_score is not None:
            raise ValueError("'min_score' applies to a course, not a rubric")
        if self.course is not None and self.subject is not None:
            raise ValueError("'subject' applies to a rubric, not a course")
        return self


class CertificationPath(_Frozen):
    """A certification: a name, the requirements that grant it, and how long it stays valid."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    audience: tuple[str, ...] = ()
    requires: tuple[Requirement, ...] = Field(min_length=1)
    valid_for_days: int = Field(default=730, gt=0)
    renew_within_days: int = Field(
        default=60, ge=0, description="how long before expiry a holder may renew"
    )


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Identified = TypeVar("_Identified", bound=_HasId)


class Competency(_Frozen):
    """One thing a rubric assesses; only core competencies decide a pass."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    core: bool = True


class AssessorRole(_Frozen):
    """A role that must score every session (for CE demos: the shadow CE and the CE manager)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str


class Rubric(_Frozen):
    """A rubric: competencies scored on a scale by assessors in named roles, per session.

    A session passes when every role scored every core competency at the top of the scale.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    scale: dict[int, str] = Field(min_length=2)
    assessor_roles: tuple[AssessorRole, ...] = Field(min_length=1)
    competencies: tuple[Competency, ...] = Field(min_length=1)

    @field_validator("scale")
    @classmethod
    def _numbered(cls, scale: dict[int, str]) -> dict[int, str]:
        if sorted(scale) != list(range(1, len(scale) + 1)):
            raise ValueError("must number its levels 1, 2, 3, ...")
        return scale

    @field_validator("assessor_roles", "competencies")
    @classmethod
    def _unique_ids(cls, items: tuple[_Identified, ...]) -> tuple[_Identified, ...]:
        ids = [item.id for item in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate id {duplicates[0]!r}")
        return items

    @field_validator("competencies")
    @classmethod
    def _some_core(cls, competencies: tuple[Competency, ...]) -> tuple[Competency, ...]:
        if not any(c.core for c in competencies):
            raise ValueError("at least one competency must be core")
        return competencies

    @property
    def top_score(self) -> int:
        """The score that means 'fully demonstrated'."""
        return max(self.scale)

    @property
    def core_competencies(self) -> tuple[Competency, ...]:
        """The competencies that decide a pass, in rubric order."""
        return tuple(c for c in self.competencies if c.core)

    def competency(self, competency_id: str) -> Competency | None:
        """Return the competency with this id, or None."""
        return next((c for c in self.competencies if c.id == competency_id), None)

    def role(self, role_id: str) -> AssessorRole | None:
        """Return the assessor role with this id, or None."""
        return next((r for r in self.assessor_roles if r.id == role_id), None)


class TrainingBlock(_Frozen):
    """A block of training every CE must be able to deliver (train-the-trainer), and the
    certification that shows they can."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    courses: tuple[str, ...] = Field(min_length=1)
    trainer_certification: str
