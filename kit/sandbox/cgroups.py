"""A pids cgroup per sandbox run: caps that run's processes and kills whatever it leaves behind.

RLIMIT_NPROC counts every process of a uid, and all sandboxes share one uid, so it cannot be one
run's limit; the pids controller of cgroup v1 (`/sys/fs/cgroup/pids`) or v2 is. Destroying the
cgroup after the run kills any process the untrusted code left running.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
import uuid
from pathlib import Path

log = logging.getLogger(__name__)
_V1 = Path("/sys/fs/cgroup/pids")
_V2 = Path("/sys/fs/cgroup")
_warned = False


class PidsCgroup:
    """One cgroup holding one sandbox run's processes, at most `limit` of them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, limit: int) -> PidsCgroup | None:
        """Make a cgroup with `pids.max = limit`, or return None (after one warning) if we can't."""
        global _warned
        name = f"sgkit-{uuid.uuid4().hex[:12]}"
        candidates = [_V1]
        if "pids" in _read(_V2 / "cgroup.subtree_control"):
            candidates.append(_V2)
        for root in candidates:
            path = root / name
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(limit))
            except OSError:
                with contextlib.suppress(OSError):
                    path.rmdir()
                continue
            return cls(path)
        if not _warned:
            log.warning("no writable pids cgroup: a fork bomb is stopped only by the time limit")
            _warned = True
        return None

    def join(self) -> None:
        """Move the calling process into the cgroup (call it in the child before exec)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def pids(self) -> list[int]:
        """The processes still in the cgroup."""
        return [int(p) for p in _read(self.path / "cgroup.procs").split()]

    def hit_limit(self) -> bool:
        """Whether a process could not start because the cgroup was full (a fork bomb)."""
        for line in _read(self.path / "pids.events").splitlines():
            key, _, count = line.partition(" ")
            if key == "max" and count.strip() not in ("", "0"):
                return True
        return False

    def destroy(self) -> None:
        """Kill every process left in the cgroup, then remove it."""
        deadline = time.monotonic() + 10
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)
        with contextlib.suppress(OSError):
            self.path.rmdir()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""
