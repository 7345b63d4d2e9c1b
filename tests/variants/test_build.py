"""Variants: each customer's copy of the released notebooks, parameterized as papermill does."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kit.customers import CustomerProfile, Stage, load_profile
from kit.errors import ConfigError, GradingError, NotebookError
from kit.project import Project
from kit.variants.build import MANIFEST, VariantsIncompleteError, build_variants, plan_tasks
from kit.variants.customize import customize
from kit.variants.parameters import INJECTED_TAG
from kit.variants.verify import check_same_grading, graded_cells

TODAY = date(2026, 11, 23)
NOTEBOOK = Path("sourcegraph-101", "search-basics", "search-basics.ipynb")
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


@pytest.fixture(scope="module")
def helix(project: Project) -> CustomerProfile:
    return load_profile(project.courses_dir / "customers" / "helix-health.yaml", today=TODAY)


@pytest.fixture(scope="module")
def tallgrass(project: Project) -> CustomerProfile:
    path = project.courses_dir / "customers" / "tallgrass-logistics.yaml"
    return load_profile(path, today=TODAY)


ONE: dict[str, Any] = {
    "courses": ["sourcegraph-101"],
    "assignments": ["search-basics"],
    "live_checks": False,  # live mode has its own tests (test_live_mode.py)
}
"""The variants under test: one notebook, so each build is quick and its numbers known."""


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_a_variant_names_the_customer_and_injects_its_parameters(
    project: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    (built,) = build_variants([helix], project, out=tmp_path, workers=1, check=False, **ONE)
    nb = read(tmp_path / "helix-health" / NOTEBOOK)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    injected = tags.index([INJECTED_TAG])
    assert tags[injected - 1] == ["parameters"]
    assert 'customer_name = "Helix Health"' in nb.cells[injected].source
    assert 'deployment = "helm"' in nb.cells[injected].source
    assert "sourcegraph_url = None" in nb.cells[injected].source
    assert nb.metadata.papermill.parameters["code_hosts"] == ["github"]
    note = nb.cells[injected + 1].source
    assert "This copy is for Helix Health" in note
    assert "GitHub" in note and "github.com/helix-health/patient-portal" in note
    assert "helm upgrade" in note and "docker compose" not in note
    assert "sgkit-live" not in {c.id for c in nb.cells}, "practice mode has no live connection"
    manifest = json.loads((built.folder / MANIFEST).read_text())
    assert manifest["notebooks"][0]["path"] == NOTEBOOK.as_posix()


def test_a_variant_keeps_grade_ids_and_points_and_holds_no_solution(
    project: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    build_variants([helix], project, out=tmp_path, workers=1, check=False, **ONE)
    variant_path = tmp_path / "helix-health" / NOTEBOOK
    released = read(project.release_dir / NOTEBOOK)
    variant = read(variant_path)
    assert graded_cells(variant) == graded_cells(released)
    assert sum(p or 0 for _, p, _ in graded_cells(variant).values()) == 12
    check_same_grading(variant, released, variant_path)
    text = variant_path.read_text()
    assert not [m for m in MARKERS if m in text]
    assert "grade_query" not in text, "a hidden test leaked into the variant"
    assert "answer = 'TODO'" not in text


def test_a_live_customer_points_the_examples_at_its_sourcegraph_without_a_token(
    project: Project, tallgrass: CustomerProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRC_ACCESS_TOKEN", "sgp_0123456789abcdef0123456789abcdef")
    build_variants([tallgrass], project, out=tmp_path, workers=1, check=False, **ONE)
    nb = read(tmp_path / "tallgrass-logistics" / NOTEBOOK)
    text = "\n".join(c.source for c in nb.cells)
    assert "sgp_" not in (tmp_path / "tallgrass-logistics" / NOTEBOOK).read_text()
    ids = [c.id for c in nb.cells]
    assert ids.index("sgkit-live") < ids.index("setup"), "connect() must see SRC_ENDPOINT"
    assert 'sourcegraph_url = "https://sourcegraph.tallgrass.example"' in text
    assert "GitLab and GitHub Enterprise Server" in text
    assert "docker compose up -d" in text


def test_different_customers_get_visibly_different_copies(
    project: Project, helix: CustomerProfile, tallgrass: CustomerProfile, tmp_path: Path
) -> None:
    build_variants([helix, tallgrass], project, out=tmp_path, workers=2, check=False, **ONE)
    first = (tmp_path / "helix-health" / NOTEBOOK).read_text()
    second = (tmp_path / "tallgrass-logistics" / NOTEBOOK).read_text()
    assert "Helix Health" in first and "Helix Health" not in second
    assert "Tallgrass Logistics" in second and "Tallgrass Logistics" not in first


def test_a_failed_build_leaves_no_folder_and_keeps_the_previous_one(
    project_copy: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    out = tmp_path / "variants"
    build_variants([helix], project_copy, out=out, workers=1, check=False, **ONE)
    before = (out / "helix-health" / NOTEBOOK).read_text()
    released = project_copy.release_dir / NOTEBOOK
    nb = read(released)
    for cell in nb.cells:
        cell.metadata.pop("tags", None)  # no parameters cell any more
    nbformat.write(nb, released)
    other = helix.model_copy(update={"slug": "helix-two"})
    with pytest.raises(
        VariantsIncompleteError, match=r"search-basics.ipynb: no code cell tagged 'parameters'"
    ):
        build_variants([other, helix], project_copy, out=out, workers=1, check=False, **ONE)
    assert sorted(p.name for p in out.iterdir()) == ["helix-health"], "no staging folder left"
    assert (out / "helix-health" / NOTEBOOK).read_text() == before


def test_one_customer_failing_keeps_every_other_customers_variants(
    project: Project, helix: CustomerProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.variants.build as build

    def broken(nb: object, profile: CustomerProfile, where: object) -> object:
        if profile.slug == "helix-two":
            raise NotebookError("placeholder problem", where=str(where))
        return customize(nb, profile, where)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "customize", broken)
    other = helix.model_copy(update={"slug": "helix-two"})
    with pytest.raises(VariantsIncompleteError) as caught:
        build_variants([other, helix], project, out=tmp_path, workers=1, check=False, **ONE)
    message = str(caught.value)
    assert "search-basics.ipynb: placeholder problem" in message
    assert "1 customer(s) not built: helix-two" in message
    assert [c.customer.slug for c in caught.value.built] == ["helix-health"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helix-health"], "no staging folder left"
    assert (tmp_path / "helix-health" / NOTEBOOK).is_file()
    assert (tmp_path / "helix-health" / MANIFEST).is_file()


def test_a_planned_course_has_no_variants(
    project_copy: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    (project_copy.courses_dir / "code-insights.yaml").write_text(
        "id: code-insights\ntitle: Code Insights in depth\nstatus: planned\n"
        "audience: [Developers]\nobjectives: [Track code over time]\nprerequisites: []\n"
        "passing_score: 70\nassignments:\n"
        "  - {id: series, title: Series, notebooks: [series], estimated_minutes: 30}\n"
    )
    out = tmp_path / "variants"
    with pytest.raises(ConfigError, match=r"course 'code-insights' is planned"):
        build_variants([helix], project_copy, out=out, courses=["code-insights"], check=False)
    assert not out.exists() or list(out.iterdir()) == []


def test_changed_points_are_refused(project: Project) -> None:
    released = read(project.release_dir / NOTEBOOK)
    changed = read(project.release_dir / NOTEBOOK)
    for cell in changed.cells:
        if cell.metadata.get("nbgrader", {}).get("points"):
            cell.metadata.nbgrader.points = 5
            break
    with pytest.raises(GradingError, match=r"grade cells differ from the standard release"):
        check_same_grading(changed, released, "x.ipynb")


@pytest.mark.slow
def test_the_checked_variant_scores_full_marks_solved_and_zero_blank(
    project: Project, tallgrass: CustomerProfile, tmp_path: Path
) -> None:
    (built,) = build_variants([tallgrass], project, out=tmp_path, workers=1, check=True, **ONE)
    (notebook,) = built.notebooks
    assert notebook.check is not None
    assert (notebook.check.solution_score, notebook.check.blank_score) == (12, 0)
    manifest = json.loads((built.folder / MANIFEST).read_text())
    assert manifest["notebooks"][0]["check"] == {
        "max_score": 12.0,
        "solution_score": 12.0,
        "blank_score": 0.0,
    }


def test_a_build_can_be_limited_to_named_assignments(
    project: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    (built,) = build_variants(
        [helix], project, out=tmp_path, assignments=["final-assessment"], check=False
    )
    assert sorted(n.relative.as_posix() for n in built.notebooks) == [
        "sourcegraph-101/final-assessment/final-assessment.ipynb",
        "sourcegraph-102/final-assessment/final-assessment.ipynb",
    ]


def test_a_playbook_lab_is_built_only_for_the_customers_who_run_that_deployment(
    project_copy: Project, helix: CustomerProfile, tallgrass: CustomerProfile, tmp_path: Path
) -> None:
    meridian = load_profile(
        project_copy.courses_dir / "customers" / "meridian-federal.yaml", today=TODAY
    ).model_copy(update={"stage": Stage.ONBOARDING})  # bought: past the trial track
    labs = {"helm-lab": "[helm]", "compose-lab": "[docker-compose]", "airgap-lab": "[air-gapped]"}
    (project_copy.courses_dir / "labs.yaml").write_text(
        "id: labs\ntitle: Labs\naudience: [Admins]\nobjectives: [Deploy]\nprerequisites: []\n"
        "passing_score: 70\nassignments:\n"
        + "".join(
            f"  - {{id: {lab}, title: {lab}, notebooks: [{lab}], estimated_minutes: 30, "
            f"deployments: {kinds}}}\n"
            for lab, kinds in labs.items()
        )
    )
    offer = project_copy.courses_dir / "plans" / "audiences.yaml"
    offer.write_text(
        offer.read_text().replace(
            "courses: [sourcegraph-101, admin,", "courses: [labs, sourcegraph-101, admin,"
        )
    )
    for lab in labs:
        folder = project_copy.release_dir / "labs" / lab
        folder.mkdir(parents=True)
        (folder / f"{lab}.ipynb").write_bytes((project_copy.release_dir / NOTEBOOK).read_bytes())
    profiles = [helix, tallgrass, meridian]
    staging = {p.slug: tmp_path / p.slug for p in profiles}
    tasks = plan_tasks(profiles, project_copy, staging, courses=["labs"])
    assert sorted((t.profile.slug, t.assignment) for t in tasks) == [
        ("helix-health", "helm-lab"),
        ("meridian-federal", "airgap-lab"),  # Kustomize, but air-gapped too
        ("tallgrass-logistics", "compose-lab"),
    ]


def test_a_customer_in_trial_gets_only_the_trial_s_parts_of_101_and_its_use_case_courses(
    project: Project, tmp_path: Path
) -> None:
    meridian = load_profile(
        project.courses_dir / "customers" / "meridian-federal.yaml", today=TODAY
    )
    assert meridian.stage is Stage.TRIAL  # use cases: code health, code reuse
    tasks = plan_tasks([meridian], project, {meridian.slug: tmp_path})
    assert sorted((t.course, t.assignment) for t in tasks) == [
        ("sourcegraph-101", "filters-and-scoping"),
        ("sourcegraph-101", "search-basics"),
        ("sourcegraph-102", "batch-changes"),
        ("sourcegraph-102", "structural-search"),
    ]


def test_variants_hold_only_the_courses_the_customers_audiences_can_take(
    project: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    developers_only = helix.model_copy(update={"slug": "helix-devs", "audiences": ("developers",)})
    tasks = plan_tasks(
        [helix, developers_only], project, {p: tmp_path for p in ("helix-health", "helix-devs")}
    )
    courses = {
        slug: {t.course for t in tasks if t.profile.slug == slug}
        for slug in ("helix-health", "helix-devs")
    }
    assert "ce-onboarding" not in courses["helix-health"] | courses["helix-devs"]
    assert {"admin", "graphql-for-admins"} <= courses["helix-health"]
    assert courses["helix-devs"] == {"sourcegraph-101", "sourcegraph-102", "code-security"}


def test_an_internal_course_named_explicitly_is_refused(
    project: Project, helix: CustomerProfile, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=r"course 'ce-onboarding' is not offered to customers"):
        build_variants([helix], project, out=tmp_path, courses=["ce-onboarding"], check=False)
