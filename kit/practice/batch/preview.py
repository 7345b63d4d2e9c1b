"""`src batch preview` on the practice Sourcegraph: resolve, run the steps, build changesets.

Simulated rather than real: container images (steps run with the local bash, see `shell`),
namespaces (a preview belongs to nobody; `-namespace` has no meaning offline), publishing
(nothing is pushed), and `workspaces`, `transformChanges`, `importChangesets`, which are checked
by the schema and listed in the preview's notes but change nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import BatchStepError
from kit.practice.batch.changesets import ChangesetSpec, changeset_spec
from kit.practice.batch.shell import SIMULATION_NOTE, STEP_TIMEOUT_SECONDS
from kit.practice.batch.spec import BatchSpec
from kit.practice.batch.steps import run_steps
from kit.practice.batch.workspaces import resolve_workspaces

_HTML_FRAME = (
    '<pre style="font-family: ui-monospace, monospace; font-size: 12px; line-height: 1.35">'
    "<code>{code}</code></pre>"
)


@dataclass(frozen=True)
class BatchPreview:
    """A previewed batch change: its changeset specs, the workspaces left unchanged, the step
    failures (only when errors are skipped) and notes on what was simulated."""

    name: str
    changesets: tuple[ChangesetSpec, ...]
    unchanged: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        """A notebook shows the preview as `src batch preview` prints it: table, then diffs."""
        from rich.console import Console

        from kit.practice.batch.render import preview_renderable

        console = Console(record=True, width=110, file=io.StringIO(), force_terminal=True)
        console.print(preview_renderable(self))
        return console.export_html(inline_styles=True, code_format=_HTML_FRAME)

    def to_json(self) -> dict[str, Any]:
        """The preview as plain data (the form graders and `--json` use)."""
        return {
            "name": self.name,
            "changesetSpecs": [c.to_json() for c in self.changesets],
            "unchanged": list(self.unchanged),
            "failures": list(self.failures),
            "notes": list(self.notes),
        }


def preview_batch_change(
    spec: BatchSpec,
    corpus: Path | None = None,
    *,
    skip_errors: bool = False,
    timeout: float = STEP_TIMEOUT_SECONDS,
) -> BatchPreview:
    """Preview `spec` on the practice corpus: changeset specs for every workspace it changes.
    A failing step raises BatchStepError, unless `skip_errors` records it and goes on."""
    if corpus is None:
        from kit.practice import default_corpus

        corpus = default_corpus()
    changesets: list[ChangesetSpec] = []
    unchanged: list[str] = []
    failures: list[str] = []
    for workspace in resolve_workspaces(spec, Path(corpus)):
        label = f"{workspace.repository}@{workspace.branch}"
        try:
            run = run_steps(spec, workspace, timeout=timeout)
        except BatchStepError as exc:
            if not skip_errors:
                raise
            failures.append(str(exc))
            continue
        changeset = changeset_spec(spec, run)
        if changeset is None:
            unchanged.append(label)
        else:
            changesets.append(changeset)
    return BatchPreview(
        name=spec.name,
        changesets=tuple(changesets),
        unchanged=tuple(unchanged),
        failures=tuple(failures),
        notes=simulation_notes(spec),
    )


def simulation_notes(spec: BatchSpec) -> tuple[str, ...]:
    """What of this spec the practice Sourcegraph simulates rather than does, one line each."""
    shell = SIMULATION_NOTE
    notes = [
        f"container {image} not available offline; {shell}"
        for image in dict.fromkeys(step.container for step in spec.steps)
    ]
    if spec.workspaces:
        notes.append("workspaces: not simulated; each repository is one workspace at its root")
    if spec.transform_changes:
        notes.append("transformChanges: not simulated; one changeset per repository")
    if spec.import_changesets:
        notes.append("importChangesets: not simulated; no existing changesets are imported")
    if spec.changeset_template is None:
        notes.append("no changesetTemplate: the steps ran but no changesets are produced")
    notes.append("publishing is simulated: nothing is pushed and no pull request is opened")
    return tuple(notes)
