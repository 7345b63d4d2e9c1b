"""A course handout is one page: objectives, assignments, the key queries of the course's worked
examples (each run on the practice corpus when it is built) and where to go next."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pypdfium2
import pytest

from kit.collateral.handouts import build_handout, handout_html, key_queries, write_handout
from kit.courses import Catalog
from kit.errors import KitError
from kit.practice.instances import PracticeSourcegraph
from kit.project import Project
from kit.search import PracticeBackend


@pytest.fixture(scope="module")
def sg(practice: PracticeBackend) -> PracticeSourcegraph:
    return PracticeSourcegraph(practice.index)


def test_the_101_handout_names_objectives_queries_and_next_steps(
    project: Project, catalog: Catalog, sg: PracticeSourcegraph
) -> None:
    course = catalog.course("sourcegraph-101")
    handout = build_handout(course, catalog, project, sg)
    page = html.unescape(handout_html(handout))
    for objective in course.objectives:
        assert objective in page
    assert handout.minutes == 225
    assert len(handout.key_queries) == 2 * len(course.assignments)
    first = handout.key_queries[0]
    assert (first.assignment, first.text) == ("Search basics", "TODO")
    assert first.results == len(sg.search("TODO").matches)
    assert "Sourcegraph 102: Power Search, History and Batch Changes" in page
    assert "Certification: Sourcegraph Certified User" in page


def test_every_published_course_fits_on_one_page(
    project: Project, catalog: Catalog, sg: PracticeSourcegraph, tmp_path: Path
) -> None:
    for course in catalog.published_courses:
        _, pdf = write_handout(build_handout(course, catalog, project, sg), tmp_path)
        assert len(pypdfium2.PdfDocument(pdf)) == 1, course.id


def test_a_worked_example_that_errors_fails_the_build_naming_the_notebook(
    project_copy: Project, catalog: Catalog, sg: PracticeSourcegraph
) -> None:
    notebook = project_copy.notebooks_dir / "sourcegraph-101/search-basics/search-basics.ipynb"
    nb = json.loads(notebook.read_text())
    example = next(c for c in nb["cells"] if c["id"].startswith("example"))
    example["source"] = 'sg.search("lang:klingon TODO")'
    notebook.write_text(json.dumps(nb))
    with pytest.raises(KitError, match=r"search-basics.ipynb.*'lang:klingon TODO' fails"):
        key_queries(catalog.course("sourcegraph-101"), project_copy, sg)


def test_a_course_without_notebooks_yet_has_a_handout_without_key_queries(
    project_copy: Project, catalog: Catalog, sg: PracticeSourcegraph
) -> None:
    shutil.rmtree(project_copy.notebooks_dir / "ce-onboarding")
    handout = build_handout(catalog.course("ce-onboarding"), catalog, project_copy, sg)
    assert handout.key_queries == ()
    assert "Key queries" not in handout_html(handout)
