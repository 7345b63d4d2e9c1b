"""Answer cells that only assign a literal are read as data; anything else must be run (sandboxed)."""

from __future__ import annotations

import pytest

from kit.grading.answers import read_literal_answer


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ('answer = "lang:python TODO"', "lang:python TODO"),
        ("answer = r'file:\\.py$ TODO'", "file:\\.py$ TODO"),
        ('# my query\nanswer = "TODO"  # all files', "TODO"),
        ('answer = "first"\nanswer = "second"', "second"),
        ("answer = ...  # YOUR ANSWER HERE", ...),
        ('answer = """\nname: hello\n"""', "\nname: hello\n"),
        (
            'answer = {"on": [{"repositoriesMatchingQuery": "TODO"}]}',
            {"on": [{"repositoriesMatchingQuery": "TODO"}]},
        ),
        ("answer = [1, 2.5, None, True]", [1, 2.5, None, True]),
    ],
)
def test_literal_answers_are_read_without_running(source: str, value: object) -> None:
    answer = read_literal_answer(source)
    assert answer is not None and answer.value == value


@pytest.mark.parametrize(
    "source",
    [
        'answer = "lang:" + "python"',
        'answer = f"{1}"',
        'import os\nanswer = "TODO"',
        'answer = open("/etc/passwd").read()',
        'answer = "TODO"\nprint("hi")',
        'query = "TODO"',
        "",
        "answer = (",  # a syntax error is the sandbox's to report, as Python would
        'answer: str = "TODO"',
        'answer, other = "a", "b"',
    ],
)
def test_anything_else_needs_the_sandbox(source: str) -> None:
    assert read_literal_answer(source) is None
