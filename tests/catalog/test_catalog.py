"""The training catalog: every course, certification path and offering, from the course YAML."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from kit.catalog import load_offerings, render_catalog
from kit.courses import Catalog
from kit.errors import ConfigError
from kit.project import Project


def test_the_catalog_lists_every_course_with_its_details(
    project: Project, catalog: Catalog
) -> None:
    page = html.unescape(render_catalog(project.courses_dir))
    for path in sorted(project.courses_dir.glob("*.yaml")):
        if path.name == "certifications.yaml":
            continue
        course = catalog.course(path.stem)
        assert f'id="course-{course.id}"' in page
        assert course.title in page
        for text in (*course.audience, *course.objectives, *course.prerequisites):
            assert text in page, text
    assert "3 h 45 min · 5 assignments · pass at 70%" in page  # Sourcegraph 101
    assert "2 h 55 min · 4 assignments" in page  # Administration


def test_the_catalog_lists_every_certification_path_and_offering(
    project: Project, catalog: Catalog
) -> None:
    page = html.unescape(render_catalog(project.courses_dir))
    for path in catalog.certifications.values():
        assert f'id="certification-{path.id}"' in page and path.title in page
    assert "Pass Sourcegraph 101: Code Search for Developers at 90%" in page
    offerings = load_offerings(project.courses_dir, catalog)
    assert any(o.paid for o in offerings), "the seeds' formal paid engagements are listed"
    for offering in offerings:
        assert f'id="offering-{offering.id}"' in page and offering.title in page
    assert page.count("can be earned today") == sum(
        catalog.offered(p) for p in catalog.certifications.values()
    )


def test_a_new_course_file_appears_without_touching_the_page(
    project: Project, tmp_path: Path
) -> None:
    courses = tmp_path / "courses"
    shutil.copytree(project.courses_dir, courses)
    (courses / "code-insights.yaml").write_text(
        "id: code-insights\ntitle: Code Insights in depth\nstatus: planned\n"
        "audience: [Engineering managers]\nobjectives: [Chart a migration]\npassing_score: 70\n"
        "assignments:\n  - {id: charts, title: Charts, notebooks: [charts], estimated_minutes: 30}\n"
    )
    page = render_catalog(courses)
    assert "Code Insights in depth" in page and "Engineering managers" in page


def test_a_lab_for_some_deployments_says_which(project: Project, tmp_path: Path) -> None:
    courses = tmp_path / "courses"
    shutil.copytree(project.courses_dir, courses)
    (courses / "labs.yaml").write_text(
        "id: labs\ntitle: Deployment labs\nstatus: planned\naudience: [Admins]\n"
        "objectives: [Deploy]\npassing_score: 70\nassignments:\n"
        "  - {id: helm, title: Helm values, notebooks: [helm], estimated_minutes: 30, "
        "deployments: [helm]}\n"
    )
    assert "Helm values (30 min; for helm deployments)" in render_catalog(courses)


def test_an_offering_naming_an_unknown_course_is_refused(project: Project, tmp_path: Path) -> None:
    courses = tmp_path / "courses"
    shutil.copytree(project.courses_dir, courses)
    offerings = courses / "plans" / "offerings.yaml"
    offerings.write_text(offerings.read_text().replace("[code-security]", "[code-securty]"))
    with pytest.raises(ConfigError, match=r"offerings.yaml: field 'offerings.4.courses': unknown"):
        render_catalog(courses)


def test_courses_come_in_the_order_a_learner_takes_them(project: Project) -> None:
    page = render_catalog(project.courses_dir)
    positions = [
        page.index(f'id="course-{c}"')
        for c in ("sourcegraph-101", "sourcegraph-102", "admin", "code-security")
    ]
    assert positions == sorted(positions)
    assert page.index('id="course-sourcegraph-101"') < page.index('id="course-admin-playbooks"')


@pytest.mark.parametrize(
    ("days", "shown"),
    [(730, "2 years"), (365, "1 year"), (540, "18 months"), (45, "45 days"), (1, "1 day")],
)
def test_validity_is_shown_in_whole_units(days: int, shown: str) -> None:
    from kit.catalog.render import validity

    assert validity(days) == shown


def test_the_summary_line_counts_with_plurals(project: Project) -> None:
    page = render_catalog(project.courses_dir)
    assert " courses · " in page and "valid 2.0 years" not in page
