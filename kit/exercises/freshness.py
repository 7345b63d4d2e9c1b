"""Whether the `answer` a visible check is about to judge is the one its exercise's cell just set.

In a Jupyter kernel the kit watches each cell that sets `answer` (IPython's `post_run_cell`
event). A check then refuses to judge, and says "run the answer cell above first", when:

- the last answer cell raised (a syntax error, a typo): `answer` still holds an older value;
- the answer it is given was already judged by another exercise's check and no answer cell has
  run since (the learner edited this exercise's cell but did not run it);
- `answer` was never set in this kernel (a NameError, shown as the same advice).

Outside a kernel (the grader's judges, pytest) nothing is watched and every answer is judged.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from kit.exercises.panel import NotYet, Shown, VerdictPanel, kernel_display, kernel_shell

ANSWER = "answer"
_ASSIGNS_ANSWER = re.compile(rf"^\s*{ANSWER}\s*[:=]", re.MULTILINE)


def sets_answer(source: str) -> bool:
    """Whether a cell's source assigns `answer` at its top level (or, when it does not parse,
    looks as if it means to)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return bool(_ASSIGNS_ANSWER.search(source))
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == ANSWER for t in targets):
            return True
    return False


@dataclass
class AnswerWatch:
    """What the kernel has seen of the cells that set `answer`."""

    runs: int = 0  # answer cells run so far
    failure: str | None = None  # why the last answer cell failed, if it did
    judged_by: dict[int, str] = field(default_factory=dict)  # run -> exercise that judged it

    def cell_ran(self, source: str, error: BaseException | None) -> None:
        """Note a cell that ran, if it sets `answer`."""
        if not sets_answer(source):
            return
        self.runs += 1
        self.failure = None if error is None else _described(error)

    def stale(self, exercise: str) -> str | None:
        """Why the current answer must not be judged for `exercise`, or None."""
        if self.failure is not None:
            return (
                f"the last answer cell you ran stopped with an error ({self.failure}). Fix it "
                "and run it, then run this check."
            )
        if self.runs == 0:
            return None
        earlier = self.judged_by.setdefault(self.runs, exercise)
        if earlier != exercise:
            return (
                "the answer this check sees belongs to an earlier exercise: run the answer cell "
                "above first, then this check."
            )
        return None


def _described(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"SyntaxError: {error.msg}, line {error.lineno}"
    return f"{type(error).__name__}: {error}"


_watch: AnswerWatch | None = None


def _on_post_run_cell(result: Any) -> None:
    if _watch is None:
        return
    error = result.error_before_exec or result.error_in_exec
    _watch.cell_ran(result.info.raw_cell or "", error)


def _on_name_error(shell: Any, kind: Any, error: BaseException, traceback: Any, **_: Any) -> Any:
    if getattr(error, "name", None) == ANSWER:
        message = "There is no answer yet: run the answer cell above first, then this check."
        display = kernel_display()
        if display is not None:
            display(VerdictPanel(Shown("not answered", message)))
            failed = NotYet("Not answered yet")  # still a failure for Validate: one short line
            return shell.showtraceback((NotYet, failed, None))
    return shell.showtraceback((kind, error, traceback))


def watch_answers() -> AnswerWatch | None:
    """Start watching answer cells in this kernel (once); None outside a kernel."""
    global _watch
    if _watch is not None:
        return _watch
    shell = kernel_shell()
    if shell is None:
        return None
    _watch = AnswerWatch()
    shell.events.register("post_run_cell", _on_post_run_cell)
    shell.set_custom_exc((NameError,), _on_name_error)
    return _watch


def stale_answer(answer: object, exercise: str) -> str | None:
    """Why a visible check must not judge `answer` for `exercise` (None: judge it)."""
    watch = watch_answers()
    if watch is None:
        return None
    shell = kernel_shell()
    if shell is None or shell.user_ns.get(ANSWER, _MISSING) is not answer:
        return None  # the check was not handed the `answer` variable: nothing to compare
    return watch.stale(exercise)


_MISSING = object()
