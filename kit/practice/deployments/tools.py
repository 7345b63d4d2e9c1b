"""Find and run the real deployment tools: kubectl (Kustomize), Helm and docker-compose.

Each runs with a time limit, no standard input, in a scratch home of its own (Helm writes a cache),
and its refusal comes back as one line: what the tool said, without the scratch paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kit.errors import PracticeError

TIMEOUT_SECONDS = 60
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
    """Run `name args...` in `cwd`. Raises ToolRefusedError with the tool's message (one line) when it
    exits non-zero, PracticeError when it is missing or hangs."""
    executable = find_tool(name)
    with tempfile.TemporaryDirectory(prefix="sgkit-tool-home-") as home:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CACHE_HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_DATA_HOME": home,
            "KUBECONFIG": str(Path(home) / "kubeconfig"),
            "GIT_TERMINAL_PROMPT": "0",
            "LANG": "C.UTF-8",
        }
        try:
            done = subprocess.run(
                [str(executable), *args],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PracticeError(f"{name} did not finish in {TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        raise ToolRefusedError(one_line(done.stderr or done.stdout, scrub=(str(cwd), *scrub)))
    return ToolRun(done.stdout)
