"""Rubric scores from the assessors' spreadsheet (CSV): every row checked, clear one-line errors
that name the file, row and column, and nothing recorded half."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.certify.rubric_input import read_rubric_csv
from kit.courses import Catalog, Rubric
from kit.errors import RecordsError
from kit.records import Records
from tests.conftest import sgkit

CORE = "discovery,value-story,code-search,code-navigation,batch-changes,insights-and-monitors,positioning,questions,pacing-and-next-steps"
HEADER = f"learner,date,role,assessor,{CORE},notes\n"
ALL_3 = ",".join(["3"] * 9)


@pytest.fixture(scope="module")
def rubric(catalog: Catalog) -> Rubric:
    return catalog.rubric("ce-demo")


@pytest.fixture
def records(tmp_path: Path) -> Records:
    with Records(f"sqlite:///{tmp_path / 'records.db'}") as store:
        yield store  # type: ignore[misc]


def flat(text: str) -> str:
    """Terminal output with rich's line wrapping undone."""
    return " ".join(text.split())


def write(tmp_path: Path, text: str, name: str = "demo.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


GOOD = (
    HEADER
    + f"nia,2026-10-05,shadow-ce,Tomas Reyes,{ALL_3},\nnia,2026-10-05,ce-manager,Priya Lund,{ALL_3},ok\n"
)


def test_rows_become_sessions_with_both_assessments(tmp_path: Path, rubric: Rubric) -> None:
    [session] = read_rubric_csv(write(tmp_path, GOOD), rubric)
    assert session.learner == "nia"
    assert [a.role for a in session.assessments] == ["shadow-ce", "ce-manager"]
    assert session.assessments[1].notes == "ok"
    assert session.assessments[0].scores["discovery"] == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "learner,date,role,assessor,charisma\nnia,2026-10-05,shadow-ce,T,3\n",
            "demo.csv: unknown competency column 'charisma' for rubric 'ce-demo'",
        ),
        (
            HEADER + f"nia,2026-10-05,shadow-ce,Tomas,4,{ALL_3[2:]},\n",
            "demo.csv row 2, column 'discovery': score 4 is out of range (1-3)",
        ),
        (
            HEADER + f"nia,2026-10-05,shadow-ce,Tomas,0,{ALL_3[2:]},\n",
            "demo.csv row 2, column 'discovery': score 0 is out of range (1-3)",
        ),
        (
            HEADER + f"nia,2026-10-05,shadow-ce,Tomas,great,{ALL_3[2:]},\n",
            "demo.csv row 2, column 'discovery': score 'great' is not a number (1-3)",
        ),
        (
            HEADER + f"nia,2026-10-05,,Tomas,{ALL_3},\n",
            "demo.csv row 2: missing assessor role (one of shadow-ce, ce-manager)",
        ),
        (
            HEADER + f"nia,2026-10-05,mentor,Tomas,{ALL_3},\n",
            "demo.csv row 2: unknown assessor role 'mentor' (one of shadow-ce, ce-manager)",
        ),
        (
            HEADER + f"nia,2026-10-05,shadow-ce,,{ALL_3},\n",
            "demo.csv row 2: missing assessor name for role 'shadow-ce'",
        ),
        (
            HEADER
            + f"nia,2026-10-05,shadow-ce,Tomas Reyes,{ALL_3},\n"
            + f"nia,2026-10-05,ce-manager,tomas  reyes,{ALL_3},\n",
            "demo.csv row 3: tomas  reyes cannot assess session 2026-10-05 of nia as both "
            "shadow-ce and ce-manager",
        ),
        (
            HEADER
            + f"nia,2026-10-05,shadow-ce,Tomas,{ALL_3},\n"
            + f"nia,2026-10-05,shadow-ce,Sam,{ALL_3},\n",
            "demo.csv row 3: session 2026-10-05 of nia has two shadow-ce assessments",
        ),
        (
            HEADER + f"nia,5 Oct,shadow-ce,Tomas,{ALL_3},\n",
            "demo.csv row 2: date '5 Oct' is not YYYY-MM-DD",
        ),
        (
            HEADER + f",2026-10-05,shadow-ce,Tomas,{ALL_3},\n",
            "demo.csv row 2: missing learner (column 'learner')",
        ),
        ("learner,date,assessor\n", "demo.csv: missing column 'role'"),
        (HEADER, "demo.csv: no rows to import"),
    ],
)
def test_bad_rows_are_refused_with_a_line_that_names_them(
    tmp_path: Path, rubric: Rubric, text: str, message: str
) -> None:
    with pytest.raises(RecordsError) as caught:
        read_rubric_csv(write(tmp_path, text), rubric)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(message)


