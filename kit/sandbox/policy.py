"""The one policy every untrusted run follows: who it runs as, what it sees, what it may use.

Untrusted code (learner cells, API scripts, batch-change steps, deployment tools fed learner
files) and the judging of learner data all start through `sandbox_command`:

- a bubblewrap sandbox with its own mount, PID, network (loopback only), IPC and UTS namespaces;
- the system, the Python installation, the virtual environment and the `kit` package read-only;
  a private, size-capped tmpfs for `/tmp` and for the working folder; nothing else of the host;
- run as an unprivileged host uid: when the grader is root, the dedicated `sgkit-sandbox` user
  (every capability dropped, no new privileges), else the grader's own uid through a user
  namespace. Never as root outside the sandbox, so a setuid file made inside is worthless;
- an empty environment but for what the caller passes (no tokens, no keys);
- rlimits on CPU time, address space, file size and core dumps, set before bubblewrap starts.
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.errors import SandboxError

SANDBOX_USER = "sgkit-sandbox"
CREATE_USER_HINT = (
    "run `make sandbox-deps` (or: useradd --system --no-create-home "
    f"--shell /usr/sbin/nologin {SANDBOX_USER})"
)
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
INSIDE_ENV = "SGKIT_SANDBOXED"
"""Set to 1 in every sandbox's environment."""
INNER_UID = 65534
"""The uid code sees inside a user-namespace sandbox (`nobody`)."""


@dataclass(frozen=True)
class SandboxLimits:
    """What one untrusted run may use; each limit ends the run with a verdict in words."""

    wall_seconds: float = 30.0
    cpu_seconds: int = 30
    memory_bytes: int = 1 << 30
    processes: int = 64
    file_bytes: int = 16 << 20
    disk_bytes: int = 64 << 20
    """Size of each private tmpfs (`/tmp`, the working folder) and of a writable host folder."""
    output_bytes: int = 1 << 20
    """How much of standard output and standard error is read back."""


@dataclass(frozen=True)
class Identity:
    """The host uid/gid a sandbox runs as, and whether it gets there through a user namespace."""

    uid: int
    gid: int
    user_namespace: bool


@dataclass(frozen=True)
class Mounts:
    """What a sandbox sees beyond the system: read-only paths, writable host folders, files."""

    readable: tuple[Path, ...] = ()
    writable: tuple[tuple[Path, str], ...] = ()
    """(host folder, path inside) pairs; the folder must be writable by the sandbox's uid."""
    files: tuple[tuple[Path, str], ...] = ()
    """(host file, path inside) pairs, read-only."""
    hidden: tuple[str, ...] = ()
    """Paths inside (e.g. under a writable folder) covered read-only by their host version."""
    workdir: str = "/scratch"
    """The working folder: a private tmpfs unless a writable folder is mounted there."""


def sandbox_identity() -> Identity:
    """Who untrusted code runs as here; SandboxError (one line) when that cannot be arranged."""
    if os.geteuid() != 0:
        return Identity(os.geteuid(), os.getegid(), user_namespace=True)
    try:
        entry = pwd.getpwnam(SANDBOX_USER)
    except KeyError:
        raise SandboxError(
            f"the sandbox user {SANDBOX_USER} does not exist, and untrusted code never runs as "
            f"root: {CREATE_USER_HINT}"
        ) from None
    if entry.pw_uid == 0 or entry.pw_gid == 0:
        raise SandboxError(f"the sandbox user {SANDBOX_USER} must not be root: {CREATE_USER_HINT}")
    if shutil.which("setpriv") is None:
        raise SandboxError("setpriv (util-linux) is needed to drop root for the sandbox")
    return Identity(entry.pw_uid, entry.pw_gid, user_namespace=False)


def bwrap_path() -> str:
    """The bubblewrap executable; SandboxError saying how to install it when it is missing."""
    found = shutil.which("bwrap")
    if found is None:
        raise SandboxError(
            "bubblewrap is needed to run untrusted code safely, and nothing runs without it: "
            "install it (make sandbox-deps, or apt-get install bubblewrap)"
        )
    return found


def kit_paths() -> list[Path]:
    """The Python installation, the virtual environment and the `kit` package (read-only)."""
    import kit

    return [Path(sys.base_prefix), Path(sys.prefix), Path(kit.__file__).resolve().parent]


