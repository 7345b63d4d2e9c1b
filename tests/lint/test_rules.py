"""Each template rule, broken once in an otherwise good course, is reported alone: its rule id,
the file, and the cell (or field) where it is broken."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kit.lint import RULES, lint_catalog
from tests.lint.course_tree import (
    ANSWER,
    CHECK,
    CourseTree,
    cell,
    course_yaml,
    instructor_notebook,
    make_course_tree,
)

Breakage = Callable[[CourseTree], None]


def _edit(change: Callable[[list[Any]], None]) -> Breakage:
    """A breakage that edits the instructor notebook's cells in place."""

    def apply(tree: CourseTree) -> None:
        nb = tree.read_notebook()
        change(nb.cells)
        tree.write_notebook(nb)

    return apply


def _at(cells: list[Any], grade_id: str) -> Any:
    return next(c for c in cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


def _remove(grade_id: str) -> Breakage:
    return _edit(lambda cells: cells.remove(_at(cells, grade_id)))


def _set_source(grade_id: str, source: str) -> Breakage:
    return _edit(lambda cells: setattr(_at(cells, grade_id), "source", source))


def _set_meta(target: str, **meta: Any) -> Breakage:
    return _edit(lambda cells: _at(cells, target).metadata["nbgrader"].update(meta))


def _yaml(**changes: Any) -> Breakage:
    def apply(tree: CourseTree) -> None:
        tree.write_course(course_yaml(**changes))

    return apply


def _no_title(tree: CourseTree) -> None:
    content = course_yaml()
    del content["title"]
    tree.write_course(content)


def _stray_notebook(tree: CourseTree) -> None:
    tree.write_notebook(instructor_notebook(), tree.notebook.with_name("scratch.ipynb"))


def _remove_exercise(tree: CourseTree) -> None:
    _remove("ex1-answer")(tree)
    _remove("ex1-check")(tree)


def _leaky_release(tree: CourseTree) -> None:
    nb = tree.read_notebook(tree.released_notebook)
    _at(nb.cells, "ex1-answer").source = ANSWER
    tree.write_notebook(nb, tree.released_notebook)


def _guide_edit(old: str, new: str, *, count: int = -1, swap: bool = False) -> Breakage:
    """Replace `old` with `new` in the trainer's guide (`swap`: exchange the two texts)."""

    def breakage(tree: CourseTree) -> None:
        text = tree.trainer_guide.read_text(encoding="utf-8")
        if swap:
            text = text.replace(old, "\0").replace(new, old).replace("\0", new)
        else:
            text = text.replace(old, new, count)
        tree.write_guide(text)

    return breakage


OPENING = instructor_notebook().cells[0].source

BROKEN = [
    # rule, file (a CourseTree property), cell grade id (None: the whole file), the breakage
    ("T101", "course_file", None, _no_title),
    ("T102", "course_file", None, _yaml(prerequisites=[])),
    ("T103", "notebook", None, lambda tree: tree.notebook.unlink()),
    ("T104", "notebook", None, _stray_notebook),
    ("T201", "notebook", "intro", _set_source("intro", OPENING.removeprefix("# "))),
    ("T202", "notebook", "intro", _set_source("intro", OPENING.replace("**Audience.**", ""))),
    (
        "T203",
        "notebook",
        "intro",
        _set_source("intro", OPENING.replace("30 minutes", "45 minutes")),
    ),
    (
        "T203",
        "notebook",
        "intro",
        _set_source("intro", OPENING.replace("30 minutes", "half an hour")),
    ),
    ("T204", "notebook", None, _remove("example-keyword")),
    ("T301", "notebook", None, _remove_exercise),
    ("T302", "notebook", "ex1-answer", _set_source("ex1-answer", "answer = 'TODO'")),
    ("T303", "notebook", "ex1-answer", _set_meta("ex1-answer", grade=True, points=1)),
    ("T304", "notebook", "ex1-answer", _remove("ex1-check")),
    ("T305", "notebook", "ex1-check", _set_source("ex1-check", CHECK.split("\n", 1)[1])),
    ("T306", "notebook", "ex1-check", _set_source("ex1-check", CHECK.split("\n")[0])),
    ("T307", "notebook", "ex1-check", _set_meta("ex1-check", points=0)),
    (
        "T307",
        "notebook",
        "ex1-check",
        _edit(lambda cells: _at(cells, "ex1-check").metadata["nbgrader"].pop("points")),
    ),
    ("T308", "notebook", "ex1-tests", _set_meta("ex1-check", grade_id="ex1-tests")),
    ("T308", "notebook", "first-answer", _set_meta("ex1-answer", grade_id="first-answer")),
    ("T308", "notebook", "Setup", _set_meta("setup", grade_id="Setup")),
    ("T309", "notebook", "recap", _set_meta("where-next", grade_id="recap")),
    ("T401", "notebook", None, _remove("recap")),
    ("T401", "notebook", "recap", _edit(lambda cells: cells.insert(3, cells.pop(6)))),
    (
        "T402",
        "notebook",
        "where-next",
        _set_source("where-next", "## Where next\n\nSourcegraph 102."),
    ),
    ("T402", "notebook", None, _remove("where-next")),
    ("T501", "released_notebook", None, lambda tree: tree.released_notebook.unlink()),
    ("T502", "released_notebook", "ex1-answer", _leaky_release),
    ("T601", "trainer_guide", None, lambda tree: tree.trainer_guide.unlink()),
    ("T601", "trainer_guide", None, _guide_edit("## Live demo script", "## Demo")),
    (
        "T601",
        "trainer_guide",
        None,
        _guide_edit("## Agenda", "## Talking points", count=1, swap=True),
    ),
    ("T602", "trainer_guide", None, _guide_edit("- [ ] Shadow", "- Shadow")),
]


def _lint(tree: CourseTree) -> list[Any]:
    return lint_catalog(tree.courses, tree.notebooks)


def test_the_demo_course_breaks_no_rule(tmp_path: Path) -> None:
    assert _lint(make_course_tree(tmp_path)) == []


@pytest.mark.parametrize(
    ("rule", "file", "grade_id", "breakage"),
    BROKEN,
    ids=[f"{rule}-{n}" for n, (rule, *_) in enumerate(BROKEN)],
)
def test_a_broken_rule_is_reported_alone_with_file_and_cell(
    tmp_path: Path, rule: str, file: str, grade_id: str | None, breakage: Breakage
) -> None:
    tree = make_course_tree(tmp_path)
    breakage(tree)

    [violation] = _lint(tree)

    assert violation.rule == rule, str(violation)
    expected_file = getattr(tree, file)
    if rule == "T104":
        expected_file = expected_file.with_name("scratch.ipynb")
    assert violation.file == expected_file
    assert violation.cell_id == grade_id
    if grade_id is not None:
        cells = tree.read_notebook(violation.file).cells
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in cells]
        assert violation.cell == len(ids) - 1 - ids[::-1].index(grade_id)  # the last such cell
    else:
        assert violation.cell is None


