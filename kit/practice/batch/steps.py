"""Run a batch spec's steps in a scratch checkout of one workspace and collect the diff.

Each workspace gets a fresh `git clone --shared` of its practice repository in a temporary
folder (the corpus is only read), the steps run there one by one (see `shell` for how the
container image is simulated), and the folder is removed whatever happens.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit.errors import BatchSpecError, BatchStepError, CorpusError
from kit.practice.batch.shell import STEP_TIMEOUT_SECONDS, ShellResult, run_script
from kit.practice.batch.spec import BatchSpec, Step
from kit.practice.batch.template import Record, TemplateError, render
from kit.practice.batch.workspaces import Workspace
from kit.practice.git import run_git


@dataclass(frozen=True)
class FileChanges:
    """Paths a step (or all steps) modified, added and deleted."""

    modified: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()

    def variables(self) -> dict[str, list[str]]:
        """As template variables: `modified_files`, `added_files`, `deleted_files`."""
        return {
            "modified_files": list(self.modified),
            "added_files": list(self.added),
            "deleted_files": list(self.deleted),
        }


@dataclass(frozen=True)
class StepRun:
    """One step in one workspace: skipped by its `if:`, or run with this output."""

    index: int
    skipped: bool
    stdout: str = ""
    stderr: str = ""


@dataclass(frozen=True)
class WorkspaceRun:
    """What the steps did to a workspace: the unified diff, each changed file's new content
    (None: deleted), the outputs they set, and the per-step record."""

    workspace: Workspace
    diff: str
    files: Mapping[str, str | None]
    changes: FileChanges
    outputs: Mapping[str, Any] = field(default_factory=dict)
    steps: tuple[StepRun, ...] = ()


def repository_variables(workspace: Workspace) -> Record:
    """`repository.*` for templates."""
    return Record(
        name=workspace.repository,
        branch=workspace.branch,
        search_result_paths=list(workspace.search_result_paths),
    )


def batch_change_variables(spec: BatchSpec) -> Record:
    """`batch_change.*` for templates."""
    return Record(name=spec.name, description=spec.description)


def run_steps(
    spec: BatchSpec, workspace: Workspace, *, timeout: float = STEP_TIMEOUT_SECONDS
) -> WorkspaceRun:
    """Run `spec.steps` on a scratch checkout of `workspace`; BatchStepError if one fails."""
    with tempfile.TemporaryDirectory(prefix="sgkit-batch-") as scratch:
        checkout = Path(scratch) / "repo"
        _clone(workspace, checkout)
        base_tree = _snapshot(checkout)
        outputs: dict[str, Any] = {}
        previous = Record(**FileChanges().variables(), stdout="", stderr="")
        records: list[StepRun] = []
        for index, step in enumerate(spec.steps):
            variables = {
                "batch_change": batch_change_variables(spec),
                "repository": repository_variables(workspace),
                "previous_step": previous,
                "steps": Record(**_changes(checkout, base_tree).variables(), path=""),
                "outputs": outputs,
            }
            field_name = f"steps.{index}"
            if not _should_run(step, variables, spec, field_name):
                records.append(StepRun(index, skipped=True))
                continue
            before = _snapshot(checkout)
            result = _run_step(step, variables, checkout, spec, field_name, timeout)
            if result.exit_code != 0:
                raise BatchStepError(
                    f"{field_name} failed with exit status {result.exit_code}: "
                    f"{_tail(result.stderr or result.stdout)}",
                    where=workspace.repository,
                )
            changed = _changes(checkout, before)
            previous = Record(**changed.variables(), stdout=result.stdout, stderr=result.stderr)
            variables["step"] = previous
            _set_outputs(step, variables, outputs, spec, field_name, workspace)
            records.append(StepRun(index, False, result.stdout, result.stderr))
        changes = _changes(checkout, base_tree)
        return WorkspaceRun(
            workspace=workspace,
            diff=_diff(checkout, workspace.rev),
            files=_contents(checkout, changes),
            changes=changes,
            outputs=dict(outputs),
            steps=tuple(records),
        )


def _template(text: str, variables: Mapping[str, Any], spec: BatchSpec, field_name: str) -> str:
    try:
        return render(text, variables)
    except TemplateError as exc:
        raise BatchSpecError(f"{field_name}: {exc}", where=spec.where) from None


def _should_run(step: Step, variables: Mapping[str, Any], spec: BatchSpec, name: str) -> bool:
    if isinstance(step.condition, bool):
        return step.condition
    return _template(step.condition, variables, spec, f"{name}.if").strip() == "true"


def _run_step(
    step: Step,
    variables: Mapping[str, Any],
    checkout: Path,
    spec: BatchSpec,
    name: str,
    timeout: float,
) -> ShellResult:
    if step.mounts:
        raise BatchSpecError(
            f"{name}.mount: mounting local paths is not simulated by the practice Sourcegraph; "
            "put the content in files: instead",
            where=spec.where,
        )
    env = {
        key: _template(value, variables, spec, f"{name}.env.{key}")
        if value is not None
        else os.environ.get(key, "")
        for key, value in step.env
    }
    files = {
        path: _template(content, variables, spec, f"{name}.files.{path}")
        for path, content in step.files.items()
    }
    script = _template(step.run, variables, spec, f"{name}.run")
    return run_script(script, checkout, env, files, timeout=timeout)


def _set_outputs(
    step: Step,
    variables: Mapping[str, Any],
    outputs: dict[str, Any],
    spec: BatchSpec,
    name: str,
    workspace: Workspace,
) -> None:
    for key, output in step.outputs.items():
        text = _template(output.value, variables, spec, f"{name}.outputs.{key}.value")
        try:
            if output.format == "json":
                outputs[key] = json.loads(text)
            elif output.format == "yaml":
                outputs[key] = yaml.safe_load(text)
            else:
                outputs[key] = text
        except (ValueError, yaml.YAMLError) as exc:
            first = str(exc).splitlines()[0]
            raise BatchStepError(
                f"{name}.outputs.{key}: value is not valid {output.format}: {first}",
                where=workspace.repository,
            ) from None


def _tail(text: str, lines: int = 3, limit: int = 400) -> str:
    tail = " | ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())
    return (tail[-limit:] if len(tail) > limit else tail) or "(no output)"


def _clone(workspace: Workspace, checkout: Path) -> None:
    try:
        run_git(
            checkout.parent,
            *("clone", "--quiet", "--shared", "--branch", workspace.branch),
            # A local clone runs upload-pack with the `-c` settings cleared; in a judge sandbox
            # the corpus belongs to another user, so upload-pack must be told it is safe too.
            *("--upload-pack", "git -c safe.directory=* upload-pack"),
            *(str(workspace.path), checkout.name),
        )
        run_git(checkout, "checkout", "--quiet", "--detach", workspace.rev)
    except CorpusError as exc:
        raise BatchStepError(
            f"cannot check out {workspace.branch}: {exc.message}", where=workspace.repository
        ) from None


def _snapshot(checkout: Path) -> str:
    """Stage everything and return the tree: the state to compare a step's changes against."""
    run_git(checkout, "add", "--all")
    return run_git(checkout, "write-tree").decode().strip()


def _changes(checkout: Path, tree: str) -> FileChanges:
    run_git(checkout, "add", "--all")
    out = run_git(checkout, "diff-index", "--cached", "--no-renames", "--name-status", "-z", tree)
    fields = out.decode("utf-8", "replace").split("\0")
    by_kind: dict[str, list[str]] = {"M": [], "A": [], "D": []}
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        by_kind["M" if status not in by_kind else status].append(path)
    return FileChanges(tuple(by_kind["M"]), tuple(by_kind["A"]), tuple(by_kind["D"]))


def _diff(checkout: Path, rev: str) -> str:
    run_git(checkout, "add", "--all")
    out = run_git(checkout, "diff", "--cached", "--no-color", "--no-ext-diff", "--no-renames", rev)
    return out.decode("utf-8", "replace")


def _contents(checkout: Path, changes: FileChanges) -> dict[str, str | None]:
    files: dict[str, str | None] = dict.fromkeys(changes.deleted)
    for path in (*changes.modified, *changes.added):
        files[path] = (checkout / path).read_bytes().decode("utf-8", "replace")
    return dict(sorted(files.items()))
