"""The checkout's own courses follow the template (this is how `make test` enforces it), and the
template document names every rule the linter checks."""

from __future__ import annotations

from kit.lint import RULES, lint_catalog, lint_scope
from kit.project import Project


def test_the_repository_courses_break_no_template_rule(project: Project) -> None:
    violations = lint_catalog(project.courses_dir, project.notebooks_dir, project.release_dir)

    assert [str(v) for v in violations] == []


def test_the_repository_lint_reads_every_published_assignment_notebook(project: Project) -> None:
    courses, notebooks = lint_scope(project.courses_dir, project.notebooks_dir)

    assert {c.id for c in courses} >= {"sourcegraph-101", "sourcegraph-102"}
    assert project.notebooks_dir / "sourcegraph-101/search-basics/search-basics.ipynb" in notebooks
    assert not [p for p in notebooks if "worked-examples" in p.parts or "assessors" in p.parts]


def test_the_template_documents_every_rule_by_id_and_name(project: Project) -> None:
    template = (project.courses_dir / "TEMPLATE.md").read_text(encoding="utf-8")

    undocumented = [
        str(rule) for rule in RULES.values() if f"`{rule.id} {rule.name}`" not in template
    ]

    assert undocumented == []
