"""A customer's notebook copy in their terms: markdown placeholders, a note naming their set-up,
and, for a live customer, the examples pointed at their Sourcegraph.

Markdown cells may hold jinja2 placeholders (`{{ customer.name }}`, `{{ deployment.upgrade }}`,
`{% if customer.deployment == "helm" %}...{% endif %}`); they are rendered per customer, and a
locked nbgrader cell gets its checksum recomputed so `nbgrader validate` still accepts it. Grade
ids, points and code cells are never touched, so a variant grades exactly as the standard course.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2

from kit.customers.profile import CODE_HOST_TITLES, CustomerProfile
from kit.errors import NotebookError
from kit.notebook_io import copy_notebook
from kit.variants.deployments import deployment_facts
from kit.variants.parameters import INJECTED_TAG

CUSTOMER_CELL_ID = "sgkit-customer"
LIVE_CELL_ID = "sgkit-live"
_TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,  # markdown, not HTML: Jupyter escapes when it renders
    )


def customer_context(profile: CustomerProfile) -> dict[str, Any]:
    """What markdown placeholders may name: `customer.*` and `deployment.*`."""
    first = profile.repositories[0].rsplit("/", 1)[-1]
    customer = {
        "name": profile.name,
        "slug": profile.slug,
        "code_hosts": [str(h) for h in profile.code_hosts],
        "code_host_titles": [CODE_HOST_TITLES[h] for h in profile.code_hosts],
        "repositories": list(profile.repositories),
        "repo_filter": first,
        "deployment": str(profile.deployment),
        "air_gapped": profile.isolated,
        "use_cases": [str(u) for u in profile.use_cases],
        "languages": list(profile.languages),
        "live": profile.live,
        "endpoint": profile.endpoint,
        "seats": profile.seats,
    }
    return {"customer": customer, "deployment": deployment_facts(profile.deployment)}


def render_markdown_cells(nb: Any, context: dict[str, Any], where: str | Path) -> Any:
    """A copy of `nb` with jinja2 placeholders in markdown cells filled from `context`."""
    from nbgrader.utils import compute_checksum

    out = copy_notebook(nb)
    env = _environment()
    for cell in out.cells:
        if cell.cell_type != "markdown" or ("{{" not in cell.source and "{%" not in cell.source):
            continue
        try:
            cell.source = env.from_string(_protect_batch_templates(cell.source)).render(context)
        except jinja2.TemplateError as exc:
            name = cell.get("id", "?")
            raise NotebookError(f"cell {name!r}: placeholder problem: {exc}", where=where) from None
        meta = cell.metadata.get("nbgrader", {})
        if "checksum" in meta:
            meta["checksum"] = compute_checksum(cell)
    return out


_BATCH_TEMPLATE = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


def _protect_batch_templates(text: str) -> str:
    """Batch spec templating (`${{ repository.name }}`) in a lesson is text to show, not a
    placeholder: wrap it in a raw block so jinja2 leaves it as written."""
    return _BATCH_TEMPLATE.sub(lambda m: "{% raw %}" + m.group(0) + "{% endraw %}", text)


def _after_injected(nb: Any) -> int:
    for index, cell in enumerate(nb.cells):
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            return index + 1
    return 0


def add_customer_cells(nb: Any, profile: CustomerProfile, context: dict[str, Any]) -> Any:
    """A copy of `nb` with the note naming the customer's set-up (and the live connection)
    right after the injected parameters; no nbgrader metadata, so grading ignores them."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    out = copy_notebook(nb)
    at = _after_injected(out)
    text = _environment().get_template("customer_cell.md.j2").render(context).strip()
    cells = [new_markdown_cell(text, id=CUSTOMER_CELL_ID)]  # type: ignore[no-untyped-call]
    if profile.live:
        cells.append(new_code_cell(LIVE_SOURCE, id=LIVE_CELL_ID))  # type: ignore[no-untyped-call]
    for cell in cells:
        cell.metadata["tags"] = [cell.id]
    out.cells[at:at] = cells
    return out


LIVE_SOURCE = """\
# Your Sourcegraph: connect() below reads SRC_ENDPOINT; the token stays in the environment.
import os

from kit.practice import connect

if sourcegraph_url:
    os.environ["SRC_ENDPOINT"] = sourcegraph_url
    if not os.environ.get("SRC_ACCESS_TOKEN"):
        print("Set SRC_ACCESS_TOKEN before starting Jupyter to search private repositories.")"""


def customize(nb: Any, profile: CustomerProfile, where: str | Path) -> Any:
    """The markdown rendered and the customer's cells added (parameters already injected)."""
    context = customer_context(profile)
    return add_customer_cells(render_markdown_cells(nb, context, where), profile, context)
