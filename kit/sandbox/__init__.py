"""The one sandbox every untrusted run goes through, and the judges that weigh learners' answers.

`policy` says what a sandbox may see and use and whom it runs as; `process` runs a command under
it; `cells` runs learner Python cells and hands back their answers as data; `judge` keeps
long-lived sandboxes that run the instructor's checks over learners' answers with a deadline
per exercise. It imports only `kit.errors` (callers name the corpus a sandbox may read); every
other package builds on it.
"""

from kit.sandbox.cells import SandboxCell, SandboxResult, run_in_sandbox
from kit.sandbox.judge import Judge, JudgeSetup, JudgeStep, StepOutcome, judge_for
from kit.sandbox.policy import SANDBOX_USER, Mounts, SandboxLimits, sandbox_identity
from kit.sandbox.process import SandboxRun, run_sandboxed

__all__ = [
    "SANDBOX_USER",
    "Judge",
    "JudgeSetup",
    "JudgeStep",
    "Mounts",
    "SandboxCell",
    "SandboxLimits",
    "SandboxResult",
    "SandboxRun",
    "StepOutcome",
    "judge_for",
    "run_in_sandbox",
    "run_sandboxed",
    "sandbox_identity",
]
