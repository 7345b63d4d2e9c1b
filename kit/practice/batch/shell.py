"""Run one step's script with bash, standing in for the step's container image.

No container images are available offline, so the script runs with the local `bash` inside a
bubblewrap sandbox: the system's programs read-only, the workspace read-write at `/work` (the
working directory, as in Sourcegraph's step containers), `files:` mounted read-only at their
paths, a private `/tmp`, no network, a clean environment and a wall-clock limit. Without
bubblewrap the script runs locally with the same environment and limit, and says so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kit.errors import BatchStepError

WORKDIR = "/work"
STEP_TIMEOUT_SECONDS = 120.0
_SYSTEM_PATHS = (
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/etc/alternatives",
    "/etc/ssl",
)
_BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}


@dataclass(frozen=True)
class ShellResult:
    """What a script printed and how it ended."""

    exit_code: int
    stdout: str
    stderr: str


def sandbox_available() -> bool:
    """Whether steps run in the bubblewrap sandbox (else with the local shell, unsandboxed)."""
    return shutil.which("bwrap") is not None


def run_script(
    script: str,
    workspace: Path,
    env: Mapping[str, str],
    files: Mapping[str, str],
    *,
    timeout: float = STEP_TIMEOUT_SECONDS,
) -> ShellResult:
    """Run `script` with bash in `workspace`; `files` maps absolute paths to their contents."""
    full_env = {**_BASE_ENV, **env}
    with tempfile.TemporaryDirectory(prefix="sgkit-step-files-") as holder:
        mounts = _write_files(files, Path(holder))
        if sandbox_available():
            command = _bwrap(workspace, full_env, mounts, script)
            cwd = None
        else:
            if mounts:
                raise BatchStepError(
                    "files: need the bubblewrap sandbox to appear at their paths "
                    "(apt-get install bubblewrap)"
                )
            command, cwd = ["bash", "-c", script], workspace
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                env=None if cwd is None else full_env,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return ShellResult(124, "", f"timed out after {timeout:g} s")
    return ShellResult(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def _write_files(files: Mapping[str, str], holder: Path) -> list[tuple[Path, str]]:
    mounts = []
    for index, (target, content) in enumerate(files.items()):
        if not PurePosixPath(target).is_absolute() or ".." in PurePosixPath(target).parts:
            raise BatchStepError(
                f"files: {target} must be an absolute path such as /tmp/{target} "
                "(files are mounted into the step's container)"
            )
        source = holder / f"file-{index}"
        source.write_text(content, encoding="utf-8")
        mounts.append((source, target))
    return mounts


def _bwrap(
    workspace: Path, env: Mapping[str, str], mounts: list[tuple[Path, str]], script: str
) -> list[str]:
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
    for path in _SYSTEM_PATHS:
        if Path(path).is_symlink():
            command += ["--symlink", str(Path(path).readlink()), path]
        elif Path(path).exists():
            command += ["--ro-bind", path, path]
    command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    command += ["--bind", str(workspace), WORKDIR, "--chdir", WORKDIR, "--clearenv"]
    for source, target in mounts:
        command += ["--ro-bind", str(source), target]
    for key, value in env.items():
        command += ["--setenv", key, value]
    return [*command, "bash", "-c", script]
