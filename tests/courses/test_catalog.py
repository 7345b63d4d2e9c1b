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
    assert [a.id for a in course.assignments] == [
        "search-basics",
        "filters-and-scoping",
        "regex-and-pattern-types",
        "finding-your-way",
        "final-assessment",
    ]
    assert len(catalog.course("sourcegraph-102").assignments) == 6
    assert catalog.certification("certified-user").requires[0].course == "sourcegraph-101"


def test_every_assignment_has_its_instructor_notebooks(catalog: Catalog, project) -> None:  # type: ignore[no-untyped-def]
    for course in catalog.published_courses:
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
    with pytest.raises(ConfigError, match=r"unknown course 'sg-999' \(known: admin, ") as caught:
        catalog.course("sg-999")
    assert "ce-onboarding, code-security" in str(caught.value)
    with pytest.raises(ConfigError, match="unknown assignment 'nope' in any course"):
        catalog.find_assignment("nope")
    assert catalog.find_assignment("search-basics").id == "sourcegraph-101"


GOOD_RUBRIC = """
id: demo
title: Demo
description: A demo rubric.
scale: {1: low, 2: mid, 3: high}
assessor_roles: [{id: shadow, title: Shadow}, {id: manager, title: Manager}]
competencies:
  - {id: search, title: Search, description: Searches.}
  - {id: extra, title: Extra, description: Optional., core: false}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_RUBRIC.replace("{1: low, 2: mid, 3: high}", "{1: low, 3: high}"),
            "field 'scale': Value error, must number its levels 1, 2, 3",
        ),
        (
            GOOD_RUBRIC.replace("id: extra", "id: search"),
            "field 'competencies': Value error, duplicate id 'search'",
        ),
        (
            GOOD_RUBRIC.replace("{id: manager", "{id: shadow"),
            "field 'assessor_roles': Value error, duplicate id 'shadow'",
        ),
        (
            GOOD_RUBRIC.replace("Searches.}", "Searches., core: false}"),
            "field 'competencies': Value error, at least one competency must be core",
        ),
        (
            GOOD_RUBRIC.replace("id: demo", "id: other"),
            "field 'id': 'other' must match the file name",
        ),
        (
            GOOD_RUBRIC.replace("scale: {1: low, 2: mid, 3: high}\n", ""),
            "field 'scale': Field required",
        ),
    ],
)
def test_a_bad_rubric_names_the_file_and_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "rubrics").mkdir()
    path = write(tmp_path / "rubrics", "demo.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("certifications", "message"),
    [
        (
            "certifications:\n  - {id: x, title: X, description: x, requires: [{rubric: nope}]}\n",
            "field 'certifications.0.requires.0.rubric': unknown rubric 'nope'",
        ),
        (
            "certifications:\n  - {id: x, title: X, description: x, requires: [{course: sg-101, rubric: demo}]}\n",
            "give either 'course' or 'rubric'",
        ),
        (
            "certifications:\n  - {id: x, title: X, description: x, requires: [{rubric: demo, min_score: 90}]}\n",
            "'min_score' applies to a course, not a rubric",
        ),
        (
            "certifications:\n  - {id: x, title: X, description: x, requires: [{course: sg-101}]}\n"
            "  - {id: x, title: Y, description: y, requires: [{course: sg-101}]}\n",
            "field 'certifications.1.id': duplicate id 'x'",
        ),
        (
            "certifications: []\ntraining_blocks:\n  - {id: b, title: B, courses: [sg-101], trainer_certification: nope}\n",
            "field 'training_blocks.0.trainer_certification': unknown certification 'nope'",
        ),
        (
            "issuer: {id: http://x, name: X, url: https://x, verify_url: https://x/v, status_list_url: https://x/s}\ncertifications: []\n",
            "field 'issuer.id': must be an https:// address",
        ),
    ],
)
def test_bad_certification_data_names_the_field(
    tmp_path: Path, certifications: str, message: str
) -> None:
    write(tmp_path, "sg-101.yaml", GOOD_COURSE)
    (tmp_path / "rubrics").mkdir()
    write(tmp_path / "rubrics", "demo.yaml", GOOD_RUBRIC)
    path = write(tmp_path, "certifications.yaml", certifications)
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


ISSUER = (
    "issuer: {id: https://x, name: X, url: https://x, verify_url: https://x/v, "
    "status_list_url: https://x/s, jwks_url: https://x/j}\n"
)


def test_the_issuer_is_read_alone_with_the_same_field_errors_as_the_catalog(
    tmp_path: Path,
) -> None:
    from kit.courses.issuer import load_issuer

    path = write(tmp_path, "certifications.yaml", ISSUER + "certifications: []\n")
    assert load_issuer(tmp_path).jwks_url == "https://x/j"
    write(tmp_path, "certifications.yaml", ISSUER.replace("https://x/j", "http://x/j"))
    with pytest.raises(
        ConfigError, match=r"field 'issuer.jwks_url': must be an https:// address with no '#'"
    ) as caught:
        load_issuer(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    write(tmp_path, "certifications.yaml", ISSUER.replace("jwks_url", "jwks_uri"))
    with pytest.raises(
        ConfigError, match=r"'issuer.jwks_uri': unknown field \(did you mean 'jwks_url'"
    ):
        load_issuer(tmp_path)
    write(tmp_path, "certifications.yaml", ISSUER.replace("name: X, ", ""))
    with pytest.raises(ConfigError, match=r"field 'issuer.name': missing"):
        load_issuer(tmp_path)
    write(tmp_path, "certifications.yaml", "certifications: []\n")
    with pytest.raises(ConfigError, match="no 'issuer' declared"):
        load_issuer(tmp_path)
