"""The training catalog as one HTML page, from the course YAML: one source of truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.catalog.offerings import Offering, load_offerings
from kit.courses import Catalog, CertificationPath, Course, load_catalog
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

    @property
    def validity(self) -> str:
        """`2 years`, `18 months`, `90 days`."""
        return validity(self.path.valid_for_days)


def counted(count: int, noun: str) -> str:
    """`1 course`, `3 courses`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def validity(days: int) -> str:
    """A validity in the largest whole unit: `2 years`, `18 months`, `45 days`."""
    years = days / 365
    if days >= 365 and abs(years - round(years)) < 0.01:
        return counted(round(years), "year")
    if days >= 30 and days % 30 == 0:
        return counted(days // 30, "month")
    return counted(days, "day")


def course_order(catalog: Catalog) -> list[Course]:
    """Courses in the order a learner takes them: published first; then as the certification
    paths and training blocks list them (Sourcegraph 101 before 102 before Admin); then the rest
    by id."""
    listed: list[str] = []
    for path in catalog.certifications.values():
        listed += [r.course for r in path.requires if r.course]
    for block in catalog.training_blocks.values():
        listed += list(block.courses)
    position = {course_id: i for i, course_id in reversed(list(enumerate(listed)))}
    return sorted(
        catalog.courses.values(),
        key=lambda c: (c.status != "published", position.get(c.id, len(listed)), c.id),
    )


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
        for course in course_order(catalog)
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
            summary=" · ".join(
                [
                    counted(len(courses), "course"),
                    counted(len(paths), "certification"),
                    counted(len(offerings), "offering"),
                ]
            ),
        )
    )
