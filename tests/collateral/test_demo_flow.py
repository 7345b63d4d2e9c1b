"""The standard demo notebook walks every core competency of the CE Demo Certification rubric,
each step naming the competency it practises as the rubric defines it (nbval runs the notebook)."""

from __future__ import annotations

import ast

import nbformat
import pytest

from kit.collateral.demo_flow import competency_card
from kit.courses import Catalog
from kit.errors import ConfigError
from kit.project import Project

NOTEBOOK = "demo-flow/standard-demo.ipynb"


def _cards(project: Project) -> list[str]:
    """The competency ids the notebook's cells show, in order."""
    nb = nbformat.read(project.notebooks_dir / NOTEBOOK, as_version=4)
    shown: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "competency_card":
                shown.append(ast.literal_eval(node.args[0]))
    return shown


def test_every_core_competency_has_a_step_and_every_step_a_real_competency(
    project: Project, catalog: Catalog
) -> None:
    rubric = catalog.rubric("ce-demo")
    shown = _cards(project)
    assert {c.id for c in rubric.core_competencies} <= set(shown)
    assert all(rubric.competency(c) is not None for c in shown)
    assert shown.index("discovery") < shown.index("code-search") < shown.index("positioning")


def test_a_card_shows_the_rubric_s_own_words(project: Project, catalog: Catalog) -> None:
    card = competency_card("batch-changes", project=project)
    expected = catalog.rubric("ce-demo").competency("batch-changes")
    assert expected is not None
    assert (card.title, card.description, card.core) == (
        expected.title,
        expected.description,
        True,
    )
    assert "both assessors must score 3" in card._repr_html_()
    assert str(card).startswith("Rubric (ce-demo): Batch Changes [core].")


def test_an_unknown_competency_is_refused_listing_the_known_ones(project: Project) -> None:
    with pytest.raises(ConfigError, match=r"no competency 'demo-magic'.*known: discovery"):
        competency_card("demo-magic", project=project)


def test_the_demo_keeps_no_token_and_defaults_to_the_practice_sourcegraph(
    project: Project,
) -> None:
    nb = nbformat.read(project.notebooks_dir / NOTEBOOK, as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "sourcegraph_url = None" in parameters.source
    assert "TOKEN" not in parameters.source.upper().replace("AN ACCESS TOKEN IS NEVER", "")
