"""The standard demo flow's link to the CE Demo Certification rubric: each step of the demo
notebook (`notebooks/demo-flow/standard-demo.ipynb`) shows the competency it practises, read from
`courses/rubrics/ce-demo.yaml` when the cell runs, so the notebook and the rubric cannot drift."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kit.courses import load_catalog
from kit.errors import ConfigError
from kit.project import Project

RUBRIC = "ce-demo"


@dataclass(frozen=True)
class CompetencyCard:
    """One rubric competency as the demo notebook shows it before a step."""

    rubric: str
    id: str
    title: str
    description: str
    core: bool
    top_score: int

    def __str__(self) -> str:
        kind = "core" if self.core else "optional"
        return (
            f"Rubric ({self.rubric}): {self.title} [{kind}]. {self.description} "
            f"Assessors look for a {self.top_score}."
        )

    def _repr_html_(self) -> str:
        kind = "core competency" if self.core else "optional competency"
        return (
            '<div style="border-left:4px solid #6b3fd4;background:#f4f3fb;padding:.4em .8em">'
            f"<b>Rubric: {html.escape(self.title)}</b> <i>({kind}; both assessors must score "
            f"{self.top_score})</i><br>{html.escape(self.description)}</div>"
        )


def competency_card(
    competency_id: str, *, rubric: str = RUBRIC, project: Project | None = None
) -> CompetencyCard:
    """The rubric's competency `competency_id`, for the demo step that practises it."""
    catalog = load_catalog((project or Project.discover()).courses_dir)
    found = catalog.rubric(rubric)
    competency = found.competency(competency_id)
    if competency is None:
        known = ", ".join(c.id for c in found.competencies)
        raise ConfigError(f"no competency {competency_id!r} in rubric {rubric!r} (known: {known})")
    return CompetencyCard(
        rubric,
        competency.id,
        competency.title,
        competency.description,
        competency.core,
        found.top_score,
    )
