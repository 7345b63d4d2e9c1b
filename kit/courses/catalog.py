"""Load and cross-check the course catalog (`courses/*.yaml`) at the boundary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kit.courses.models import Assignment, CertificationPath, Course
from kit.errors import ConfigError

CERTIFICATIONS_FILE = "certifications.yaml"
_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class Catalog:
    """Every course and certification path the kit knows, by id."""

    courses: dict[str, Course]
    certifications: dict[str, CertificationPath]

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

    def find_assignment(self, assignment_id: str, course_id: str | None = None) -> Course:
        """Return the course holding `assignment_id`; `course_id` settles ids shared by courses."""
        candidates = [self.course(course_id)] if course_id else list(self.courses.values())
        owners = [c for c in candidates if c.assignment(assignment_id) is not None]
        if not owners:
            scope = f"course {course_id!r}" if course_id else "any course"
            raise ConfigError(f"unknown assignment {assignment_id!r} in {scope}")
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


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("file not found", where=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{line}", where=path) from None


def _validated(model: type[_Model], data: Any, path: Path, prefix: str = "") -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in (*filter(None, [prefix]), *first["loc"]))
        raise ConfigError(f"field {field or '(top level)'!r}: {first['msg']}", where=path) from None


def load_course(path: Path) -> Course:
    """Read one course file into a Course."""
    return _validated(Course, _read_yaml(path), path)


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

    certifications: dict[str, CertificationPath] = {}
    cert_file = courses_dir / CERTIFICATIONS_FILE
    if cert_file.exists():
        raw = _read_yaml(cert_file)
        if not isinstance(raw, dict) or not isinstance(raw.get("certifications"), list):
            raise ConfigError("field 'certifications': must be a list", where=cert_file)
        for index, item in enumerate(raw["certifications"]):
            cert = _validated(CertificationPath, item, cert_file, f"certifications.{index}")
            for req in cert.requires:
                if req.course not in courses:
                    raise ConfigError(
                        f"field 'certifications.{index}.requires': unknown course {req.course!r}",
                        where=cert_file,
                    )
            certifications[cert.id] = cert
    return Catalog(courses=courses, certifications=certifications)


def _check_unique_ids(assignments: tuple[Assignment, ...], path: Path) -> None:
    seen: set[str] = set()
    for index, assignment in enumerate(assignments):
        if assignment.id in seen:
            raise ConfigError(
                f"field 'assignments.{index}.id': duplicate id {assignment.id!r}", where=path
            )
        seen.add(assignment.id)
