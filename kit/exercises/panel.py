"""How a check's verdict is shown: a panel a learner can read, not a traceback.

In a Jupyter kernel (JupyterLab, classic Validate, nbval, papermill) the check displays an HTML
panel (with a plain-text form for every other front end): correct, not yet or not answered; the
answer it judged; what that answer does against what is expected, in words; the hint. A failed
check then raises `NotYet`, an AssertionError (so nbgrader's Validate and the autograder still
count it) whose traceback IPython renders as one short line. Outside a kernel (the grader's
judges, pytest) nothing is displayed: a right answer prints one line, a wrong one raises a plain
AssertionError with the verdict, as before.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["correct", "not yet", "not answered"]

HINT_MARK = " Hint: "
ECHO_CHARS = 400

_HEADINGS: dict[Status, tuple[str, str]] = {
    "correct": ("✓", "Correct"),
    "not yet": ("✗", "Not yet"),
    "not answered": ("○", "Not answered yet"),
}
_COLOURS: dict[Status, tuple[str, str]] = {  # (border, background): text stays #1b1f24
    "correct": ("#1a7f37", "#dafbe1"),
    "not yet": ("#cf222e", "#ffebe9"),
    "not answered": ("#9a6700", "#fff8c5"),
}


@dataclass(frozen=True)
class Shown:
    """A verdict as the learner sees it."""

    status: Status
    message: str
    answer: str | None = None
    hint: str = ""

    def text(self) -> str:
        """The plain-text form: one line, then the answer judged and the hint."""
        symbol, heading = _HEADINGS[self.status]
        lines = [f"{symbol} {heading}: {self.message}"]
        if self.answer is not None:
            lines.append(f"  Your answer: {self.answer}")
        if self.hint:
            lines.append(f"  Hint: {self.hint}")
        return "\n".join(lines)

    def html(self) -> str:
        """The panel: heading, the answer judged, the verdict in words, the hint."""
        symbol, heading = _HEADINGS[self.status]
        border, background = _COLOURS[self.status]
        parts = [
            f'<div class="sgkit-verdict sgkit-verdict-{self.status.replace(" ", "-")}" '
            f'role="status" style="border-left:4px solid {border};background:{background};'
            "color:#1b1f24;padding:8px 12px;margin:4px 0;border-radius:4px;"
            'font-family:system-ui,sans-serif;line-height:1.45">',
            f'<div style="font-weight:600"><span aria-hidden="true">{symbol}</span> '
            f"{heading}</div>",
        ]
        if self.answer is not None:
            parts.append(
                '<div>Your answer: <code style="background:#ffffffb0;padding:0 3px;'
                f'white-space:pre-wrap">{html.escape(self.answer)}</code></div>'
            )
        parts.append(f"<div>{html.escape(self.message)}</div>")
        if self.hint:
            parts.append(f"<div><strong>Hint:</strong> {html.escape(self.hint)}</div>")
        parts.append("</div>")
        return "".join(parts)


class VerdictPanel:
    """What a kernel displays: the panel as HTML, its text form everywhere else."""

    def __init__(self, shown: Shown) -> None:
        self.shown = shown

    def _repr_html_(self) -> str:
        return self.shown.html()

    def __repr__(self) -> str:
        return self.shown.text()


class NotYet(AssertionError):  # noqa: N818 (learners read its name: "not yet")
    """A failed check in a kernel: counted as a failure, shown as one line under the panel."""

    def _render_traceback_(self) -> list[str]:
        return [f"{self} (see the panel above)"]


def echo(answer: object) -> str | None:
    """The answer as the panel repeats it: text as written, data as JSON, a function by name;
    None when there is no answer yet."""
    if answer is Ellipsis or answer is None:
        return None
    if isinstance(answer, str):
        text = answer
    elif callable(answer):
        text = f"the function {getattr(answer, '__name__', type(answer).__name__)}"
    else:
        try:
            text = json.dumps(answer, default=str)
        except (TypeError, ValueError):
            text = repr(answer)
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


def shown(correct: bool, message: str, answer: object) -> Shown:
    """The learner's view of a verdict: its status, message without the status word, hint."""
    message, _, hint = message.partition(HINT_MARK)
    status: Status = "correct" if correct else "not yet"
    if answer is Ellipsis or message.startswith("Not answered yet"):
        status = "not answered"
    for word in ("Correct: ", "Not yet: ", "Not answered yet: "):
        if message.startswith(word):
            message = message[len(word)].upper() + message[len(word) + 1 :]
            break
    return Shown(status, message.strip(), echo(answer), hint.strip())


def kernel_shell() -> Any:
    """The IPython shell of the Jupyter kernel this runs in, else None."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell if shell is not None and hasattr(shell, "kernel") else None


def kernel_display() -> Callable[[Any], None] | None:
    """IPython's `display` when running in a Jupyter kernel, else None."""
    if kernel_shell() is None:
        return None
    from IPython.display import display

    return display


def report(correct: bool, message: str, answer: object) -> None:
    """Show a verdict: the panel in a kernel (and NotYet when wrong), else a line or an
    AssertionError carrying the verdict."""
    __tracebackhide__ = True
    display = kernel_display()
    if display is None:
        if not correct:
            raise AssertionError(message)
        print(f"✓ {message}")
        return
    view = shown(correct, message, answer)
    display(VerdictPanel(view))
    if not correct:
        raise NotYet(_HEADINGS[view.status][1])
