"""The hub settings file: which courses run side by side, who learns and who grades in each.

port: 8000                         # public port on 127.0.0.1; the hub, its proxy's API and
                                   # the formgraders take the next ports (see HubPorts)
state_dir: /srv/sgkit-hub          # hub database, cookie secret, course roots, nbgrader config,
                                   # the learners' Python environment
exchange_root: /srv/sgkit-exchange # nbgrader's exchange, one folder per course
courses:
  - id: sourcegraph-101-acme       # a course run for one customer
    course: sourcegraph-101        # the catalog course its notebooks come from
    learners: [sgkit-learner-a]    # hub users = Unix users on this machine
    graders: [trainer-acme]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

NAME = r"^[a-z][a-z0-9._-]{0,31}$"
"""Hub user names double as Unix user names: lower case, at most 32 characters."""

GROUP_PREFIX = "sgkit-"
"""A course's Unix group is `sgkit-<course id>`; Unix group names have at most 32 characters."""

GRADER_PREFIX = "grade-"
"""A course's formgrader runs as the Unix user `grade-<course id>` (at most 32 characters too)."""

MAX_COURSE_ID = 32 - max(len(GROUP_PREFIX), len(GRADER_PREFIX))


class HubCourse(BaseModel):
    """One course on the hub: a catalog course run for one group of learners."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=MAX_COURSE_ID)
    course: str
    learners: tuple[str, ...] = ()
    graders: tuple[str, ...] = ()

    @field_validator("learners", "graders")
    @classmethod
    def _user_names(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            if not re.match(NAME, name):
                raise ValueError(f"{name!r} is not a user name (a-z, 0-9, . _ -, at most 32)")
        return names

    @property
    def unix_group(self) -> str:
        """The Unix group whose members may enter this course's exchange folder."""
        return f"{GROUP_PREFIX}{self.id}"

    @property
    def learner_group(self) -> str:
        """The hub group of learners (nbgrader's multi-course convention)."""
        return f"nbgrader-{self.id}"

    @property
    def grader_group(self) -> str:
        """The hub group allowed into this course's formgrader."""
        return f"formgrade-{self.id}"

    @property
    def service(self) -> str:
        """The hub service name of this course's formgrader (same as its grader group)."""
        return self.grader_group

    @property
    def grader_user(self) -> str:
        """The Unix user this course's formgrader runs as (created by the hub, never root)."""
        return f"{GRADER_PREFIX}{self.id}"


class HubSettings(BaseModel):
    """The hub: where it listens, where it keeps its state, and the courses it serves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    port: int = Field(default=8000, ge=1024, le=65000)
    state_dir: Path
    exchange_root: Path
    gradebook_url: str | None = None
    """SQLAlchemy URL with {course} (kit.grading.gradebook_db); None: $SGKIT_GRADEBOOK_URL/SQLite."""
    authenticator: Literal["dummy", "pam"] = "pam"
    dummy_password: str | None = None
    admin_users: tuple[str, ...] = ()
    courses: tuple[HubCourse, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> HubSettings:
        ids = [c.id for c in self.courses]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"course id {duplicates[0]!r} appears twice")
        if self.authenticator == "dummy" and not self.dummy_password:
            raise ValueError("the dummy authenticator needs a dummy_password")
        if not self.state_dir.is_absolute() or not self.exchange_root.is_absolute():
            raise ValueError("state_dir and exchange_root must be absolute paths")
        graders = {c.grader_user for c in self.courses}
        people = {u for c in self.courses for u in (*c.learners, *c.graders, *self.admin_users)}
        taken = sorted(graders & people)
        if taken:
            raise ValueError(f"{taken[0]!r} is the name of a formgrader's Unix user; rename them")
        return self

    @property
    def hub_port(self) -> int:
        """The hub's own port (behind the proxy)."""
        return self.port + 1

    @property
    def proxy_api_port(self) -> int:
        """The proxy's REST API port."""
        return self.port + 2

    def formgrader_port(self, course: HubCourse) -> int:
        """The port of one course's formgrader service."""
        return self.port + 3 + self.courses.index(course)

    @property
    def private_dir(self) -> Path:
        """The hub's database, cookie secret and pid files: root's only."""
        return self.state_dir / "hub"

    @property
    def learner_env(self) -> Path:
        """The Python environment learners' servers and formgraders run (kit.hub.learner_env)."""
        return self.state_dir / "python"

    def course_root(self, course: HubCourse) -> Path:
        """nbgrader's course root of one course: its gradebook, submissions and feedback."""
        return self.state_dir / "courses" / course.id

    def grader_home(self, course: HubCourse) -> Path:
        """The home folder of one course's grader user (Jupyter's runtime files)."""
        return self.state_dir / "graders" / course.grader_user

    @property
    def url(self) -> str:
        """Where people open the hub."""
        return f"http://127.0.0.1:{self.port}"

    def course(self, course_id: str) -> HubCourse:
        """One course by id."""
        for course in self.courses:
            if course.id == course_id:
                return course
        known = ", ".join(c.id for c in self.courses)
        raise ConfigError(f"unknown hub course {course_id!r} (known: {known})")

    def courses_of(self, user: str) -> list[HubCourse]:
        """The courses a user learns or grades in."""
        return [c for c in self.courses if user in c.learners or user in c.graders]


def load_hub_settings(path: Path) -> HubSettings:
    """Read and validate a hub settings file (YAML)."""
    return validated(HubSettings, read_yaml(path), path)
