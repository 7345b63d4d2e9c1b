"""What the hub needs beyond the kit's venv.

- JupyterHub's proxy, configurable-http-proxy (a Node package), installed by `make hub-deps`
  into `<venv>/hub/`.
- A Python interpreter every Unix user can run, the base of the learners' environment that the
  hub makes at each start (kit.hub.learner_env): the kit's own base interpreter when other users
  can reach it, else the system's of the same version (a pyenv Python under /root is private).

`python -m kit.hub.tools` (run by `make hub-deps`) says which interpreter learners will run.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from kit.errors import ConfigError

HUB_DEPS = "run `make hub-deps` (installs configurable-http-proxy)"


def tools_dir() -> Path:
    """`<venv>/hub`: where `make hub-deps` puts the hub's tools."""
    return Path(sys.prefix) / "hub"


def proxy_command() -> Path:
    """The configurable-http-proxy executable, or a ConfigError saying how to install it."""
    installed = tools_dir() / "node_modules" / ".bin" / "configurable-http-proxy"
    if installed.is_file() and os.access(installed, os.X_OK):
        return installed
    raise ConfigError(f"configurable-http-proxy not found; {HUB_DEPS}", where=installed)


def reachable_by_others(path: Path) -> bool:
    """Whether a user without privileges can reach `path` (every folder above it is o+x)."""
    resolved = path.resolve()
    folders = [resolved, *resolved.parents] if resolved.is_dir() else list(resolved.parents)
    return all(folder.stat().st_mode & 0o001 for folder in folders)


def _runnable_by_others(interpreter: Path) -> bool:
    resolved = interpreter.resolve()
    return (
        resolved.is_file()
        and bool(resolved.stat().st_mode & 0o001)
        and reachable_by_others(resolved)
    )


def base_interpreter() -> Path:
    """A Python of the kit's version that every user can run: the learners' environment's base."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    own = Path(sys.base_prefix) / "bin" / version
    stdlib = Path(sys.base_prefix) / "lib" / version
    if _runnable_by_others(own) and stdlib.is_dir() and reachable_by_others(stdlib):
        return own
    found = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if found is not None and _runnable_by_others(Path(found)):
        return Path(found)
    raise ConfigError(
        f"learners' Unix users cannot run the kit's Python ({own}) and there is no shared "
        f"{version}; install Debian's {version}"
    )


def main() -> None:
    """Say which interpreter learners' environments are made from; exit 1 if there is none."""
    try:
        base = base_interpreter()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    print(f"learners' environments are made from {base} at each hub start")


if __name__ == "__main__":
    main()
