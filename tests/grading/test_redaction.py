"""Feedback shows learners their results, never the hidden tests that produced them."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output

from kit.grading.redaction import PLACEHOLDER, RedactHiddenTests, strip_hidden_region

TEST_SOURCE = """check_query(answer, "files:2:abc")
### BEGIN HIDDEN TESTS
grade_query(answer, "lang:python TODO")
### END HIDDEN TESTS"""


def test_hidden_region_is_replaced_by_one_placeholder() -> None:
    assert strip_hidden_region(TEST_SOURCE) == f'check_query(answer, "files:2:abc")\n{PLACEHOLDER}'


def test_test_cells_lose_hidden_tests_and_tracebacks_but_answers_stay() -> None:
    test_cell = new_code_cell(
        TEST_SOURCE, metadata={"nbgrader": {"grade": True, "solution": False}}
    )
    test_cell.outputs = [
        new_output(
            "error",
            ename="AssertionError",
            evalue="Not yet",
            traceback=['grade_query(answer, "lang:python TODO")', "AssertionError: Not yet"],
        )
    ]
    answer = 'answer = "lang:python TODO"'
    answer_cell = new_code_cell(answer, metadata={"nbgrader": {"grade": False, "solution": True}})
    nb = new_notebook(cells=[answer_cell, test_cell])

    redacted, _ = RedactHiddenTests().preprocess(nb, {})

    assert redacted.cells[0].source == answer  # the learner's own answer
    assert "grade_query" not in redacted.cells[1].source
    assert redacted.cells[1].outputs[0]["traceback"] == ["AssertionError: Not yet"]
