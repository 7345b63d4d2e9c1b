"""Batch Changes on the practice Sourcegraph: validate a batch spec, run its steps on scratch
checkouts of the practice repositories, and preview the changesets, as `src batch preview`.

Simulated rather than real: container images (steps run with the local bash in a bubblewrap
sandbox), namespaces, and publishing (nothing is pushed); `workspaces`, `transformChanges` and
`importChangesets` are validated but not carried out. Version 3 specs are refused.

    spec = load_spec("spec.yaml")
    preview = preview_batch_change(spec)
    print_preview(preview)
"""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.practice.batch.changesets import ChangesetSpec
    from kit.practice.batch.grading import compare_changesets, grade_batch_spec
    from kit.practice.batch.preview import BatchPreview, preview_batch_change
    from kit.practice.batch.render import print_preview
    from kit.practice.batch.schema import batch_spec_schema, validate
    from kit.practice.batch.spec import BatchSpec, load_spec, parse_spec, read_spec_yaml
    from kit.practice.batch.template import render
    from kit.practice.batch.workspaces import Workspace, resolve_workspaces

__all__ = [
    "BatchPreview",
    "BatchSpec",
    "ChangesetSpec",
    "Workspace",
    "batch_spec_schema",
    "compare_changesets",
    "grade_batch_spec",
    "load_spec",
    "parse_spec",
    "preview_batch_change",
    "print_preview",
    "read_spec_yaml",
    "render",
    "resolve_workspaces",
    "validate",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "BatchPreview": ".preview",
        "BatchSpec": ".spec",
        "ChangesetSpec": ".changesets",
        "Workspace": ".workspaces",
        "batch_spec_schema": ".schema",
        "compare_changesets": ".grading",
        "grade_batch_spec": ".grading",
        "load_spec": ".spec",
        "parse_spec": ".spec",
        "preview_batch_change": ".preview",
        "print_preview": ".render",
        "read_spec_yaml": ".spec",
        "render": ".template",
        "resolve_workspaces": ".workspaces",
        "validate": ".schema",
    },
)
