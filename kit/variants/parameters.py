"""Papermill parameters: what a customer's notebook copy is told, and how it is injected.

A notebook declares its parameters in one code cell tagged `parameters` (defaults for the
practice Sourcegraph). Injection is papermill's own: a cell tagged `injected-parameters` right
after it, written by papermill's translator, and the values in `metadata.papermill.parameters`,
so papermill can re-parameterize a variant later. Only names the notebook declares are injected.
The access token is never a parameter: it stays in the environment (`SRC_ACCESS_TOKEN`).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from kit.customers.profile import CustomerProfile
from kit.errors import NotebookError
from kit.notebook_io import copy_notebook

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
INJECTED_ID = "injected-parameters"
"""A fixed cell id (papermill draws a random one) so that a variant build is reproducible."""
COMMENT = "Parameters"


def profile_parameters(profile: CustomerProfile) -> dict[str, Any]:
    """Every parameter a notebook may declare, with this customer's values (plain JSON data)."""
    return {
        "customer_name": profile.name,
        "customer_slug": profile.slug,
        "code_hosts": [str(host) for host in profile.code_hosts],
        "example_repositories": list(profile.repositories),
        "deployment": str(profile.deployment),
        "air_gapped": profile.isolated,
        "use_cases": [str(use) for use in profile.use_cases],
        "languages": list(profile.languages),
        "audiences": [str(audience) for audience in profile.audiences],
        "sourcegraph_url": profile.endpoint,
    }


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def parameters_cell_index(nb: Any, where: str | Path) -> int:
    """The index of the cell tagged `parameters`, or a NotebookError saying to add one."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and PARAMETERS_TAG in _tags(cell):
            return index
    raise NotebookError(
        "no code cell tagged 'parameters': add one with the practice defaults "
        "(customer_name = 'Acme', ...) so variants can name the customer",
        where=where,
    )


def declared_parameters(nb: Any, where: str | Path) -> list[str]:
    """The names the `parameters` cell assigns, in order."""
    source = nb.cells[parameters_cell_index(nb, where)].source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookError(
            f"the parameters cell is not valid Python: {exc.msg}", where=where
        ) from None
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.extend(t.id for t in targets if isinstance(t, ast.Name) and t.id not in names)
    return names


def parameters_for(nb: Any, profile: CustomerProfile, where: str | Path) -> dict[str, Any]:
    """The customer's values for the parameters this notebook declares, in its order."""
    values = profile_parameters(profile)
    return {name: values[name] for name in declared_parameters(nb, where) if name in values}


def inject_parameters(nb: Any, parameters: dict[str, Any], where: str | Path) -> Any:
    """A copy of `nb` with `parameters` injected after its `parameters` cell, as papermill does."""
    from nbformat.v4 import new_code_cell
    from papermill.translators import translate_parameters  # type: ignore[import-untyped]

    out = copy_notebook(nb)
    index = parameters_cell_index(out, where)
    kernel = out.metadata.get("kernelspec", {}).get("name", "python3")
    language = out.metadata.get("kernelspec", {}).get("language", "python")
    source = translate_parameters(kernel, language, parameters, COMMENT)
    cell = new_code_cell(source=source, id=INJECTED_ID)  # type: ignore[no-untyped-call]
    cell.metadata["tags"] = [INJECTED_TAG]
    out.cells = [c for c in out.cells if INJECTED_TAG not in _tags(c)]
    out.cells.insert(index + 1, cell)
    out.metadata.setdefault("papermill", {})["parameters"] = parameters
    return out
