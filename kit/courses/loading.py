"""Load and cross-check the course catalog (`courses/*.yaml`) at the boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from kit.courses.issuer import CERTIFICATIONS_FILE, Issuer, issuer_from
from kit.courses.models import (
    Assignment,
    CertificationPath,
    Course,
    Rubric,
    TrainingBlock,
)
from kit.errors import ConfigError, did_you_mean
from kit.yaml_io import read_yaml, validated

RUBRICS_DIR = "rubrics"


@dataclass(frozen=True)
class Catalog:
    """Every course and certification path the kit knows, by id."""

    courses: dict[str, Course]
    certifications: dict[str, CertificationPath]
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    training_blocks: dict[str, TrainingBlock] = field(default_factory=dict)
    issuer: Issuer | None = None

    @property
    def published_courses(self) -> list[Course]:
        """The courses whose notebooks exist (not merely planned), in id order."""
        return [c for c in self.courses.values() if c.status == "published"]

    def course(self, course_id: str) -> Course:
        """Return a course, or raise a ConfigError listing the known ones."""
        try:
            return self.courses[course_id]
        except KeyError:
            known = ", ".join(sorted(self.courses)) or "none"
            raise ConfigError(f"unknown course {course_id!r} (known: {known})") from None

    def certification(self, path_id: str) -> CertificationPath:
        """Return a certification path, or raise a ConfigError listing the known ones."""
        try:
            return self.certifications[path_id]
        except KeyError:
            known = ", ".join(sorted(self.certifications)) or "none"
            raise ConfigError(f"unknown certification {path_id!r} (known: {known})") from None

    def rubric(self, rubric_id: str) -> Rubric:
        """Return a rubric, or raise a ConfigError listing the known ones."""
        try:
            return self.rubrics[rubric_id]
        except KeyError:
            known = ", ".join(sorted(self.rubrics)) or "none"
            raise ConfigError(f"unknown rubric {rubric_id!r} (known: {known})") from None

    def offered(self, path: CertificationPath) -> bool:
        """Whether a path can be earned today: every course it requires is published."""
        return all(self.courses[r.course].status == "published" for r in path.requires if r.course)

    def require_issuer(self) -> Issuer:
        """The credential issuer, or a ConfigError saying where to declare it."""
        if self.issuer is None:
            raise ConfigError(f"no 'issuer' declared in courses/{CERTIFICATIONS_FILE}")
        return self.issuer

    def find_assignment(self, assignment_id: str, course_id: str | None = None) -> Course:
        """Return the course holding `assignment_id`; `course_id` settles ids shared by courses."""
        candidates = [self.course(course_id)] if course_id else list(self.courses.values())
        owners = [c for c in candidates if c.assignment(assignment_id) is not None]
        if not owners:
            scope = f"course {course_id!r}" if course_id else "any course"
            known = [a.id for c in candidates for a in c.assignments]
            raise ConfigError(
                f"unknown assignment {assignment_id!r} in {scope}"
                + did_you_mean(assignment_id, known, what="assignments")
            )
        if len(owners) > 1:
            names = ", ".join(c.id for c in owners)
            raise ConfigError(
                f"assignment {assignment_id!r} is in several courses ({names}); pass --course"
            )
        return owners[0]

    def assignment(self, course_id: str, assignment_id: str) -> Assignment:
        """Return one assignment of one course."""
        found = self.course(course_id).assignment(assignment_id)
        if found is None:
            raise ConfigError(f"unknown assignment {assignment_id!r} in course {course_id!r}")
        return found


def load_course(path: Path) -> Course:
    """Read one course file into a Course."""
    return validated(Course, read_yaml(path), path)


def load_catalog(courses_dir: Path) -> Catalog:
    """Read every course and the certification paths in `courses_dir`, and check they agree."""
    if not courses_dir.is_dir():
        raise ConfigError("course folder not found", where=courses_dir)
    courses: dict[str, Course] = {}
    for path in sorted(courses_dir.glob("*.yaml")):
        if path.name == CERTIFICATIONS_FILE:
            continue
        course = load_course(path)
        if course.id != path.stem:
            raise ConfigError(f"field 'id': {course.id!r} must match the file name", where=path)
        _check_unique_ids(course.assignments, path)
        courses[course.id] = course

    rubrics: dict[str, Rubric] = {}
    for path in sorted((courses_dir / RUBRICS_DIR).glob("*.yaml")):
        rubric = validated(Rubric, read_yaml(path), path)
        if rubric.id != path.stem:
            raise ConfigError(f"field 'id': {rubric.id!r} must match the file name", where=path)
        rubrics[rubric.id] = rubric

    cert_file = courses_dir / CERTIFICATIONS_FILE
    if not cert_file.exists():
        return Catalog(courses=courses, certifications={}, rubrics=rubrics)
    declared = validated(_CertificationsFile, read_yaml(cert_file), cert_file)
    certifications: dict[str, CertificationPath] = {}
    for index, cert in enumerate(declared.certifications):
        where = f"field 'certifications.{index}"
        if cert.id in certifications:
            raise ConfigError(f"{where}.id': duplicate id {cert.id!r}", where=cert_file)
        for r, req in enumerate(cert.requires):
            if req.course is not None and req.course not in courses:
                raise ConfigError(
                    f"{where}.requires.{r}.course': unknown course {req.course!r}", where=cert_file
                )
            if req.rubric is not None and req.rubric not in rubrics:
                raise ConfigError(
                    f"{where}.requires.{r}.rubric': unknown rubric {req.rubric!r}", where=cert_file
                )
        certifications[cert.id] = cert
    blocks: dict[str, TrainingBlock] = {}
    for index, block in enumerate(declared.training_blocks):
        where = f"field 'training_blocks.{index}"
        unknown = [c for c in block.courses if c not in courses]
        if unknown:
            raise ConfigError(f"{where}.courses': unknown course {unknown[0]!r}", where=cert_file)
        if block.trainer_certification not in certifications:
            raise ConfigError(
                f"{where}.trainer_certification': unknown certification "
                f"{block.trainer_certification!r}",
                where=cert_file,
            )
        blocks[block.id] = block
    issuer = None if declared.issuer is None else issuer_from(declared.issuer, cert_file)
    return Catalog(courses, certifications, rubrics, blocks, issuer)


class _CertificationsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    issuer: dict[str, Any] | None = None  # checked by kit.courses.issuer
    certifications: tuple[CertificationPath, ...]
    training_blocks: tuple[TrainingBlock, ...] = ()


def _check_unique_ids(assignments: tuple[Assignment, ...], path: Path) -> None:
    seen: set[str] = set()
    for index, assignment in enumerate(assignments):
        if assignment.id in seen:
            raise ConfigError(
                f"field 'assignments.{index}.id': duplicate id {assignment.id!r}", where=path
            )
        seen.add(assignment.id)
