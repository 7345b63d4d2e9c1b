"""What the outcomes are measured against (`courses/plans/outcomes.yaml`): the features each use-case
training teaches, and the goals of the team's published business outcomes (OKRs)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kit.errors import ConfigError, did_you_mean
from kit.outcomes.models import FEATURES
from kit.yaml_io import read_yaml, validated

CONFIG_FILE = Path("plans") / "outcomes.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UseCaseTraining(_Frozen):
    """A use-case training: the course that teaches it and the features it should move."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    course: str = Field(min_length=1)
    features: tuple[str, ...] = Field(min_length=1)

    @field_validator("features")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for feature in value:
            if feature not in FEATURES:
                raise ValueError(f'unknown feature "{feature}" (known: {", ".join(FEATURES)})')
        return value

    @property
    def placebo(self) -> tuple[str, ...]:
        """The features the training does not teach: a check that should find no change."""
        return tuple(f for f in FEATURES if f not in self.features)


class OkrTargets(_Frozen):
    """The goals of the team's business outcomes (defaults: the FY23 roadmap's)."""

    ce_trained_per_block: float = Field(default=1.0, gt=0, le=1)
    code_security_course: str = "code-security"
    code_security_block: str = "code-security"
    admin_enabled_before_production: int = Field(default=5, ge=1)
    ce_collateral_per_quarter: int = Field(default=3, ge=1)
    ninety_day_plan_share: float = Field(default=1.0, gt=0, le=1)
    survey_participation: float = Field(default=0.3, gt=0, le=1)


class OutcomesConfig(_Frozen):
    """The use-case trainings and OKR goals; empty use cases: no per-feature analysis."""

    use_cases: tuple[UseCaseTraining, ...] = ()
    okr_targets: OkrTargets = OkrTargets()
    source: str = Field(default="", description="the file it was read from")


def load_outcomes_config(courses_dir: Path, courses: Iterable[str] | None = None) -> OutcomesConfig:
    """`courses/plans/outcomes.yaml` checked (each use case's course among `courses` when
    given), or the defaults (no use cases) when there is none."""
    path = courses_dir / CONFIG_FILE
    if not path.exists():
        return OutcomesConfig()
    raw = read_yaml(path) or {}
    if isinstance(raw, dict):
        raw = {**raw, "source": str(path)}
    config = validated(OutcomesConfig, raw, path)
    known = None if courses is None else set(courses)
    for index, use_case in enumerate(config.use_cases):
        if known is not None and use_case.course not in known:
            raise ConfigError(
                f"field 'use_cases.{index}.course': unknown course {use_case.course!r}"
                + did_you_mean(use_case.course, known, what="known"),
                where=path,
            )
    return config
