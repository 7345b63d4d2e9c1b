"""SGKIT_GRADEBOOK_URL: a course's gradebook in a PostgreSQL database instead of a SQLite file.

Unset, nothing changes (`gradebook.db` in the course root). Set, every reader of the gradebook
(sgkit's steps, the trusted grader, nbgrader's own apps through grading/nbgrader_config.py) sees
the course's database, and autograding into it gives the same scores as into SQLite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from kit.demo.learners import load_demo_script, write_submissions
from kit.errors import ConfigError, GradingError
from kit.grading import CourseGrading
from kit.grading.gradebook_db import (
    GRADEBOOK_URL_ENV,
    gradebook_exists,
    prepare_gradebook,
    redacted,
)
from kit.grading.grades import assignment_scores
from kit.grading.layout import CourseLayout, course_layout
from kit.project import Project

COURSE = "sourcegraph-101"
ASSIGNMENT = "search-basics"
DEMO_TOTALS = {"ada": 12.0, "ben": 4.0, "cleo": 0.0, "dev": 10.0}


def formgrader_views(layout: CourseLayout) -> dict[str, list[tuple[object, ...]]]:
    """What the formgrader's pages read from the gradebook, without ids and timestamps."""
    from nbgrader.api import Gradebook

    def rows(dicts: list[dict[str, object]], *keys: str) -> list[tuple[object, ...]]:
        assert dicts and all(key in dicts[0] for key in keys), (keys, dicts[:1])
        return sorted(tuple(d[key] for key in keys) for d in dicts)

    with Gradebook(layout.db_url, layout.course_id) as gradebook:
        return {
            "submissions": rows(
                gradebook.submission_dicts(ASSIGNMENT), "student", "score", "max_score"
            ),
            "notebooks": rows(
                gradebook.notebook_submission_dicts(ASSIGNMENT, ASSIGNMENT),
                "student",
                "score",
                "max_score",
                "needs_manual_grade",
            ),
            "students": rows(gradebook.student_dicts(), "id", "score", "max_score"),
            "average": [(gradebook.average_assignment_score(ASSIGNMENT),)],
        }


def layout_in(project: Project, grading_dir: Path) -> CourseLayout:
    return course_layout(
        COURSE,
        notebooks_dir=project.notebooks_dir,
        release_dir=grading_dir.parent / "release",
        grading_dir=grading_dir,
    )


def test_unset_keeps_the_sqlite_file_in_the_course_root(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(GRADEBOOK_URL_ENV, raising=False)
    layout = layout_in(project, tmp_path / "grading")
    assert layout.db_url == f"sqlite:///{tmp_path / 'grading' / COURSE / 'gradebook.db'}"


def test_course_placeholder_names_one_database_per_course(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GRADEBOOK_URL_ENV, "postgresql+psycopg://grader:pw@db:5432/gb_{course}")
    layout = layout_in(project, tmp_path / "grading")
    assert layout.db_url == f"postgresql+psycopg://grader:pw@db:5432/gb_{COURSE}"


def test_a_url_shared_by_all_courses_is_refused(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GRADEBOOK_URL_ENV, "postgresql+psycopg://grader:pw@db/gradebook")
    with pytest.raises(ConfigError, match=r"SGKIT_GRADEBOOK_URL: must contain \{course\}"):
        layout_in(project, tmp_path / "grading")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://grader@db/gb_{course}", "unsupported database 'mysql'"),
        ("not a url {course}", "not an SQLAlchemy database URL"),
    ],
)
def test_other_databases_and_garbage_are_refused(
    url: str, problem: str, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GRADEBOOK_URL_ENV, url)
    with pytest.raises(ConfigError, match=problem):
        layout_in(project, tmp_path / "grading")


def test_messages_never_show_the_password() -> None:
    url = "postgresql+psycopg://grader:s3cret-pw@127.0.0.1:1/gradebook_x"
    assert "s3cret-pw" not in redacted(url)
    assert "grader:***@127.0.0.1" in redacted(url)
    with pytest.raises(GradingError) as raised:  # nothing listens on port 1
        prepare_gradebook(url)
    assert "s3cret-pw" not in str(raised.value)
    assert "gradebook_x" in str(raised.value)


def test_nbgraders_own_apps_see_the_same_gradebook(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GRADEBOOK_URL_ENV, "postgresql+psycopg://grader@db/gradebook_{course}")
    monkeypatch.setenv("SGKIT_COURSE", COURSE)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(project.grading_dir)).load_config()
    assert config.CourseDirectory.db_url == f"postgresql+psycopg://grader@db/gradebook_{COURSE}"


def test_a_missing_server_database_is_no_gradebook_yet(postgres_server_url: str) -> None:
    assert not gradebook_exists(f"{postgres_server_url}/never_created")


@pytest.mark.slow
def test_autograde_into_postgresql_scores_as_sqlite_does(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server_url: str
) -> None:
    totals: dict[str, dict[str, float]] = {}
    views: dict[str, object] = {}
    for backend, url in [("sqlite", None), ("postgresql", f"{postgres_server_url}/gb_{{course}}")]:
        if url is None:
            monkeypatch.delenv(GRADEBOOK_URL_ENV, raising=False)
        else:
            monkeypatch.setenv(GRADEBOOK_URL_ENV, url)
        layout = layout_in(project, tmp_path / backend / "grading")
        grading = CourseGrading(layout)
        assert not grading.has_gradebook() or backend == "sqlite"
        (released,) = grading.release(ASSIGNMENT)
        write_submissions(load_demo_script(), ASSIGNMENT, released, tmp_path / backend / "inbox")
        learners = grading.import_submissions(
            ASSIGNMENT, tmp_path / backend / "inbox", [ASSIGNMENT]
        )
        assert all(outcome.ok for outcome in grading.autograde(ASSIGNMENT, learners))
        grading.autograde(ASSIGNMENT, learners[:2])  # regraded: still one submission each
        assert grading.has_gradebook()
        assert grading.feedback(ASSIGNMENT)
        totals[backend] = {
            s.learner: s.score for s in assignment_scores(grading.scores([ASSIGNMENT]))
        }
        views[backend] = formgrader_views(layout)
    assert layout.db_url == f"{postgres_server_url}/gb_{COURSE}"
    assert not (tmp_path / "postgresql" / "grading" / COURSE / "gradebook.db").exists()
    assert totals["postgresql"] == totals["sqlite"] == DEMO_TOTALS
    assert views["postgresql"] == views["sqlite"]
