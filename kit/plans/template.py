"""The enablement plan template (`courses/plans/<id>.yaml`) as typed, immutable models."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kit.courses import Catalog
from kit.customers.profile import Audience, UseCase
from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

Anchor = Literal["kickoff", "production"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionTemplate(_Frozen):
    """A session every customer gets (when it has the audience): a meeting or a course."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str | None = Field(default=None, description="default: the course's title")
    course: str | None = None
    anchor: Anchor
    offset_days: int
    minutes: int | None = Field(default=None, gt=0, description="default: the course's total")
    audiences: tuple[Audience, ...] = Field(min_length=1)
    outcome: str


class UseCaseTraining(_Frozen):
    """The training for one use case."""

    title: str | None = None
    course: str
    minutes: int | None = Field(default=None, gt=0)
    audiences: tuple[Audience, ...] = Field(min_length=1)
    outcome: str


class UseCaseSessions(_Frozen):
    """Where the chosen use cases' trainings go: one per use case, `spacing_days` apart."""

    anchor: Anchor
    offset_days: int
    spacing_days: int = Field(gt=0)
    trainings: dict[UseCase, UseCaseTraining]


class CheckpointTemplate(_Frozen):
    """An adoption check-point: `share` of seats active monthly, `day` days after production."""

    day: int = Field(gt=0)
    share: float = Field(gt=0, le=1)
    title: str
    later: bool = Field(default=False, description="beyond the plan: shown as the later view")


class Adoption(_Frozen):
    """How adoption is measured and when it is checked."""

    measure: str
    checkpoints: tuple[CheckpointTemplate, ...] = Field(min_length=1)


class PlanTemplate(_Frozen):
    """A whole enablement plan, before it is dated for one customer."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    production_setup_target_day: int = Field(gt=0)
    start_time: time
    adoption: Adoption
    sessions: tuple[SessionTemplate, ...] = Field(min_length=1)
    use_cases: UseCaseSessions


def load_plan_template(path: Path, catalog: Catalog) -> PlanTemplate:
    """Read a plan template and check every course it names is in the catalog."""
    template = validated(PlanTemplate, read_yaml(path), path)
    named = [(f"sessions.{i}.course", s.course) for i, s in enumerate(template.sessions)]
    named += [
        (f"use_cases.trainings.{u}.course", t.course)
        for u, t in template.use_cases.trainings.items()
    ]
    for field, course in named:
        if course is not None and course not in catalog.courses:
            known = ", ".join(sorted(catalog.courses))
            raise ConfigError(
                f"field {field!r}: unknown course {course!r} (known: {known})", where=path
            )
    ids = [s.id for s in template.sessions]
    if len(set(ids)) != len(ids):
        raise ConfigError("field 'sessions': two sessions share an id", where=path)
    return template
