"""What the hub needs beyond the kit's venv, installed by `make hub-deps` into `<venv>/hub/`.

- JupyterHub's proxy, configurable-http-proxy (a Node package, from npm).
- A Python that learners' Unix users can run. Single-user servers run as the learner, so the
  kit's interpreter must be reachable by other users; where it is not (a Python under a private
  home, such as pyenv's under /root), `<venv>/hub/python` is a venv of the system's Python of the
  same version that imports the kit's site-packages.

`python -m kit.hub.tools` creates that interpreter when needed (the proxy is npm's job).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from kit.errors import ConfigError

HUB_DEPS = "run `make hub-deps` (installs configurable-http-proxy and a learner-side Python)"


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


def _kit_python_is_shared() -> bool:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return reachable_by_others(Path(sys.executable).resolve()) and reachable_by_others(stdlib)


def learner_python() -> Path:
    """The interpreter learners' servers run: the kit's own, or the one `make hub-deps` made."""
    if _kit_python_is_shared() and reachable_by_others(Path(sys.prefix)):
        return Path(sys.executable)
    made = tools_dir() / "python" / "bin" / "python"
    if made.is_file():
        return made
    raise ConfigError(f"learners' Unix users cannot run the kit's Python; {HUB_DEPS}", where=made)


def make_learner_python(target: Path) -> Path:
    """Create `target` as a venv of the system's Python that imports the kit's site-packages.

    `share/` and `etc/` link to the kit venv's, so Jupyter finds the same extensions and
    JupyterLab assets there. Returns the interpreter.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if system is None or not reachable_by_others(Path(system)):
        raise ConfigError(f"no shared {version} for learners; install Debian's {version}")
    subprocess.run([system, "-m", "venv", "--clear", "--without-pip", str(target)], check=True)
    site_packages = target / "lib" / version / "site-packages"
    kit_site = Path(sysconfig.get_paths()["purelib"])
    (site_packages / "kit_venv.pth").write_text(
        f"import site; site.addsitedir({str(kit_site)!r})\n", encoding="utf-8"
    )
    for name in ("share", "etc"):
        link = target / name
        if link.is_symlink() or link.exists():
            shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
        link.symlink_to(Path(sys.prefix) / name)
    return target / "bin" / "python"


def main() -> None:
    """Create the learner-side Python if the kit's own is not reachable by other users."""
    if _kit_python_is_shared() and reachable_by_others(Path(sys.prefix)):
        print(f"learners run the kit's Python: {sys.executable}")
        return
    made = tools_dir() / "python" / "bin" / "python"
    if not made.is_file():
        made = make_learner_python(tools_dir() / "python")
    print(f"learners run {made}")


if __name__ == "__main__":
    main()