def _system_mounts() -> list[str]:
    args: list[str] = []
    for name in _SYSTEM_PATHS:
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", str(path.readlink()), name]
        elif path.exists():
            args += ["--ro-bind", name, name]
    return args


def _parent_folders(paths: Sequence[Path]) -> list[str]:
    """Make the folders above each mount point traversable (bubblewrap makes them 0700 as root)."""
    covered = [Path(p) for p in _SYSTEM_PATHS] + list(paths)
    parents: dict[Path, None] = {}
    for path in paths:
        for parent in reversed(path.parents):
            if parent in (Path("/"), Path("/tmp")):
                continue
            if not any(parent.is_relative_to(c) for c in covered if c != path):
                parents[parent] = None
    args: list[str] = []
    for parent in parents:
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def sandbox_command(
    command: Sequence[str],
    *,
    mounts: Mounts,
    env: Mapping[str, str],
    limits: SandboxLimits,
    identity: Identity,
) -> list[str]:
    """The full command line that runs `command` in a sandbox under this policy."""
    size = str(limits.disk_bytes)
    args = [bwrap_path(), "--die-with-parent", "--new-session"]
    args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    args += ["--unshare-cgroup-try"]
    if identity.user_namespace:
        args += ["--unshare-user", "--uid", str(INNER_UID), "--gid", str(INNER_UID)]
    readable = [p for p in dict.fromkeys(mounts.readable) if p.exists()]
    args += _parent_folders([Path(p) for p in _SYSTEM_PATHS if Path(p).exists()])
    args += _system_mounts()
    if os.environ.get(INSIDE_ENV) != "1":
        # Inside a sandbox already (an API script started by a judge) the kernel refuses a new
        # /proc over the one bubblewrap partly covered: the inner sandbox goes without one.
        args += ["--proc", "/proc"]
    args += ["--dev", "/dev", "--size", size, "--tmpfs", "/tmp"]
    args += _parent_folders(readable)
    for path in readable:
        args += ["--ro-bind", str(path), str(path)]
    writable_at = {inside for _, inside in mounts.writable}
    if mounts.workdir not in writable_at:
        args += ["--size", size, "--tmpfs", mounts.workdir]
    for host, inside in mounts.writable:
        args += ["--bind", str(host), inside]
    for host, inside in mounts.files:
        args += ["--ro-bind", str(host), inside]
    for inside in mounts.hidden:
        args += ["--ro-bind", inside_host_path(mounts, inside), inside]
    if not identity.user_namespace:
        # Mount points bwrap made as root: the sandbox user must be able to write its folders.
        args += ["--chmod", "1777", "/tmp"]
        if mounts.workdir not in writable_at:
            args += ["--chmod", "0777", mounts.workdir]
    args += ["--chdir", mounts.workdir, "--clearenv"]
    for key, value in {**env, INSIDE_ENV: "1"}.items():
        args += ["--setenv", key, value]
    args.append("--")
    if not identity.user_namespace:
        args += [
            "setpriv",
            f"--reuid={identity.uid}",
            f"--regid={identity.gid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
        ]
    return [*args, *command]


def inside_host_path(mounts: Mounts, inside: str) -> str:
    """The host path behind `inside`, a path under one of the writable folders."""
    for host, at in mounts.writable:
        if inside == at or inside.startswith(at.rstrip("/") + "/"):
            return str(host / os.path.relpath(inside, at))
    raise SandboxError(f"{inside} is not under a writable folder of the sandbox")


def _lower(kind: int, value: int, grace: int = 0) -> None:
    """Set an rlimit to `value`, or to the current hard limit when that is lower (a sandbox
    started from inside another one may only tighten what it inherited)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard - grace)
    resource.setrlimit(kind, (value, value + grace))


def apply_rlimits(limits: SandboxLimits, identity: Identity) -> None:
    """Set the run's rlimits on the calling process (the child, before it execs bubblewrap)."""
    if not identity.user_namespace:
        # A backstop for hosts without a pids cgroup: the dedicated uid is shared by every
        # sandbox running at once, so this is a ceiling for all of them, not one run's limit.
        _lower(resource.RLIMIT_NPROC, max(limits.processes * 8, 512))
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, grace=1)  # SIGXCPU, then SIGKILL
    _lower(resource.RLIMIT_AS, limits.memory_bytes)
    _lower(resource.RLIMIT_FSIZE, limits.file_bytes)
    _lower(resource.RLIMIT_CORE, 0)