def test_every_rule_has_a_broken_example() -> None:
    assert {rule for rule, *_ in BROKEN} == set(RULES)


def test_a_violation_reads_as_file_cell_rule_and_what_to_do(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    _set_meta("ex1-check", points=0)(tree)

    [violation] = _lint(tree)

    assert str(violation) == (
        f"{tree.notebook} cell 5 (ex1-check): T307 points: give this graded cell 'points' greater than 0"
    )


def test_a_yaml_violation_names_the_field(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    _yaml(prerequisites=[])(tree)

    [violation] = _lint(tree)

    assert violation.where == f"{tree.course_file} field 'prerequisites'"


def test_a_broken_course_file_names_its_field(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    _no_title(tree)

    [violation] = _lint(tree)

    assert violation.message.startswith("field 'title': Field required")


def test_notebooks_of_a_course_may_reuse_grade_ids(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    second = tree.notebook.with_name("second.ipynb")
    tree.write_notebook(instructor_notebook(), second)
    assignment = course_yaml()["assignments"][0]
    tree.write_course(
        course_yaml(assignments=[{**assignment, "notebooks": ["first-steps", "second"]}])
    )
    tree.write_notebook(
        tree.read_notebook(tree.released_notebook), tree.released_notebook.with_name("second.ipynb")
    )

    assert _lint(tree) == []


def test_a_multi_notebook_assignment_is_not_held_to_the_yaml_minutes(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    second = instructor_notebook()
    for c in second.cells:
        c.metadata["nbgrader"]["grade_id"] = f"two-{c.metadata['nbgrader']['grade_id']}"
    second.cells[0].source = OPENING.replace("30 minutes", "20 minutes")
    _at(second.cells, "two-ex1-answer").metadata["nbgrader"]["grade_id"] = "ex2-answer"
    _at(second.cells, "two-ex1-check").metadata["nbgrader"]["grade_id"] = "ex2-check"
    _at(second.cells, "two-example-keyword").metadata["nbgrader"]["grade_id"] = "example-two"
    tree.write_notebook(second, tree.notebook.with_name("second.ipynb"))
    tree.write_notebook(
        tree.read_notebook(tree.released_notebook), tree.released_notebook.with_name("second.ipynb")
    )
    assignment = course_yaml()["assignments"][0]
    tree.write_course(
        course_yaml(assignments=[{**assignment, "notebooks": ["first-steps", "second"]}])
    )

    assert _lint(tree) == []


def test_a_planned_course_without_notebooks_passes(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    planned = course_yaml(id="later-course", status="planned")
    tree.write_course(planned, name="later-course")

    assert _lint(tree) == []


def test_a_planned_course_is_still_held_to_its_yaml(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    tree.write_course(course_yaml(id="later", status="planned", prerequisites=[]), name="later")

    [violation] = _lint(tree)

    assert (violation.rule, violation.file) == ("T102", tree.courses / "later.yaml")


def test_notebooks_outside_course_folders_are_not_linted(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    not_an_assignment = instructor_notebook()
    not_an_assignment.cells = not_an_assignment.cells[:2]
    tree.write_notebook(not_an_assignment, tree.notebooks / "worked-examples" / "tour.ipynb")
    tree.write_notebook(not_an_assignment, tree.notebooks / "assessors" / "demo.ipynb")

    assert _lint(tree) == []


def test_a_course_whose_id_differs_from_its_file_name_is_a_course_file_violation(
    tmp_path: Path,
) -> None:
    tree = make_course_tree(tmp_path)
    tree.write_course(course_yaml(id="other-name", status="planned"), name="misnamed")

    [violation] = _lint(tree)

    assert (violation.rule, violation.file) == ("T101", tree.courses / "misnamed.yaml")
    assert "must match the file name" in violation.message


def test_cell_indexes_count_every_cell_from_zero(tmp_path: Path) -> None:
    tree = make_course_tree(tmp_path)
    nb = tree.read_notebook()
    nb.cells.insert(1, cell("markdown", "aside", "A note for the learner."))
    tree.write_notebook(nb)
    _set_meta("ex1-check", points=-1)(tree)

    [violation] = _lint(tree)

    assert (violation.cell, violation.cell_id) == (6, "ex1-check")
