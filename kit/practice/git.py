"""Run git on a practice repository with the user's configuration shut out."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kit.errors import CorpusError

_SAFE_CONFIG = (
    *("-c", "core.fileMode=false", "-c", "core.autocrlf=false"),
    # A workspace a batch step ran in is not trusted: nothing in it may make git run a program.
    *("-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}"),
    # Read in a judge sandbox, the corpus belongs to another user: it is the kit's own data.
    *("-c", "safe.directory=*"),
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return env


def run_git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run `git <args>` in `repo` and return its output; a failure raises CorpusError."""
    try:
        done = subprocess.run(
            ["git", *_SAFE_CONFIG, *args],
            cwd=repo,
            env=_env(),
            input=data,
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        lines = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CorpusError(
            f"git {args[0]} failed: {lines[-1] if lines else exc}", where=repo
        ) from None
    return done.stdout
