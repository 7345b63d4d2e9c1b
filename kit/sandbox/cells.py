"""Run learner Python cells in the sandbox; get back only their answers, as plain data.

The cells run in order in one fresh sandbox (see `policy`): they see the system, the Python
installation, the `kit` package and the practice corpus read-only, write only to private tmpfs
folders, and have no network but their own loopback, no view of other processes, the gradebook,
the instructor's notebooks, other submissions, or the grader's environment (tokens and keys).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kit.sandbox.policy import Mounts, SandboxLimits, kit_paths
from kit.sandbox.process import mib, run_sandboxed


@dataclass(frozen=True)
class SandboxCell:
    """A code cell to run; `answer_id` names an answer cell whose `answer` is reported."""

    source: str
    answer_id: str | None = None


@dataclass(frozen=True)
class SandboxResult:
    """Answers (plain data) and per-answer errors; `failure` says why a run ended early."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    failure: str | None = None


def corpus_environment(corpus: Path) -> dict[str, str]:
    """The environment of a sandboxed Python that searches `corpus` (nothing of the grader's)."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/scratch",
        "SGKIT_CORPUS": str(corpus),
        "PYTHONDONTWRITEBYTECODE": "1",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "safe.directory",
        "GIT_CONFIG_VALUE_0": "*",
        "LANG": "C.UTF-8",
    }


def python_command(script: Path) -> list[str]:
    """This interpreter, isolated (`-I`), running `script`."""
    return [sys.executable, "-I", str(script)]


def run_in_sandbox(
    cells: list[SandboxCell], limits: SandboxLimits, *, corpus: Path
) -> SandboxResult:
    """Run `cells` in order in a fresh sandbox that can read `corpus`; return the answers they
    set, as plain data."""
    corpus = corpus.resolve()
    payload = json.dumps([{"source": c.source, "answer_id": c.answer_id} for c in cells])
    runner = Path(__file__).with_name("cell_runner.py")  # a file: no package imports inside
    run = run_sandboxed(
        python_command(runner),
        mounts=Mounts(readable=(*kit_paths(), corpus)),
        env=corpus_environment(corpus),
        limits=replace(limits, output_bytes=max(limits.output_bytes, limits.file_bytes)),
        stdin=payload.encode(),
    )
    failure = run.failure or (
        f"stopped early (exit status {run.exit_code})" if run.exit_code != 0 else None
    )
    return _parse_results(run.stdout, failure, limits)


def _parse_results(raw: str, failure: str | None, limits: SandboxLimits) -> SandboxResult:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    done = False
    for line in raw.splitlines():
        try:
            report = json.loads(line)
        except (ValueError, RecursionError):  # the learner's process may write anything here
            continue
        if not isinstance(report, dict):
            continue
        if report.get("done") is True:
            done = True
            continue
        answer_id = report.get("answer_id")
        if not isinstance(answer_id, str):
            continue
        if "value" in report:
            value = report["value"]
            answers[answer_id] = ... if value == {"__ellipsis__": True} else value
        elif isinstance(report.get("error"), str):
            message = report["error"]
            if message.startswith("MemoryError"):
                message = f"ran out of memory (limit {mib(limits.memory_bytes)})"
            errors[answer_id] = message
    if failure is None and not done:
        failure = "stopped before every cell had run"
    return SandboxResult(answers=answers, errors=errors, failure=failure)
