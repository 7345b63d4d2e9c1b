"""Runs inside a judge sandbox: the instructor's cells over a learner's answers, request by request.

Protocol, one JSON object per line. A request on stdin:
    {"steps": [{"kind": "setup"|"test", "name": str, "source": str,
                "answer": <repr of a literal> | null, "unanswerable": str | null}, ...],
     "start": int}
Steps before `start` are only set up again (setup cells run, tests skipped): the judge that
judged them was stopped. For each step from `start` on, one line goes to the results channel
(the original stdout): {"step": i, "outputs": [...]}, each output a dict of a stream or an
error; then {"done": true}. Every request gets a fresh namespace. The judge decides nothing
that is trusted beyond the outputs it reports; the grader caps and checks them.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import sys
from typing import Any

MAX_TEXT = 2_000


def _error(name: str, text: str) -> dict[str, Any]:
    text = text[:MAX_TEXT]
    return {"output_type": "error", "ename": name, "evalue": text, "traceback": [f"{name}: {text}"]}


def run_setup(source: str, namespace: dict[str, Any], name: str) -> None:
    """Run an instructor cell quietly; its failure is not a verdict (the tests will say)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(Exception):
        exec(compile(source, f"<instructor cell {name}>", "exec"), namespace)


def judge(step: dict[str, Any], namespace: dict[str, Any]) -> list[dict[str, Any]]:
    """Run one test cell with `answer` bound to the learner's data; return its outputs."""
    if step.get("unanswerable"):
        return [_error("AnswerError", str(step["unanswerable"]))]
    try:
        answer = ast.literal_eval(step["answer"]) if step.get("answer") is not None else ...
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        return [_error("AnswerError", f"the answer could not be read ({type(exc).__name__})")]
    namespace["answer"] = answer
    printed = io.StringIO()
    outputs: list[dict[str, Any]] = []
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(step["source"], f"<test cell {step['name']}>", "exec"), namespace)
    except MemoryError:
        outputs.append(_error("MemoryError", "judging this answer ran out of memory"))
    except Exception as exc:  # a failing check is a verdict, not a crash
        outputs.append(_error(type(exc).__name__, str(exc)))
    if printed.getvalue():
        text = _once(printed.getvalue())[:MAX_TEXT]
        outputs.insert(0, {"output_type": "stream", "name": "stdout", "text": text})
    return outputs


def _once(text: str) -> str:
    """Each line once: a test cell's visible check and hidden test often print the same verdict."""
    return "".join(dict.fromkeys(text.splitlines(keepends=True)))


def serve(requests: Any, results: Any) -> None:
    """Answer requests until standard input closes."""
    for line in requests:
        request = json.loads(line)
        namespace: dict[str, Any] = {"__name__": "__grading__"}
        start = int(request.get("start", 0))
        for index, step in enumerate(request["steps"]):
            if step["kind"] == "setup":
                run_setup(step["source"], namespace, step["name"])
                if index >= start:
                    results.write(json.dumps({"step": index}) + "\n")
            elif index >= start:
                outputs = judge(step, namespace)
                results.write(json.dumps({"step": index, "outputs": outputs}) + "\n")
            sys.stdout = io.StringIO()  # whatever a cell left behind goes nowhere
        results.write(json.dumps({"done": True}) + "\n")
        results.flush()


def main() -> None:
    results = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = io.StringIO()
    for entry in os.environ.get("SGKIT_JUDGE_PRELOAD", "").split(","):
        module, _, function = entry.partition(":")
        if module:
            with contextlib.suppress(Exception):  # warming up only: the tests will say
                loaded = __import__(module, fromlist=["_"])
                if function:
                    getattr(loaded, function)()
    results.write(json.dumps({"ready": True}) + "\n")
    serve(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), results)


if __name__ == "__main__":
    main()
