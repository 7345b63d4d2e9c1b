"""`sgkit lab` serves the learner's own copies of the released notebooks and never loses their
work: new releases reach untouched copies, changed copies are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.lab import Workspace, lab_command, prepare_workspace
from tests.conftest import sgkit


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    release = tmp_path / "release"
    (release / "course" / "one").mkdir(parents=True)
    (release / "course" / "one" / "one.ipynb").write_text("release 1")
    (release / "course" / "two.ipynb").write_text("two")
    return Workspace(tmp_path / "workspace", release)


def test_the_first_run_copies_every_released_notebook(workspace: Workspace) -> None:
    report = prepare_workspace(workspace)
    assert report.copied == ["course/one/one.ipynb", "course/two.ipynb"]
    assert (workspace.folder / "course" / "one" / "one.ipynb").read_text() == "release 1"


def test_a_new_release_reaches_an_untouched_copy(workspace: Workspace) -> None:
    prepare_workspace(workspace)
    (workspace.release / "course" / "one" / "one.ipynb").write_text("release 2")
    report = prepare_workspace(workspace)
    assert report.updated == ["course/one/one.ipynb"] and report.kept == []
    assert (workspace.folder / "course" / "one" / "one.ipynb").read_text() == "release 2"


def test_the_learners_changes_are_never_overwritten(workspace: Workspace) -> None:
    prepare_workspace(workspace)
    mine = workspace.folder / "course" / "one" / "one.ipynb"
    mine.write_text("my answers")
    (workspace.release / "course" / "one" / "one.ipynb").write_text("release 2")
    for _ in range(2):  # and again: still kept, still reported
        report = prepare_workspace(workspace)
        assert report.kept == ["course/one/one.ipynb"] and report.updated == []
    assert mine.read_text() == "my answers"
    assert (workspace.release / "course" / "one" / "one.ipynb").read_text() == "release 2"


def test_nothing_released_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no released notebooks here"):
        prepare_workspace(Workspace(tmp_path / "ws", tmp_path / "missing"))


def test_as_root_jupyterlab_is_told_to_allow_it() -> None:
    assert lab_command(Path("/ws"), as_root=True)[-1] == "--allow-root"
    assert "--allow-root" not in lab_command(Path("/ws"), as_root=False)


def test_the_command_copies_into_the_given_workspace(tmp_path: Path) -> None:
    result = sgkit("lab", "--no-serve", "--workspace", str(tmp_path / "ws"))
    assert result.returncode == 0, result.stderr
    assert "notebook(s) copied" in result.stdout
    assert (tmp_path / "ws" / "sourcegraph-101" / "search-basics" / "search-basics.ipynb").exists()
