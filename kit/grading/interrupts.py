"""Stopping autograde part-way (Ctrl-C, SIGTERM) without a half-graded learner.

The first interruption lets the submissions being graded finish, starts no new one, and ends
with one line: "interrupted: N of M graded; run the same command to finish". A second one stops
the workers at once; the learners they were grading are then taken out of the gradebook and the
autograded folder, so each learner is graded whole or not at all, and running the same command
grades them.
"""

from __future__ import annotations

import shutil
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType

from kit.errors import GradingError
from kit.grading.layout import CourseLayout


class AutogradeInterruptedError(GradingError):
    """Autograde stopped before every submission was graded (exit 130, as for Ctrl-C)."""

    exit_code = 130
    label = "interrupted"

    def __init__(self, graded: int, total: int) -> None:
        self.graded = graded
        self.total = total
        super().__init__(f"{graded} of {total} graded; run the same command to finish")


def _as_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within: SIGTERM stops autograde as Ctrl-C does (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _as_keyboard_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def graceful_stop() -> Iterator[threading.Event]:
    """Within: the first Ctrl-C (or SIGTERM) only sets the event, so the learner being graded
    finishes; a second raises KeyboardInterrupt at once (main thread only)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ignore_interrupts() -> None:
    """In a grading worker: leave Ctrl-C and SIGTERM to the parent, which decides."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def discard_partial(layout: CourseLayout, assignment_id: str, learners: Iterable[str]) -> None:
    """Take `learners`' half-graded submissions of `assignment_id` out of the gradebook and the
    autograded folder (their submitted notebooks stay, to be graded again)."""
    from nbgrader.api import Gradebook, MissingEntry

    learners = list(learners)
    if not learners:
        return
    with Gradebook(layout.db_url, layout.course_id) as gradebook:
        for learner in learners:
            with suppress(MissingEntry):
                gradebook.remove_submission(assignment_id, learner)
    for learner in learners:
        shutil.rmtree(
            layout.course_root / "autograded" / learner / assignment_id, ignore_errors=True
        )
