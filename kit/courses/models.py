"""Typed, immutable models of what `courses/*.yaml` declares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Assignment(_Frozen):
    """One nbgrader assignment of a course: a folder of notebooks under `notebooks/<course>/`."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    notebooks: tuple[str, ...] = Field(min_length=1)
    estimated_minutes: int = Field(gt=0)


class Course(_Frozen):
    """A course: who it is for, what it teaches, its assignments and the score that passes."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    audience: tuple[str, ...] = Field(min_length=1)
    objectives: tuple[str, ...] = Field(min_length=1)
    prerequisites: tuple[str, ...] = ()
    passing_score: float = Field(gt=0, le=100, description="percent of an assignment's points")
    assignments: tuple[Assignment, ...] = Field(min_length=1)

    def assignment(self, assignment_id: str) -> Assignment | None:
        """Return the assignment with this id, or None."""
        return next((a for a in self.assignments if a.id == assignment_id), None)


class Requirement(_Frozen):
    """Every assignment of `course` passed, at `min_score` percent or the course's passing score."""

    course: str
    min_score: float | None = Field(default=None, gt=0, le=100)


class CertificationPath(_Frozen):
    """A certification: a name and the course requirements that grant it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    requires: tuple[Requirement, ...] = Field(min_length=1)
    valid_for_days: int = Field(default=730, gt=0)
