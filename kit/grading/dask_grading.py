"""Autograde a cohort on a Dask cluster: one task per learner, one `CourseGrading` per worker.

The workers need what the local pool's processes have: the course folder (a shared volume at
the same path on every machine) and the gradebook. A SQLite gradebook is a file that only one
machine may write, so it is refused when a worker runs on another host: use PostgreSQL there
(`SGKIT_GRADEBOOK_URL`, see `kit.grading.gradebook_db`).

Crash safety is the local pool's: nbgrader keeps one submission per learner and assignment, so a
task that runs again (Dask reschedules the tasks of a worker that died) or a batch run again
after a crash regrades and leaves each submission graded exactly once. A task that fails for
good (it raised, or its workers kept dying: `KilledWorker`) is reported as a failed learner and
the batch goes on.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from distributed.diagnostics.plugin import WorkerPlugin

from kit.errors import GradingError
from kit.grading.gradebook_db import is_sqlite, redacted
from kit.grading.grades import AutogradeOutcome
from kit.grading.layout import CourseLayout
from kit.grading.steps import CourseGrading
from kit.sandbox import SandboxLimits

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "20s"
WORKER_WAIT_SECONDS = 120
PLUGIN_PREFIX = "sgkit-grading"


class CourseGradingPlugin(WorkerPlugin):
    """A Dask worker plugin holding the worker's `CourseGrading` for one course (built once)."""

    def __init__(self, layout: CourseLayout, limits: SandboxLimits | None) -> None:
        self.layout = layout
        self.limits = limits
        # Registered again (not idempotent) for every batch, so a changed layout, password or
        # limit reaches the workers; named after them so two courses or folders never mix.
        fingerprint = repr(
            (layout.course_id, str(layout.course_root), redacted(layout.db_url), limits)
        )
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
        self.name = f"{PLUGIN_PREFIX}-{layout.course_id}-{digest}"
        self._grading: CourseGrading | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"layout": self.layout, "limits": self.limits, "name": self.name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["layout"], state["limits"])  # type: ignore[misc]

    def _grader(self) -> CourseGrading:
        """The worker's `CourseGrading`, built on first use (call with the lock held)."""
        if self._grading is None:
            self._grading = CourseGrading(self.layout, self.limits)
        return self._grading

    def setup(self, worker: Any) -> None:
        """Build the worker's `CourseGrading` (nbgrader's API, the speed-ups, the gradebook)."""
        with self._lock:
            self._grader()

    def teardown(self, worker: Any) -> None:
        """Nothing to release: nbgrader closes its gradebook after each step."""

    def autograde(self, assignment_id: str, learner: str) -> AutogradeOutcome:
        """Grade one learner here; a worker's threads take turns (nbgrader's API is not
        thread-safe)."""
        with self._lock:
            (outcome,) = self._grader().autograde(assignment_id, [learner])
        return outcome


def _grade_on_worker(plugin_name: str, assignment_id: str, learner: str) -> AutogradeOutcome:
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    assert isinstance(plugin, CourseGradingPlugin), plugin_name
    return plugin.autograde(assignment_id, learner)


def _where_am_i(course_root: str) -> tuple[str, bool]:
    """Run on each worker: its host name, and whether it sees the course folder."""
    return socket.gethostname(), Path(course_root).is_dir()


def check_workers(client: Client, layout: CourseLayout) -> int:
    """Refuse a cluster whose workers cannot grade this course; return how many workers it has.

    Waits for a first worker (a cluster may be scaling up). Every worker must see the course
    folder, and a SQLite gradebook is refused once a worker runs on another host than this one.
    """
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise GradingError(
            f"the Dask cluster has had no worker for {WORKER_WAIT_SECONDS}s; start some with "
            "`dask worker`"
        ) from None
    found: dict[str, tuple[str, bool]] = client.run(_where_am_i, str(layout.course_root))
    blind = sorted(address for address, (_, sees) in found.items() if not sees)
    if blind:
        others = f" (and {len(blind) - 1} more)" if len(blind) > 1 else ""
        raise GradingError(
            f"Dask worker {blind[0]}{others} does not see the course folder; mount it at the "
            "same path on every worker",
            where=layout.course_root,
        )
    here = socket.gethostname()
    remote = sorted(host for host, _ in found.values() if host != here)
    if remote and is_sqlite(layout.db_url):
        raise GradingError(
            f"Dask workers on other hosts ({remote[0]}) cannot share a SQLite gradebook; "
            "set SGKIT_GRADEBOOK_URL to a PostgreSQL URL",
            where=redacted(layout.db_url),
        )
    return len(found)


def _connect(scheduler: str) -> Client:
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise GradingError(
            f"cannot reach the Dask scheduler: {exc}; start one with `dask scheduler` or "
            "check the address",
            where=scheduler,
        ) from None


def autograde_on_dask(
    layout: CourseLayout,
    assignment_id: str,
    learners: Iterable[str],
    *,
    scheduler: str | Client,
    limits: SandboxLimits | None = None,
    on_done: Callable[[AutogradeOutcome], None] | None = None,
) -> list[AutogradeOutcome]:
    """Autograde `learners` on the Dask cluster at `scheduler` (an address or a Client);
    outcomes in completion order."""
    from distributed import as_completed

    todo = list(learners)
    # The gradebook gets its tables and the assignment here, once, before workers race for it.
    CourseGrading(layout, limits).ensure_released(assignment_id)
    client = _connect(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        check_workers(client, layout)
        plugin = CourseGradingPlugin(layout, limits)
        client.register_plugin(plugin, name=plugin.name)
        batch = uuid4().hex[:8]  # keys unique per batch: a rerun never reuses a stale result
        futures = {
            client.submit(
                _grade_on_worker,
                plugin.name,
                assignment_id,
                learner,
                key=f"autograde-{assignment_id}-{learner}-{batch}",
                pure=False,
            ): learner
            for learner in todo
        }
        outcomes: list[AutogradeOutcome] = []
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            try:
                outcome = future.result()
            except Exception as exc:  # the task raised or its workers died: report, go on
                reason = str(exc).splitlines()[0] if str(exc) else ""
                outcome = AutogradeOutcome(
                    futures[future], False, f"{type(exc).__name__}: {reason}"
                )
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
        return outcomes
    finally:
        if isinstance(scheduler, str):
            client.close()  # type: ignore[no-untyped-call]
