"""Run one step's script with bash, standing in for the step's container image.

No container images are available offline, so the script runs with the local `bash` in the
kit's sandbox (`kit.sandbox`), under the same policy as every other untrusted run: the system's
programs read-only, the workspace read-write at `/work` (the working directory, as in
Sourcegraph's step containers) with its `.git` read-only, `files:` mounted read-only at their
paths, a private `/tmp`, no network, an unprivileged uid, a clean environment, and limits on
time, CPU, memory, processes and bytes written. Without bubblewrap no step runs at all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kit.errors import BatchStepError
from kit.sandbox import Mounts, SandboxLimits, run_sandboxed

WORKDIR = "/work"
STEP_TIMEOUT_SECONDS = 120.0
STEP_LIMITS = SandboxLimits(wall_seconds=STEP_TIMEOUT_SECONDS, cpu_seconds=60, disk_bytes=256 << 20)
_BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
SIMULATION_NOTE = "ran with the local shell in a bubblewrap sandbox"


@dataclass(frozen=True)
class ShellResult:
    """What a script printed and how it ended."""

    exit_code: int
    stdout: str
    stderr: str


def run_script(
    script: str,
    workspace: Path,
    env: Mapping[str, str],
    files: Mapping[str, str],
    *,
    timeout: float = STEP_TIMEOUT_SECONDS,
) -> ShellResult:
    """Run `script` with bash in `workspace`; `files` maps absolute paths to their contents.
    A step stopped by a limit ends with exit code 124 and the reason on standard error."""
    with tempfile.TemporaryDirectory(prefix="sgkit-step-files-") as holder:
        mounts = _write_files(files, Path(holder))
        git = (f"{WORKDIR}/.git",) if (workspace / ".git").exists() else ()
        run = run_sandboxed(
            ["bash", "-c", script],
            mounts=Mounts(
                writable=((workspace, WORKDIR),), files=mounts, hidden=git, workdir=WORKDIR
            ),
            env={**_BASE_ENV, **env},
            limits=SandboxLimits(**{**STEP_LIMITS.__dict__, "wall_seconds": timeout}),
        )
    if run.failure:
        return ShellResult(124, run.stdout, f"{run.stderr}\n{run.failure}".strip())
    return ShellResult(run.exit_code, run.stdout, run.stderr)


def _write_files(files: Mapping[str, str], holder: Path) -> tuple[tuple[Path, str], ...]:
    mounts = []
    for index, (target, content) in enumerate(files.items()):
        if not PurePosixPath(target).is_absolute() or ".." in PurePosixPath(target).parts:
            raise BatchStepError(
                f"files: {target} must be an absolute path such as /tmp/{target} "
                "(files are mounted into the step's container)"
            )
        source = holder / f"file-{index}"
        source.write_text(content, encoding="utf-8")
        source.chmod(0o644)
        mounts.append((source, target))
    return tuple(mounts)