def test_an_import_is_all_or_nothing(tmp_path: Path, rubric: Rubric, records: Records) -> None:
    bad = GOOD + f"omar,2026-10-06,ce-manager,Priya Lund,{ALL_3[:-1]}7,\n"
    with pytest.raises(RecordsError, match="row 4"):
        records.record_sessions(read_rubric_csv(write(tmp_path, bad), rubric))
    assert records.sessions() == []


def test_importing_the_grown_spreadsheet_again_adds_only_new_rows(
    tmp_path: Path, rubric: Rubric, records: Records
) -> None:
    first = records.record_sessions(read_rubric_csv(write(tmp_path, GOOD), rubric))
    grown = GOOD + f"omar,2026-10-12,shadow-ce,Tomas Reyes,{ALL_3},\n"
    second = records.record_sessions(read_rubric_csv(write(tmp_path, grown), rubric))
    assert (first.added, first.unchanged) == (2, 0)
    assert (second.added, second.unchanged) == (1, 2)
    assert len(records.sessions()) == 2


def test_a_conflicting_score_for_a_recorded_assessment_changes_nothing(
    tmp_path: Path, rubric: Rubric, records: Records
) -> None:
    records.record_sessions(read_rubric_csv(write(tmp_path, GOOD), rubric))
    changed = (
        GOOD.replace("ok\n", "ok\n").replace(f"Priya Lund,{ALL_3}", f"Priya Lund,2{ALL_3[1:]}")
        + f"omar,2026-10-12,shadow-ce,Tomas Reyes,{ALL_3},\n"
    )
    with pytest.raises(RecordsError, match="already has a ce-manager assessment by Priya Lund"):
        records.record_sessions(read_rubric_csv(write(tmp_path, changed), rubric))
    assert [s.learner for s in records.sessions()] == ["nia"]
    assert records.sessions()[0].assessments[0].scores["discovery"] == 3


def test_the_same_person_cannot_take_the_other_role_in_a_later_import(
    tmp_path: Path, rubric: Rubric, records: Records
) -> None:
    first = HEADER + f"nia,2026-10-05,shadow-ce,Tomas Reyes,{ALL_3},\n"
    records.record_sessions(read_rubric_csv(write(tmp_path, first), rubric))
    second = HEADER + f"nia,2026-10-05,ce-manager,Tomas Reyes,{ALL_3},\n"
    with pytest.raises(RecordsError, match="as both shadow-ce and ce-manager"):
        records.record_sessions(read_rubric_csv(write(tmp_path, second, "b.csv"), rubric))


def test_sgkit_rubric_import_and_status(project_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv_file = write(tmp_path, GOOD.replace("Priya Lund,3", "Priya Lund,2"))
    root = str(project_copy.root)
    done = sgkit("rubric", "import", "ce-demo", str(csv_file), "--project", root)
    assert done.returncode == 0, done.stderr
    assert "2 assessment(s) recorded, 0 already there, in 1 session(s)" in flat(done.stdout)
    status = sgkit("rubric", "status", "ce-demo", "--project", root)
    assert "ce-manager: discovery 2" in flat(status.stdout)

    bad = write(tmp_path, HEADER + f"nia,2026-10-05,shadow-ce,T,9,{ALL_3[2:]},\n", "bad.csv")
    refused = sgkit("rubric", "import", "ce-demo", str(bad), "--project", root)
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("error: bad.csv row 2, column 'discovery'")
    assert len(refused.stderr.strip().splitlines()) == 1
