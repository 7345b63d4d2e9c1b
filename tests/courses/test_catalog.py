"""The course catalog is data, validated at the boundary with errors that name file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.courses import Catalog, load_catalog
from kit.errors import ConfigError

GOOD_COURSE = """
id: sg-101
title: Sourcegraph 101
audience: [developers]
objectives: [search]
passing_score: 70
assignments:
  - {id: search-basics, title: Search basics, notebooks: [search-basics], estimated_minutes: 45}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_the_shipped_catalog_is_complete(catalog: Catalog) -> None:
    course = catalog.course("sourcegraph-101")
    assert course.passing_score == 70
    assert [a.id for a in course.assignments] == ["search-basics"]
    assert catalog.certification("certified-user").requires[0].course == "sourcegraph-101"


def test_every_assignment_has_its_instructor_notebooks(catalog: Catalog, project) -> None:  # type: ignore[no-untyped-def]
    for course in catalog.courses.values():
        for assignment in course.assignments:
            for notebook in assignment.notebooks:
                source = project.notebooks_dir / course.id / assignment.id / f"{notebook}.ipynb"
                assert source.is_file(), source


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_COURSE.replace("passing_score: 70", "passing_score: 170"), "field 'passing_score'"),
        (GOOD_COURSE.replace("title: Sourcegraph 101\n", ""), "field 'title': Field required"),
        (GOOD_COURSE + "colour: blue\n", "field 'colour': Extra inputs are not permitted"),
        (
            GOOD_COURSE.replace("estimated_minutes: 45", "estimated_minutes: soon"),
            "field 'assignments.0.estimated_minutes'",
        ),
        (GOOD_COURSE.replace("id: sg-101", "id: other"), "field 'id': 'other' must match"),
        (
            GOOD_COURSE
            + "  - {id: search-basics, title: Again, notebooks: [x], estimated_minutes: 5}\n",
            "field 'assignments.1.id': duplicate id 'search-basics'",
        ),
        ("id: [unclosed", "not valid YAML at line 1"),
    ],
)
def test_a_bad_course_file_names_the_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "sg-101.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_certification_must_require_known_courses(tmp_path: Path) -> None:
    write(tmp_path, "sg-101.yaml", GOOD_COURSE)
    cert = write(
        tmp_path,
        "certifications.yaml",
        """
certifications:
  - {id: power-user, title: Power, description: x, requires: [{course: sg-102}]}
""",
    )
    with pytest.raises(ConfigError, match="unknown course 'sg-102'") as caught:
        load_catalog(tmp_path)
    assert str(caught.value).startswith(str(cert))


def test_unknown_ids_list_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(ConfigError, match=r"unknown course 'sg-999' \(known: sourcegraph-101\)"):
        catalog.course("sg-999")
    with pytest.raises(ConfigError, match="unknown assignment 'nope' in any course"):
        catalog.find_assignment("nope")
    assert catalog.find_assignment("search-basics").id == "sourcegraph-101"
