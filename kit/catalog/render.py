"""The training catalog as one HTML page, from the course YAML: one source of truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.catalog.offerings import Offering, load_offerings
from kit.courses import CertificationPath, Course, load_catalog
from kit.templating import html_templates


@dataclass(frozen=True)
class CourseEntry:
    """A course as the catalog shows it."""

    course: Course
    minutes: int
    certifications: tuple[str, ...]

    @property
    def duration(self) -> str:
        """`45 min`, `3 h 40 min`."""
        hours, minutes = divmod(self.minutes, 60)
        return " ".join(
            p for p in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if p
        )


@dataclass(frozen=True)
class PathEntry:
    """A certification path with its requirements in words."""

    path: CertificationPath
    requirements: tuple[str, ...]
    offered: bool


def render_catalog(courses_dir: Path) -> str:
    """Every course, certification path, train-the-trainer block and offering, as HTML."""
    catalog = load_catalog(courses_dir)
    offerings: tuple[Offering, ...] = load_offerings(courses_dir, catalog)
    courses = [
        CourseEntry(
            course,
            sum(a.estimated_minutes for a in course.assignments),
            tuple(
                p.title
                for p in catalog.certifications.values()
                if any(r.course == course.id for r in p.requires)
            ),
        )
        for course in sorted(
            catalog.courses.values(), key=lambda c: (c.status != "published", c.id)
        )
    ]
    paths = []
    for path in catalog.certifications.values():
        requirements = []
        for req in path.requires:
            if req.course:
                score = f" at {req.min_score:g}%" if req.min_score else ""
                requirements.append(f"Pass {catalog.course(req.course).title}{score}")
            elif req.rubric:
                subject = f" ({req.subject})" if req.subject else ""
                requirements.append(f"{catalog.rubric(req.rubric).title}{subject}")
        paths.append(PathEntry(path, tuple(requirements), catalog.offered(path)))
    return (
        html_templates("kit.catalog")
        .get_template("catalog.html.j2")
        .render(
            courses=courses,
            paths=paths,
            blocks=list(catalog.training_blocks.values()),
            offerings=offerings,
            titles={c.id: c.title for c in catalog.courses.values()},
        )
    )
