"""Copy the released notebooks into a learner's workspace, keeping every notebook they changed.

A manifest (`.sgkit-workspace.json`) remembers the digest of the release each copy came from.
Running again copies what is new, updates a copy the learner has not touched when its release
changed, and keeps (and reports) a copy the learner changed: their work is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import ConfigError

MANIFEST = ".sgkit-workspace.json"


@dataclass(frozen=True)
class WorkspaceReport:
    """What preparing the workspace did, by notebook path relative to it."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(
        default_factory=list
    )  # the learner's changes kept; a newer release exists


@dataclass(frozen=True)
class Workspace:
    """A learner's workspace folder and the release it copies from."""

    folder: Path
    release: Path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise ConfigError(
            "not valid JSON: delete it to start the manifest again", where=path
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("not a workspace manifest", where=path)
    return {str(k): str(v) for k, v in data.items()}


def prepare_workspace(workspace: Workspace) -> WorkspaceReport:
    """Bring `workspace.folder` up to date with the released notebooks, never overwriting a
    notebook the learner changed."""
    if not workspace.release.is_dir():
        raise ConfigError(
            "no released notebooks here (run `make release`)", where=workspace.release
        )
    folder = workspace.folder
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(folder)
    report = WorkspaceReport()
    for source in sorted(workspace.release.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in source.parts:
            continue
        relative = source.relative_to(workspace.release).as_posix()
        target = folder / relative
        released = _digest(source)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            report.copied.append(relative)
        elif manifest.get(relative) != released:
            if _digest(target) == manifest.get(relative):  # untouched: take the new release
                shutil.copyfile(source, target)
                report.updated.append(relative)
            else:
                report.kept.append(relative)
                continue  # the manifest keeps the release the learner's copy came from
        manifest[relative] = released
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return report


def lab_command(folder: Path, *, as_root: bool | None = None) -> list[str]:
    """The JupyterLab command that serves `folder` (allowed as root, which JupyterLab refuses
    unless told)."""
    root = os.geteuid() == 0 if as_root is None else as_root
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    return [*command, "--allow-root"] if root else command
