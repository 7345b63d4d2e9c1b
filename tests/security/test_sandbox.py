"""The one sandbox: every kind of untrusted run ends a hostile payload with a verdict in words,
runs as an unprivileged uid, reaches no network and leaves nothing behind on the host.

The four kinds are a learner's answer cell, an API script, a batch-change step and a deployment
tool run over a learner's file. Each gets the same five payloads: a fork bomb, a memory bomb, a
10 GB write, a setuid shell and a network connection.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kit.errors import PracticeError, SandboxError
from kit.exercises.graphql import run_script as run_api_script
from kit.practice import default_corpus
from kit.practice.batch.shell import run_script as run_batch_step
from kit.practice.deployments.tools import run_tool
from kit.sandbox import (
    SANDBOX_USER,
    SandboxCell,
    SandboxLimits,
    policy,
    run_in_sandbox,
    sandbox_identity,
)

pytestmark = pytest.mark.slow

QUICK = SandboxLimits(wall_seconds=8, cpu_seconds=5, memory_bytes=512 << 20, processes=32)

PYTHON_PAYLOADS = {
    "fork bomb": "import os\nwhile True:\n    os.fork()",
    "memory bomb": "hog = []\nwhile True:\n    hog.append(bytearray(50 << 20))",
    "10 GB write": (
        "with open('big', 'wb') as f:\n    for _ in range(10 * 1024):\n"
        "        f.write(b'x' * (1 << 20))"
    ),
    "many files": (
        "for i in range(1000):\n    with open(f'f{i}', 'wb') as f:\n        f.write(b'x' * (15 << 20))"
    ),
    "setuid shell": (
        "import os, shutil\nfor folder in ('/tmp', '.'):\n"
        "    shutil.copy('/bin/sh', f'{folder}/rootsh')\n"
        "    os.chmod(f'{folder}/rootsh', 0o4755)\n"
        "assert os.getuid() != 0 and os.geteuid() != 0, 'root inside'\n"
        "raise PermissionError(f'uid {os.getuid()}: a setuid file of an unprivileged user')"
    ),
    "network": "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=3)",
}
SHELL_PAYLOADS = {
    "fork bomb": "bomb() { bomb | bomb & }; bomb; sleep 4",
    "memory bomb": "python3 -c 'x = bytearray(8 << 30)'",
    "10 GB write": "head -c 10G /dev/zero > big",
    "many files": "for i in $(seq 1000); do head -c 15M /dev/zero > f$i || exit 1; done",
    "setuid shell": "cp /bin/sh /tmp/rootsh && chmod 4755 /tmp/rootsh && cp /bin/sh ./rootsh "
    "&& chmod 4755 ./rootsh; test $(id -u) -ne 0 && echo unprivileged >&2; exit 3",
    "network": "python3 -c \"import socket; socket.create_connection(('1.1.1.1', 80), timeout=3)\"",
}
WORDS = (
    "timed out",
    "CPU time",
    "memory",
    "Memory",
    "larger than",
    "more than",
    "File too large",
    "No space left",
    "Resource temporarily unavailable",
    "BlockingIOError",
    "unreachable",
    "unprivileged",
    "PermissionError",
    "was stopped",
    "exit status",
    "processes at once",
    "Read-only file system",
)


LEFTOVER = "98765.4321"
"""Every payload first starts `sleep LEFTOVER` in the background: it must not outlive the run."""
PYTHON_LEFTOVER = f"import subprocess\nsubprocess.Popen(['sleep', '{LEFTOVER}'])\n"
SHELL_LEFTOVER = f"(sleep {LEFTOVER} &) ; "


def _leftover_processes() -> list[str]:
    done = subprocess.run(["ps", "-e", "-o", "pid=,args="], capture_output=True, text=True)
    return [line for line in done.stdout.splitlines() if LEFTOVER in line and "ps -e" not in line]


def _special_files(folder: Path) -> list[Path]:
    found = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) and mode & (stat.S_ISUID | stat.S_ISGID):
                found.append(path)
    return found


@pytest.fixture
def host_left_clean() -> Iterator[None]:
    """After the run: no process it started, no setuid file in the host's temp folder."""
    tmp = Path(tempfile.gettempdir())
    before = set(_special_files(tmp))
    yield
    assert _leftover_processes() == []
    assert set(_special_files(tmp)) - before == set()


def _answer_cell(payload: str) -> str:
    cell = SandboxCell(PYTHON_LEFTOVER + payload + "\nanswer = 'finished'", "a")
    result = run_in_sandbox([cell], QUICK, corpus=default_corpus())
    assert "a" not in result.answers, "the payload ran to its end"
    return result.failure or result.errors["a"]


def _api_script(payload: str) -> str:
    lines = (PYTHON_LEFTOVER + payload).splitlines()
    indented = "\n".join("    " + line for line in lines)
    report, problem = run_api_script(f"def report(endpoint, token):\n{indented}\n    return 1\n")
    assert report is None
    return problem


