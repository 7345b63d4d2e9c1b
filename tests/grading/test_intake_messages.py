"""Collect names every notebook it refuses and what it found instead; a mistyped learner or
assignment gets the closest match, at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.errors import ConfigError, GradingError
from kit.grading import course_layout
from kit.grading.intake import read_inbox
from kit.grading.run import autograde_assignment
from kit.project import Project


def test_every_bad_notebook_of_a_learner_is_named(tmp_path: Path) -> None:
    (tmp_path / "inbox" / "ada").mkdir(parents=True)
    (tmp_path / "inbox" / "ada" / "part-two.ipynb").write_text("{not json")
    inbox = read_inbox(tmp_path / "inbox", "lab", ["part-one", "part-two"])
    assert inbox.accepted == {}
    assert [(r.file.rsplit("/", 1)[-1], r.reason.split(" (")[0]) for r in inbox.refused] == [
        ("part-one.ipynb", "not found"),
        ("part-two.ipynb", "not a readable notebook: not JSON"),
    ]


def test_a_missing_notebook_says_what_the_folder_holds(tmp_path: Path) -> None:
    (tmp_path / "inbox" / "ada").mkdir(parents=True)
    (tmp_path / "inbox" / "ada" / "search-basic.ipynb").write_text("{}")
    (refusal,) = read_inbox(tmp_path / "inbox", "search-basics", ["search-basics"]).refused
    assert refusal.reason == (
        "not found (this folder holds search-basic.ipynb; rename search-basic.ipynb to "
        "search-basics.ipynb if it is this one)"
    )


def test_an_unknown_learner_fails_at_once_with_the_closest_submitted_one(
    project: Project, tmp_path: Path
) -> None:
    layout = course_layout(
        "sourcegraph-101",
        notebooks_dir=project.notebooks_dir,
        release_dir=project.release_dir,
        grading_dir=tmp_path,
    )
    for learner in ("zoe", "ada"):
        (layout.course_root / "submitted" / learner / "search-basics").mkdir(parents=True)
    with pytest.raises(GradingError, match=r"from 'zed' \(did you mean 'zoe'\?\)"):
        autograde_assignment(layout, "search-basics", ["zed"])
    with pytest.raises(GradingError, match=r"from 'bob'; submitted: ada, zoe"):
        autograde_assignment(layout, "search-basics", ["bob"])


def test_an_unknown_assignment_suggests_the_closest(catalog: Catalog) -> None:
    with pytest.raises(ConfigError, match=r"did you mean 'search-basics'\?"):
        catalog.find_assignment("search-basic")
