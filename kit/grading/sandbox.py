"""Run learner cells in a bubblewrap sandbox with resource limits; get back only answer data.

The sandbox sees, read-only, the system's programs and libraries, the Python installation, the
`kit` package and the practice corpus; it writes only to a private scratch folder. It has no
network, no view of other processes, the gradebook, the instructor's notebooks, other
submissions, or the grader's environment variables (tokens and keys included). Limits on wall
time, CPU time, memory, processes and file size each end the run with a verdict in words.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import GradingError
from kit.grading.cgroups import PidsCgroup

SANDBOX_UID = 65534  # nobody


@dataclass(frozen=True)
class SandboxLimits:
    """What one submission's learner code may use."""

    wall_seconds: float = 30.0
    cpu_seconds: int = 30
    memory_bytes: int = 1 << 30
    processes: int = 64
    file_bytes: int = 16 << 20


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


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def _limit_resources(limits: SandboxLimits, cgroup: PidsCgroup | None) -> None:
    """Runs in the child before exec: join the run's cgroup and set the rlimits."""
    if cgroup is not None:
        cgroup.join()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _readable_paths(extra: list[Path]) -> list[Path]:
    import kit

    paths = [Path(p) for p in ("/usr", "/bin", "/lib", "/lib64", "/etc/alternatives", "/etc/ssl")]
    paths += [Path(sys.base_prefix), Path(sys.prefix), Path(kit.__file__).resolve().parent]
    paths += extra
    return [p for p in dict.fromkeys(paths) if p.exists()]


def bwrap_command(scratch: Path, readable: list[Path], env: dict[str, str]) -> list[str]:
    """The bubblewrap command line for a sandbox with these read-only paths and environment."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise GradingError(
            "bubblewrap is needed to run learner code safely: install it (apt-get install bubblewrap)"
        )
    cmd = [bwrap, "--unshare-all", "--die-with-parent", "--new-session"]
    cmd += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    # The private /tmp first: a readable path under /tmp (a test's corpus) is bound on top of it.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in readable:
        if path.is_symlink():
            cmd += ["--symlink", str(path.readlink()), str(path)]
        else:
            cmd += ["--ro-bind", str(path), str(path)]
    cmd += ["--bind", str(scratch), "/scratch", "--chdir", "/scratch", "--clearenv"]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    runner = Path(__file__).with_name("sandbox_runner.py")  # a file: no package imports inside
    return [*cmd, sys.executable, "-I", str(runner)]


def _failure(returncode: int, timed_out: bool, limits: SandboxLimits) -> str | None:
    if timed_out:
        return f"timed out after {limits.wall_seconds:g} s"
    # bubblewrap exits with 128 + N when the sandboxed process died of signal N.
    died_of = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    if died_of in (signal.SIGXCPU, signal.SIGKILL):
        return f"used more than {limits.cpu_seconds} s of CPU time"
    if died_of == signal.SIGXFSZ:
        return f"wrote a file larger than {_mib(limits.file_bytes)}"
    if returncode != 0:
        return f"stopped early (exit status {returncode})"
    return None


def run_in_sandbox(
    cells: list[SandboxCell], limits: SandboxLimits, *, corpus: Path | None = None
) -> SandboxResult:
    """Run `cells` in order in a fresh sandbox; return the answers they set, as plain data."""
    if corpus is None:
        from kit.practice import default_corpus

        corpus = default_corpus()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/scratch",
        "SGKIT_CORPUS": str(corpus),
        "PYTHONDONTWRITEBYTECODE": "1",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "safe.directory",
        "GIT_CONFIG_VALUE_0": "*",
    }
    payload = json.dumps([{"source": c.source, "answer_id": c.answer_id} for c in cells])
    with tempfile.TemporaryDirectory(prefix="sgkit-scratch-") as scratch_dir:
        scratch = Path(scratch_dir)
        cgroup = PidsCgroup.create(limits.processes)
        with tempfile.TemporaryFile() as results:  # outside the sandbox's reach
            try:
                process = subprocess.Popen(
                    bwrap_command(scratch, _readable_paths([corpus.resolve()]), env),
                    stdin=subprocess.PIPE,
                    stdout=results,
                    stderr=subprocess.DEVNULL,
                    preexec_fn=lambda: _limit_resources(limits, cgroup),
                )
                timed_out = False
                try:
                    process.communicate(payload.encode(), timeout=limits.wall_seconds)
                except subprocess.TimeoutExpired:
                    timed_out = True
                    process.kill()
                    process.wait()
            finally:
                if cgroup is not None:
                    cgroup.destroy()  # nothing the learner started outlives the run
            results.seek(0)
            raw = results.read(limits.file_bytes).decode("utf-8", "replace")
    return _parse_results(raw, _failure(process.returncode, timed_out, limits), limits)


def _parse_results(raw: str, failure: str | None, limits: SandboxLimits) -> SandboxResult:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    done = False
    for line in raw.splitlines():
        try:
            report = json.loads(line)
        except ValueError:
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
                message = f"ran out of memory (limit {_mib(limits.memory_bytes)})"
            errors[answer_id] = message
    if failure is None and not done:
        failure = "stopped before every cell had run"
    return SandboxResult(answers=answers, errors=errors, failure=failure)
