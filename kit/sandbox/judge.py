"""Sandboxed judges: long-lived sandboxes that run the instructor's cells over learners' answers.

Judging an answer means running the instructor's checks (searches, structural matches, GraphQL
requests, YAML and JSONC parsing, deployment rendering) on data the learner chose, and any of
those can be made to take minutes or gigabytes. So it happens here, never in the grader: a
judge is a sandbox (see `policy`) that stays up between submissions, so the Python start-up and
the search index are paid once per judge, not once per answer. Each step of a request has its
own deadline; a judge that misses one is stopped (with everything it started), that step gets
"took longer than N s", and a fresh judge takes the request up after it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kit.sandbox.cells import corpus_environment, python_command
from kit.sandbox.policy import Mounts, SandboxLimits, kit_paths
from kit.sandbox.process import SandboxProcess, failure_of, start_sandboxed

MAX_LINE_BYTES = 4 << 20
STARTUP_SECONDS = 120.0
REQUESTS_PER_JUDGE = 500
"""A judge is replaced after this many requests, so no state or memory builds up for long."""
JUDGE_LIMITS = SandboxLimits(wall_seconds=30.0, cpu_seconds=3_600, memory_bytes=3 << 30)
"""Defaults for a judge: `wall_seconds` is the deadline of one step (one exercise), CPU time
is for the judge's whole life (it is replaced long before), memory is per judge."""


@dataclass(frozen=True)
class JudgeStep:
    """One step of a request: a setup cell to run, or a test cell to run over an answer.

    `answer` is the repr of a literal (read back with `ast.literal_eval` in the judge); None
    when the learner gave none. `unanswerable` is why no answer could be had at all."""

    kind: str
    name: str
    source: str
    answer: str | None = None
    unanswerable: str | None = None


@dataclass(frozen=True)
class StepOutcome:
    """What one step gave: the test cell's outputs (stream and error dicts) or, when the judge
    could not finish it, `failure` in words."""

    outputs: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None


