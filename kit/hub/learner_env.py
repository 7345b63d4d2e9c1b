"""The learners' Python: an environment outside the checkout with an installed copy of the kit.

Learners' servers and the formgraders run as unprivileged users who cannot enter the checkout
(kit.hub.lockdown), so neither may import the kit from it. At each start the hub makes
`<state_dir>/python` (root-owned, readable by everyone):

- a venv of a Python every user can run (kit.hub.tools.base_interpreter);
- the kit venv's installed packages, `share/` and `etc/` (JupyterLab's assets, the nbgrader and
  Jupyter server extensions), hard-linked where the file system allows it, copied where not,
  without the hook of the kit's editable install that maps `kit` to the checkout;
- the kit venv's commands: its console scripts rewritten to start this environment's Python
  (nbgrader runs `alembic`), its programs (kubectl, helm) linked;
- a copy of the `kit` package, without `kit/demo/` (the demo learners' scripted right answers)
  and bytecode caches, replaced at every start so learners run the kit the hub runs.

The packages are linked again only when the kit venv's set of installed distributions changes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from kit.hub.tools import base_interpreter

STAMP = "sgkit-environment.json"
OWN_COMMANDS = ("python", "activate", "Activate")
"""Commands every venv makes for itself: never taken from the kit venv."""
CACHES = ("__pycache__", "*.pyc")
NOT_FOR_LEARNERS = ("demo",)
"""Sub-packages learners' kit leaves out: kit/demo holds the demo cohort's right answers."""
NOT_COMPILED = r"/practice/corpus_src/"
"""The practice corpus's sources are data: a bytecode cache there would change the corpus."""
EDITABLE_HOOKS = ("__editable__*", "sourcegraph_training_kit-*", "kit")
"""Kit venv entries not linked: the editable install's finder and record, an installed kit."""


def python_of(environment: Path) -> Path:
    """The interpreter of the environment at `environment`."""
    return environment / "bin" / "python"


def kit_site_packages() -> Path:
    """The kit venv's site-packages."""
    return Path(sysconfig.get_paths()["purelib"])


def prepare_learner_env(environment: Path) -> Path:
    """Make or refresh the learners' environment at `environment` (as root); its interpreter."""
    base = base_interpreter()
    stamp = {"base": str(base), "packages": _packages_digest(kit_site_packages())}
    if _read_stamp(environment) != stamp:
        _build(environment, base, stamp)
    install_kit_copy(environment)
    return python_of(environment)


def install_kit_copy(environment: Path) -> Path:
    """Put a fresh copy of the running kit into the environment, compiled; its folder.

    Learners cannot write bytecode caches there, so the copy is compiled here, once.
    """
    import kit

    source = Path(kit.__file__).resolve().parent
    site_packages = _site_packages(environment)
    target = site_packages / "kit"
    fresh, stale = site_packages / ".kit-new", site_packages / ".kit-old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    caches = shutil.ignore_patterns(*CACHES)

    def left_out(folder: str, names: list[str]) -> set[str]:
        kit_only = set(NOT_FOR_LEARNERS) if Path(folder) == source else set()
        return set(caches(folder, names)) | (kit_only & set(names))

    shutil.copytree(source, fresh, ignore=left_out)
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    subprocess.run(
        [str(python_of(environment)), "-m", "compileall", "-q", "-x", NOT_COMPILED, str(target)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    _readable_by_all(target)
    return target


def _build(environment: Path, base: Path, stamp: dict[str, str]) -> None:
    building = environment.with_name(environment.name + ".new")
    shutil.rmtree(building, ignore_errors=True)
    subprocess.run(
        [str(base), "-m", "venv", "--without-pip", str(building)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    _link_tree(kit_site_packages(), _site_packages(building), skip=EDITABLE_HOOKS)
    for name in ("share", "etc"):
        if (Path(sys.prefix) / name).is_dir():
            _link_tree(Path(sys.prefix) / name, building / name)
    _link_commands(Path(sys.prefix) / "bin", building / "bin", python_of(environment))
    (building / STAMP).write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    _readable_by_all(building, files=False)
    if environment.exists():
        old = environment.with_name(environment.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        environment.rename(old)
        shutil.rmtree(old, ignore_errors=True)
    building.rename(environment)


def _link_commands(source: Path, target: Path, python: Path) -> None:
    """The kit venv's commands in `target`: scripts started by `python`, programs linked."""
    kit_python = str(Path(sys.prefix) / "bin" / "python")
    for entry in sorted(source.iterdir()):
        if entry.is_symlink() or entry.name.startswith(OWN_COMMANDS) or not entry.is_file():
            continue
        with entry.open("rb") as handle:
            first = handle.readline()
            rest = handle.read()
        if first.startswith(f"#!{kit_python}".encode()):
            (target / entry.name).write_bytes(f"#!{python}\n".encode() + rest)
            (target / entry.name).chmod(0o755)
        else:
            _link_or_copy(str(entry), str(target / entry.name))


def _site_packages(environment: Path) -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return environment / "lib" / version / "site-packages"


def _packages_digest(site_packages: Path) -> str:
    """What is installed in the kit venv: its distributions' names and versions."""
    names = sorted(p.name for p in site_packages.iterdir() if p.name.endswith(".dist-info"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _read_stamp(environment: Path) -> dict[str, str] | None:
    try:
        found = json.loads((environment / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and python_of(environment).exists() else None


def _link_tree(source: Path, target: Path, *, skip: Iterable[str] = ()) -> None:
    """`target` as a copy of `source` whose files are hard links to the originals where possible."""
    target.mkdir(parents=True, exist_ok=True)
    names = [entry.name for entry in source.iterdir()]
    left_out = shutil.ignore_patterns(*skip)(str(source), names)
    for name in sorted(set(names) - left_out):
        entry = source / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target / name))


def _link_or_copy(source: str, target: str) -> None:
    original = Path(source)
    if original.is_symlink():
        Path(target).symlink_to(original.readlink())
        return
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copy2(source, target)


def _readable_by_all(tree: Path, *, files: bool = True) -> None:
    """Folders 0755, and with `files` the files 0644 (0755 if executable), whatever the umask.

    Hard-linked files are left alone: their mode is the kit venv's own.
    """
    for folder, _, names in os.walk(tree):
        Path(folder).chmod(0o755)
        for name in names if files else ():
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(0o755 if path.stat().st_mode & 0o100 else 0o644)
