"""A customer profile: who a course variant and an enablement plan are for (`courses/customers/`).

Dates: `kickoff_date` starts the enablement plan and may lie ahead (plans are written before the
kick-off call). `production_setup_date` is when the production instance was *completed*, the day
the adoption targets count from (25% MAU/seats by day 90); it is a fact, so it may not lie in the
future. A customer whose production instance is not finished leaves it out, and the plan schedules
the set-up at the template's target day instead. A trial has no production instance yet.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

TODAY_CONTEXT = "today"
"""Validation-context key for the day 'the future' starts after (tests pin it; default: today)."""


class CodeHost(StrEnum):
    """Code hosts Sourcegraph connects to."""

    GITHUB = "github"
    GITHUB_ENTERPRISE = "github-enterprise"
    GITLAB = "gitlab"
    BITBUCKET_SERVER = "bitbucket-server"
    BITBUCKET_CLOUD = "bitbucket-cloud"
    GERRIT = "gerrit"
    PERFORCE = "perforce"
    AZURE_DEVOPS = "azure-devops"


CODE_HOST_TITLES: dict[CodeHost, str] = {
    CodeHost.GITHUB: "GitHub",
    CodeHost.GITHUB_ENTERPRISE: "GitHub Enterprise Server",
    CodeHost.GITLAB: "GitLab",
    CodeHost.BITBUCKET_SERVER: "Bitbucket Server / Data Center",
    CodeHost.BITBUCKET_CLOUD: "Bitbucket Cloud",
    CodeHost.GERRIT: "Gerrit",
    CodeHost.PERFORCE: "Perforce",
    CodeHost.AZURE_DEVOPS: "Azure DevOps",
}


class Deployment(StrEnum):
    """How the customer runs Sourcegraph."""

    SINGLE_CONTAINER = "single-container"
    DOCKER_COMPOSE = "docker-compose"
    HELM = "helm"
    KUSTOMIZE = "kustomize"
    AIR_GAPPED = "air-gapped"


DEPLOYMENT_TITLES: dict[Deployment, str] = {
    Deployment.SINGLE_CONTAINER: "a single Docker container (sourcegraph/server)",
    Deployment.DOCKER_COMPOSE: "Docker Compose",
    Deployment.HELM: "Kubernetes with Helm",
    Deployment.KUSTOMIZE: "Kubernetes with Kustomize (no Helm)",
    Deployment.AIR_GAPPED: "a high-security, air-gapped installation",
}


class UseCase(StrEnum):
    """The use cases Sourcegraph sells on; the plan template maps each to its trainings."""

    CODE_SECURITY = "code-security"
    DEVELOPER_ONBOARDING = "developer-onboarding"
    INCIDENT_RESPONSE = "incident-response"
    CODE_REUSE = "code-reuse"
    CODE_HEALTH = "code-health"


class Audience(StrEnum):
    """Who at the customer is trained."""

    DEVELOPERS = "developers"
    ADMINS = "admins"
    SECURITY = "security-engineers"


class Stage(StrEnum):
    """Where the customer is: evaluating (trial) or past the sale (onboarding)."""

    TRIAL = "trial"
    ONBOARDING = "onboarding"


_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*(:\d+)?(/[A-Za-z0-9_.~-]+)+$")
_LANGUAGE = re.compile(r"^[a-z][a-z0-9+#-]*$")


class CustomerProfile(BaseModel):
    """One customer, as the variants and the plan need them; validated once, then immutable."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    name: str = Field(min_length=1, max_length=120)
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="folder name")
    stage: Stage
    code_hosts: tuple[CodeHost, ...] = Field(min_length=1)
    repositories: tuple[str, ...] = Field(min_length=1, description="used in examples")
    deployment: Deployment
    air_gapped: bool = Field(
        default=False, description="no internet: images mirrored, no calls home (any deployment)"
    )
    sourcegraph_url: HttpUrl | None = Field(default=None, description="none: practice mode")
    use_cases: tuple[UseCase, ...] = ()
    seats: int = Field(gt=0, description="seats purchased")
    kickoff_date: date
    production_setup_date: date | None = None
    audiences: tuple[Audience, ...] = Field(min_length=1)
    languages: tuple[str, ...] = Field(min_length=1)
    time_zone: str = Field(
        default="UTC",
        description="IANA time zone the sessions are held in, e.g. Europe/Berlin (default UTC)",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{name!r} is not an IANA time zone name like 'Europe/Berlin' or 'America/New_York'"
            ) from None
        return name

    @field_validator("repositories")
    @classmethod
    def _repository_names(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            if not _REPOSITORY.match(name):
                raise ValueError(f"{name!r} is not a repository name like github.com/org/repo")
        return names

    @field_validator("languages")
    @classmethod
    def _language_names(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            if not _LANGUAGE.match(name):
                raise ValueError(f"{name!r} is not a lower-case language name like 'go'")
        return names

    @field_validator("sourcegraph_url")
    @classmethod
    def _root_url(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is None:
            return None
        if url.username or url.password:
            raise ValueError("must not carry credentials; the token comes from SRC_ACCESS_TOKEN")
        if url.query or url.fragment:
            raise ValueError("must be the instance's root URL, without query or fragment")
        return url

    @field_validator("production_setup_date")
    @classmethod
    def _not_in_future(cls, day: date | None, info: ValidationInfo) -> date | None:
        today = _today(info.context)
        if day is not None and day > today:
            raise ValueError(
                f"{day.isoformat()} is in the future (today is {today.isoformat()}): it is the "
                "date set-up was completed; leave it out until then"
            )
        return day

    @model_validator(mode="after")
    def _production_after_kickoff(self) -> CustomerProfile:
        setup = self.production_setup_date
        if setup is not None and setup < self.kickoff_date:
            raise ValueError(
                f"production_setup_date: {setup.isoformat()} is before kickoff_date "
                f"{self.kickoff_date.isoformat()}; enablement starts at the kick-off (for a "
                "customer already in production, set kickoff_date to the day enablement starts)"
            )
        return self

    @model_validator(mode="after")
    def _trial_has_no_production(self) -> CustomerProfile:
        if self.stage is Stage.TRIAL and self.production_setup_date is not None:
            raise ValueError(
                "production_setup_date: a trial has no production set-up; "
                "remove it or set stage: onboarding"
            )
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The time zone the customer's sessions are held in."""
        return ZoneInfo(self.time_zone)

    @property
    def isolated(self) -> bool:
        """Whether the instance runs without internet access."""
        return self.air_gapped or self.deployment is Deployment.AIR_GAPPED

    @property
    def live(self) -> bool:
        """Whether the exercises' examples run against the customer's own Sourcegraph."""
        return self.sourcegraph_url is not None

    @property
    def endpoint(self) -> str | None:
        """The Sourcegraph URL without its trailing slash (as SRC_ENDPOINT takes it), or None."""
        return str(self.sourcegraph_url).rstrip("/") if self.sourcegraph_url else None


def _today(context: Any) -> date:
    pinned = context.get(TODAY_CONTEXT) if isinstance(context, dict) else None
    return pinned if isinstance(pinned, date) else date.today()
