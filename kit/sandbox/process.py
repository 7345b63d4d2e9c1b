"""Start and run commands in the sandbox: limits applied, leftovers killed, a verdict in words.

`run_sandboxed` runs one command to completion (a batch step, a deployment tool, learner cells)
with its output captured up to a cap; `start_sandboxed` starts a long-lived one (a judge) with
pipes. Either way the process tree lives in a pids cgroup of its own, destroyed at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.sandbox.cgroups import PidsCgroup
from kit.sandbox.policy import (
    Identity,
    Mounts,
    SandboxLimits,
    apply_rlimits,
    inside_host_path,
    sandbox_command,
    sandbox_identity,
)

MAX_WATCHED_ENTRIES = 20_000
"""More files than this in a writable folder ends the run (a flood of small files)."""


def mib(n: int) -> str:
    """`n` bytes in MiB, for messages."""
    return f"{n / (1 << 20):g} MiB"


@dataclass(frozen=True)
class SandboxRun:
    """How a sandboxed command ended: its exit code, what it printed (capped), and `failure`,
    the reason in words when a limit ended it early (None when it ran to its own end)."""

    exit_code: int
    stdout: str
    stderr: str
    failure: str | None = None


class SandboxProcess:
    """A sandboxed process that is still running, with its cgroup; `stop()` ends all of it."""

    def __init__(self, process: subprocess.Popen[bytes], cgroup: PidsCgroup | None) -> None:
        self.process = process
        self.cgroup = cgroup
        self.forked_too_much = False

    def stop(self) -> None:
        """Kill the process and everything it started; wait for it."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        if self.cgroup is not None:
            self.forked_too_much = self.cgroup.hit_limit()
            self.cgroup.destroy()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def _prepare_writable(mounts: Mounts, identity: Identity) -> None:
    """Let the sandbox's uid write the writable host folders (it is not their owner)."""
    if identity.user_namespace:
        return
    for host, _ in mounts.writable:
        for root, dirs, files in os.walk(host):
            dirs[:] = [d for d in dirs if not _hidden(Path(root) / d, mounts)]
            for name in [*dirs, *files]:
                path = Path(root) / name
                if not path.is_symlink():
                    path.chmod(path.stat().st_mode | 0o666 | (0o111 if path.is_dir() else 0))
        host.chmod(0o777)


def _hidden(path: Path, mounts: Mounts) -> bool:
    return any(path == Path(inside_host_path(mounts, inside)) for inside in mounts.hidden)


def start_sandboxed(
    command: Sequence[str],
    *,
    mounts: Mounts,
    env: Mapping[str, str],
    limits: SandboxLimits,
    stdout: int | object = subprocess.PIPE,
    stderr: int | object = subprocess.DEVNULL,
) -> SandboxProcess:
    """Start `command` in the sandbox with a pipe on its standard input. SandboxError (one
    line) when the sandbox cannot start here; nothing runs unsandboxed."""
    identity = sandbox_identity()
    argv = sandbox_command(command, mounts=mounts, env=env, limits=limits, identity=identity)
    _prepare_writable(mounts, identity)
    cgroup = PidsCgroup.create(limits.processes)

    def in_child() -> None:
        if cgroup is not None:
            cgroup.join()
        apply_rlimits(limits, identity)

    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=stdout,  # type: ignore[arg-type]
            stderr=stderr,  # type: ignore[arg-type]
            preexec_fn=in_child,
            start_new_session=True,  # a terminal's Ctrl-C is for the grader, which decides
        )
    except BaseException:
        if cgroup is not None:
            cgroup.destroy()
        raise
    return SandboxProcess(process, cgroup)


def _tree_size(folders: Sequence[Path]) -> tuple[int, int]:
    """(bytes, entries) under `folders`, links not followed."""
    total = entries = 0
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in [*dirs, *files]:
                entries += 1
                with contextlib.suppress(OSError):
                    total += (Path(root) / name).lstat().st_size
            if entries > MAX_WATCHED_ENTRIES:
                return total, entries
    return total, entries


class _DiskWatch:
    """Polls the writable folders and stops the run when they grow past the disk limit."""

    def __init__(self, folders: Sequence[Path], limits: SandboxLimits, stop: threading.Event):
        self.folders = folders
        self.limits = limits
        self.stop = stop
        self.exceeded: str | None = None

    def watch(self, process: subprocess.Popen[bytes]) -> None:
        while not self.stop.wait(0.05):
            size, entries = _tree_size(self.folders)
            if size > self.limits.disk_bytes:
                self.exceeded = f"wrote more than {mib(self.limits.disk_bytes)} of files"
            elif entries > MAX_WATCHED_ENTRIES:
                self.exceeded = f"made more than {MAX_WATCHED_ENTRIES} files"
            if self.exceeded:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                return


def failure_of(returncode: int, timed_out: bool, limits: SandboxLimits) -> str | None:
    """The limit that ended a run, in words; None when the run ended on its own."""
    if timed_out:
        return f"timed out after {limits.wall_seconds:g} s"
    # bubblewrap exits with 128 + N when the sandboxed process died of signal N.
    died_of = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    if died_of == signal.SIGXCPU:
        return f"used more than {limits.cpu_seconds} s of CPU time"
    if died_of == signal.SIGXFSZ:
        return f"wrote a file larger than {mib(limits.file_bytes)}"
    if died_of == signal.SIGKILL:
        return f"was stopped (CPU time over {limits.cpu_seconds} s, or out of memory)"
    return None


def strip_special_bits(folders: Sequence[Path]) -> None:
    """Clear setuid/setgid bits left in writable folders, so nothing made inside can elevate."""
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in [*dirs, *files]:
                path = Path(root) / name
                with contextlib.suppress(OSError):
                    mode = path.lstat().st_mode
                    if stat.S_ISREG(mode) and mode & (stat.S_ISUID | stat.S_ISGID):
                        path.chmod(stat.S_IMODE(mode) & ~(stat.S_ISUID | stat.S_ISGID))


def run_sandboxed(
    command: Sequence[str],
    *,
    mounts: Mounts,
    env: Mapping[str, str],
    limits: SandboxLimits,
    stdin: bytes = b"",
) -> SandboxRun:
    """Run `command` to its end (or to a limit) in the sandbox; output read back up to the cap."""
    folders = [host for host, _ in mounts.writable]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        running = start_sandboxed(
            command, mounts=mounts, env=env, limits=limits, stdout=out, stderr=err
        )
        done = threading.Event()
        watch = _DiskWatch(folders, limits, done)
        watcher = threading.Thread(target=watch.watch, args=(running.process,), daemon=True)
        if folders:
            watcher.start()
        timed_out = False
        try:
            running.process.communicate(stdin, timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            done.set()
            running.stop()  # nothing the untrusted code started outlives the run
            if folders:
                watcher.join()
                strip_special_bits(folders)
        out.seek(0)
        err.seek(0)
        stdout = out.read(limits.output_bytes).decode("utf-8", "replace")
        stderr = err.read(limits.output_bytes).decode("utf-8", "replace")
    returncode = running.process.returncode
    failure = watch.exceeded or failure_of(returncode, timed_out, limits)
    if failure is None and running.forked_too_much:
        failure = f"tried to run more than {limits.processes} processes at once"
    return SandboxRun(returncode, stdout, stderr, failure)
