"""Find and run the real deployment tools: kubectl (Kustomize), Helm and docker-compose.

Each renders a learner's file, so each runs in the kit's sandbox like any untrusted run: no
network (a remote base or chart cannot be fetched), the lab's folder read-only, a scratch home of
its own (Helm writes a cache), limits on time and memory; its refusal comes back as one line:
what the tool said, without the scratch paths.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from kit.errors import PracticeError
from kit.sandbox import Mounts, SandboxLimits, run_sandboxed
from kit.sandbox.policy import kit_paths

TIMEOUT_SECONDS = 60
TOOL_LIMITS = SandboxLimits(
    wall_seconds=TIMEOUT_SECONDS, cpu_seconds=TIMEOUT_SECONDS, memory_bytes=4 << 30
)
INSTALL_HINT = {
    "kubectl": "run `make deployment-deps` (it installs kubectl and helm into .venv/bin)",
    "helm": "run `make deployment-deps` (it installs kubectl and helm into .venv/bin)",
    "docker-compose": "run `make deployment-deps` (or `apt-get install docker-compose`)",
}


class ToolRefusedError(PracticeError):
    """A tool ran and rejected its input; the message is the tool's own, in one line."""


def find_tool(name: str) -> Path:
    """The executable `name`: the venv's own (beside this Python) first, then PATH. Raises
    PracticeError saying how to install it when it is nowhere."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which(name)
    if found is None:
        raise PracticeError(f"{name} is not installed: {INSTALL_HINT.get(name, 'install it')}")
    return Path(found)


@dataclass(frozen=True)
class ToolRun:
    """What a tool printed on standard output."""

    stdout: str


def one_line(text: str, *, scrub: tuple[str, ...] = ()) -> str:
    """The meaningful lines of a tool's message joined into one, with `scrub` paths removed."""
    for path in scrub:
        text = text.replace(path + "/", "").replace(path, ".")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines)[:400] or "(the tool printed no message)"


def run_tool(name: str, *args: str, cwd: Path, scrub: tuple[str, ...] = ()) -> ToolRun:
    """Run `name args...` in `cwd`, in the kit's sandbox (no network, `cwd` read-only, a private
    home, limits on time, memory and output). Raises ToolRefusedError with the tool's message (one
    line) when it exits non-zero, PracticeError when it is missing, hangs or hits a limit."""
    executable = find_tool(name)
    cwd.chmod(cwd.stat().st_mode | 0o555)  # the sandbox's unprivileged user reads it
    home = "/scratch"
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "XDG_CACHE_HOME": home,
        "XDG_CONFIG_HOME": home,
        "XDG_DATA_HOME": home,
        "KUBECONFIG": f"{home}/kubeconfig",
        "GIT_TERMINAL_PROMPT": "0",
        "LANG": "C.UTF-8",
    }
    run = run_sandboxed(
        ["sh", "-c", 'cd "$0" && exec "$@"', str(cwd), str(executable), *args],
        mounts=Mounts(readable=(*kit_paths(), executable.parent, cwd), workdir=home),
        env=env,
        limits=TOOL_LIMITS,
    )
    if run.failure:
        raise PracticeError(f"{name} was stopped: it {run.failure}")
    if run.exit_code != 0:
        raise ToolRefusedError(one_line(run.stderr or run.stdout, scrub=(str(cwd), *scrub)))
    return ToolRun(run.stdout)