class JudgeStoppedError(Exception):
    """The judge died or missed a deadline on the step in hand (internal)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class JudgeSetup:
    """Where a judge looks (its corpus, search index, extra read-only paths) and what it loads
    before its first request (`module` or `module:function` entries)."""

    corpus: Path
    index_folder: Path | None = None
    readable: tuple[Path, ...] = ()
    preload: tuple[str, ...] = ()


class Judge:
    """One judge sandbox, started on first use and restarted whenever it is stopped."""

    def __init__(self, setup: JudgeSetup, limits: SandboxLimits = JUDGE_LIMITS) -> None:
        self.setup = setup
        self.limits = limits
        self._running: SandboxProcess | None = None
        self._buffer = b""
        self._served = 0
        self._ready = False

    def start(self) -> None:
        """Start the sandbox now (it loads while the caller does other work)."""
        if self._running is not None and self._running.process.poll() is None:
            return
        self.close()
        corpus = self.setup.corpus.resolve()
        env = corpus_environment(corpus)
        readable = [*kit_paths(), corpus, *self.setup.readable]
        if self.setup.index_folder is not None:
            env["SGKIT_INDEX_DIR"] = str(self.setup.index_folder.parent)
            readable.append(self.setup.index_folder)
        env["SGKIT_JUDGE_PRELOAD"] = ",".join(self.setup.preload)
        runner = Path(__file__).with_name("judge_runner.py")
        self._running = start_sandboxed(
            python_command(runner),
            mounts=Mounts(readable=tuple(readable)),
            env=env,
            limits=self.limits,
        )
        self._buffer = b""
        self._served = 0
        self._ready = False

    def close(self) -> None:
        """Stop the sandbox and everything in it."""
        if self._running is not None:
            with contextlib.suppress(OSError):
                if self._running.process.stdin is not None:
                    self._running.process.stdin.close()
            self._running.stop()
            self._running = None

    def run(
        self, steps: Sequence[JudgeStep], *, step_seconds: float | None = None
    ) -> list[StepOutcome]:
        """Judge `steps` in order; one outcome per step (setup steps give empty outputs)."""
        seconds = step_seconds if step_seconds is not None else self.limits.wall_seconds
        outcomes: list[StepOutcome] = []
        while len(outcomes) < len(steps):
            try:
                self._request(steps, seconds, outcomes)
            except JudgeStoppedError as stopped:
                self.close()
                if len(outcomes) < len(steps):
                    outcomes.append(StepOutcome(failure=stopped.reason))  # the step in hand
        return outcomes

    def _request(
        self, steps: Sequence[JudgeStep], seconds: float, outcomes: list[StepOutcome]
    ) -> None:
        """Send the steps from `len(outcomes)` on; append each outcome as it comes back."""
        if self._served >= REQUESTS_PER_JUDGE:
            self.close()
        self.start()
        assert self._running is not None
        if not self._ready:
            self._read_line(max(seconds, STARTUP_SECONDS), waiting_for="start")
            self._ready = True
        start = len(outcomes)
        request = {"steps": [asdict(step) for step in steps], "start": start}
        stdin = self._running.process.stdin
        assert stdin is not None
        try:
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
        except OSError:
            raise JudgeStoppedError(self._death_reason()) from None
        self._served += 1
        for index in range(start, len(steps)):
            reply = self._read_line(seconds, waiting_for=steps[index].name)
            if reply.get("step") != index:
                raise JudgeStoppedError("the judge answered out of turn")
            outcomes.append(StepOutcome(outputs=_checked_outputs(reply.get("outputs", []))))
        self._read_line(seconds, waiting_for="the end of the request")

    def _read_line(self, seconds: float, *, waiting_for: str) -> dict[str, Any]:
        assert self._running is not None
        stdout = self._running.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + seconds
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise JudgeStoppedError(f"took longer than {seconds:g} s")
                if not selector.select(left):
                    continue
                chunk = os.read(stdout.fileno(), 1 << 16)
                if not chunk:
                    raise JudgeStoppedError(self._death_reason())
                self._buffer += chunk
                if len(self._buffer) > MAX_LINE_BYTES:
                    raise JudgeStoppedError("gave more output than the judge reads")
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            reply = json.loads(line)
        except ValueError:
            raise JudgeStoppedError(f"the judge's reply to {waiting_for} was garbled") from None
        if not isinstance(reply, dict):
            raise JudgeStoppedError(f"the judge's reply to {waiting_for} was garbled")
        return reply

    def _death_reason(self) -> str:
        assert self._running is not None
        try:
            code = self._running.process.wait(timeout=5)
        except Exception:
            return "the judge stopped"
        return failure_of(code, False, self.limits) or (
            f"the judge stopped (exit status {code}; out of memory?)"
        )


def _checked_outputs(outputs: Any) -> list[dict[str, Any]]:
    """Only well-formed stream and error outputs with text fields cross back."""
    checked: list[dict[str, Any]] = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        if output.get("output_type") == "stream" and isinstance(output.get("text"), str):
            checked.append({"output_type": "stream", "name": "stdout", "text": output["text"]})
        elif output.get("output_type") == "error":
            name, value = output.get("ename"), output.get("evalue")
            if isinstance(name, str) and isinstance(value, str):
                checked.append(
                    {
                        "output_type": "error",
                        "ename": name[:100],
                        "evalue": value,
                        "traceback": [f"{name[:100]}: {value}"],
                    }
                )
    return checked


_judges: dict[tuple[JudgeSetup, SandboxLimits], Judge] = {}


def judge_for(setup: JudgeSetup, limits: SandboxLimits = JUDGE_LIMITS) -> Judge:
    """This process's judge for `setup` and `limits` (one per pair, kept for reuse)."""
    key = (setup, limits)
    if key not in _judges:
        _judges[key] = Judge(setup, limits)
    return _judges[key]


@atexit.register
def close_judges() -> None:
    """Stop every judge this process started."""
    for judge in _judges.values():
        judge.close()
