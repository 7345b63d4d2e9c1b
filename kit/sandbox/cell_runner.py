"""Runs inside the sandbox: execute notebook cells in order, report each answer as JSON data.

Protocol: a JSON list of {"source", "answer_id"} on stdin. For every cell with an answer_id, one
JSON line goes to the results channel (the original stdout): {"answer_id", "value"} when `answer`
is plain data, or {"answer_id", "error"}. A final {"done": true} line ends a complete run.
Learner output is discarded. Whatever this process writes is only data about the learner's own
answers: the verdict is made outside, so forging these lines gains nothing.
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback
from typing import Any

MAX_VALUE_CHARS = 100_000


def _plain(value: Any) -> Any:
    """The answer as plain JSON data, or raise TypeError naming what it is instead."""
    if value is ...:
        return {"__ellipsis__": True}
    text = json.dumps(value)
    if len(text) > MAX_VALUE_CHARS:
        raise TypeError(f"the answer is too long ({len(text)} characters)")
    return json.loads(text)


def main() -> None:
    cells = json.loads(sys.stdin.read())
    results = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for cell in cells:
        answer_id = cell.get("answer_id")
        if answer_id:
            namespace.pop("answer", None)
        try:
            exec(compile(cell["source"], "<cell>", "exec"), namespace)
        except BaseException as exc:  # learner code may raise anything, SystemExit included
            if answer_id:
                line = traceback.format_exception_only(type(exc), exc)[-1].strip()
                results.write(json.dumps({"answer_id": answer_id, "error": line[:500]}) + "\n")
            continue
        finally:
            sys.stdout = sys.stderr = io.StringIO()  # drop whatever the cell printed
        if answer_id:
            if "answer" not in namespace:
                report = {"answer_id": answer_id, "error": "the cell does not set `answer`"}
            else:
                try:
                    report = {"answer_id": answer_id, "value": _plain(namespace["answer"])}
                except (TypeError, ValueError, RecursionError) as exc:
                    kind = type(namespace["answer"]).__name__
                    report = {
                        "answer_id": answer_id,
                        "error": f"`answer` must be plain data such as text in quotes, not {kind} ({exc})",
                    }
            results.write(json.dumps(report) + "\n")
    results.write(json.dumps({"done": True}) + "\n")
    results.flush()


if __name__ == "__main__":
    main()