def _batch_step(payload: str, workspace: Path) -> str:
    (workspace / "README.md").write_text("hello\n")
    result = run_batch_step(SHELL_LEFTOVER + payload, workspace, {}, {}, timeout=10)
    written = sum(p.stat().st_size for p in workspace.rglob("*") if p.is_file())
    assert written < 320 << 20, "the step wrote far past the limit of 256 MiB"
    return result.stderr


def _deployment_tool(payload: str, workspace: Path) -> str:
    (workspace / "kustomization.yaml").write_text("resources: []\n")
    with pytest.raises(PracticeError) as refused:
        run_tool("sh", "-c", f'{SHELL_LEFTOVER} cd "$HOME" && {payload}', cwd=workspace)
    return refused.value.message


RUNS: dict[str, Callable[..., str]] = {
    "answer cell": _answer_cell,
    "API script": _api_script,
}


@pytest.mark.parametrize("payload", sorted(PYTHON_PAYLOADS))
@pytest.mark.parametrize("kind", sorted(RUNS))
def test_python_payloads_end_in_words_and_leave_nothing(
    kind: str, payload: str, host_left_clean: None
) -> None:
    verdict = RUNS[kind](PYTHON_PAYLOADS[payload])
    assert any(word in verdict for word in WORDS), verdict


@pytest.mark.parametrize("payload", sorted(SHELL_PAYLOADS))
def test_batch_step_payloads_end_in_words_and_leave_nothing(
    payload: str, tmp_path: Path, host_left_clean: None
) -> None:
    verdict = _batch_step(SHELL_PAYLOADS[payload], tmp_path)
    assert any(word in verdict for word in WORDS), verdict
    assert _special_files(tmp_path) == []


@pytest.mark.parametrize("payload", sorted(SHELL_PAYLOADS))
def test_deployment_tool_payloads_end_in_words_and_leave_nothing(
    payload: str, tmp_path: Path, host_left_clean: None
) -> None:
    verdict = _deployment_tool(SHELL_PAYLOADS[payload], tmp_path)
    assert any(word in verdict for word in WORDS), verdict


def test_the_sandbox_runs_as_an_unprivileged_host_user() -> None:
    result = run_in_sandbox(
        [
            SandboxCell(
                "import os\nanswer = [os.getuid(), os.geteuid(), open('/proc/self/status').read()]",
                "a",
            )
        ],
        QUICK,
        corpus=default_corpus(),
    )
    uid, euid, status = result.answers["a"]
    assert uid != 0 and euid != 0
    capabilities = {
        line.split(":")[0]: int(line.split(":")[1], 16)
        for line in status.splitlines()
        if line.startswith("Cap")
    }
    assert capabilities["CapEff"] == 0 and capabilities["CapPrm"] == 0
    if os.geteuid() == 0:
        assert uid == sandbox_identity().uid  # the dedicated user, never root


def test_what_untrusted_code_writes_on_the_host_is_never_roots(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("hello\n")
    result = run_batch_step(
        "cp /bin/sh ./rootsh && chmod 4755 ./rootsh && touch made-here", tmp_path, {}, {}
    )
    assert result.exit_code == 0, result.stderr
    made = (tmp_path / "made-here").stat()
    assert made.st_uid != 0 and made.st_uid == sandbox_identity().uid
    assert not (tmp_path / "rootsh").stat().st_mode & stat.S_ISUID  # cleared after the run


def test_a_batch_step_cannot_touch_git_or_the_host_system(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    attack = (
        "git config core.fsmonitor 'touch /tmp/owned'; echo '[core] fsmonitor = x' >> .git/config; "
        "mount -o remount,rw /usr 2>/dev/null; touch /usr/owned; echo done"
    )
    run_batch_step(attack, tmp_path, {}, {}, timeout=20)
    assert "fsmonitor" not in (tmp_path / ".git" / "config").read_text()
    assert not Path("/usr/owned").exists()


def test_without_the_sandbox_user_nothing_runs_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("the dedicated user is needed only when grading as root")
    monkeypatch.setattr(policy, "SANDBOX_USER", "sgkit-no-such-user")
    with pytest.raises(SandboxError, match="never runs as root"):
        run_in_sandbox([SandboxCell("answer = 1", "a")], QUICK, corpus=default_corpus())


def test_without_bubblewrap_nothing_runs_unsandboxed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        policy.shutil, "which", lambda name: None if name == "bwrap" else "/usr/bin/" + name
    )
    with pytest.raises(SandboxError, match="bubblewrap is needed"):
        run_in_sandbox([SandboxCell("answer = 1", "a")], QUICK, corpus=default_corpus())
    with pytest.raises(SandboxError, match="bubblewrap is needed"):
        run_batch_step("true", tmp_path, {}, {})


def test_the_sandbox_user_exists_on_this_machine() -> None:
    if os.geteuid() == 0:
        assert sandbox_identity().uid != 0, f"{SANDBOX_USER} must exist: make sandbox-deps"
