"""`sgkit roster import`: a class list's names reach the records and the gradebooks; a bad row
is one error naming file, line and column, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.grading import CourseGrading
from kit.grading.roster import Person, import_roster, read_roster
from kit.project import Project
from kit.records import Records

HEADER = "id,first_name,last_name,email,customer\n"


def _roster(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "learners.csv"
    path.write_text(HEADER + rows)
    return path


def test_a_class_list_is_read_with_its_customers(tmp_path: Path) -> None:
    path = _roster(tmp_path, "ada,Ada,Moreno,ada@example.com,helix-health\nben,Ben,Ito,ben@x.io,\n")
    assert read_roster(path) == [
        Person("ada", "Ada", "Moreno", "ada@example.com", "helix-health"),
        Person("ben", "Ben", "Ito", "ben@x.io", ""),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("ada,,Moreno,ada@example.com,\n", "line 2, column first_name: empty"),
        ("ada,Ada,Moreno,not-an-address,\n", "line 2, column email: not an e-mail address"),
        ("../ada,Ada,Moreno,ada@example.com,\n", "line 2, column id: '../ada' is not a learner id"),
        ("ada,Ada,M,a@x.io,\nada,Ada,M,a@x.io,\n", "line 3, column id: 'ada' listed twice"),
    ],
)
def test_a_bad_row_names_line_and_column(tmp_path: Path, rows: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        read_roster(_roster(tmp_path, rows))


def test_names_reach_the_records_and_the_gradebooks_that_exist(
    project: Project, tmp_path: Path
) -> None:
    grading = CourseGrading.for_project(
        project,
        "sourcegraph-101",
        grading_dir=tmp_path / "grading",
        release_dir=tmp_path / "release",
    )
    grading.release("search-basics")  # creates this course's gradebook
    people = read_roster(_roster(tmp_path, "ada,Ada,Moreno,ada@example.com,\n"))
    with Records(f"sqlite:///{tmp_path / 'records.db'}") as records:
        done = import_roster(people, [grading.layout], records)
        assert records.learner_names()["ada"] == "Ada Moreno"
    assert done.gradebooks == ("sourcegraph-101",)
    assert grading.learner_names()["ada"] == "Ada Moreno"
