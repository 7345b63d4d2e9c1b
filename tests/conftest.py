"""Shared fixtures: the practice corpus (built once per run), the checkout, its catalog."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.courses import Catalog, load_catalog
from kit.practice import build_corpus
from kit.project import Project
from kit.search import PracticeBackend, open_corpus

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the practice corpus."""
    return build_corpus(tmp_path_factory.mktemp("corpus") / "practice")


@pytest.fixture(scope="session")
def practice(corpus_dir: Path) -> PracticeBackend:
    """The practice Sourcegraph over a fresh corpus build."""
    return open_corpus(corpus_dir)


@pytest.fixture(scope="session")
def key_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issuer signing key folder for this test run (never the user's own)."""
    return tmp_path_factory.mktemp("issuer-keys")


@pytest.fixture(scope="session")
def index_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this test run keeps search indexes (never the user's cache)."""
    return tmp_path_factory.mktemp("search-index")


@pytest.fixture(autouse=True)
def _practice_env(
    corpus_dir: Path, key_folder: Path, index_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test uses the fresh corpus build, no live Sourcegraph, a scratch signing key, a
    scratch search-index folder, the default records database and SQLite gradebooks."""
    monkeypatch.setenv("SGKIT_CORPUS", str(corpus_dir))
    monkeypatch.setenv("SGKIT_INDEX_DIR", str(index_folder))
    monkeypatch.setenv("SGKIT_KEY_DIR", str(key_folder))
    monkeypatch.delenv("SGKIT_RECORDS_URL", raising=False)
    monkeypatch.delenv("SGKIT_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("SRC_ENDPOINT", raising=False)
    monkeypatch.delenv("SRC_ACCESS_TOKEN", raising=False)


@pytest.fixture(scope="session")
def project() -> Project:
    """This checkout."""
    return Project(CHECKOUT)


@pytest.fixture(scope="session")
def catalog(project: Project) -> Catalog:
    """The checkout's course catalog."""
    return load_catalog(project.courses_dir)


@pytest.fixture
def project_copy(project: Project, tmp_path: Path) -> Project:
    """A scratch copy of the checkout's committed parts, for commands that write."""
    root = tmp_path / "checkout"
    for folder in ("courses", "notebooks", "release"):
        shutil.copytree(project.root / folder, root / folder)
    (root / "grading").mkdir()
    shutil.copy(project.root / "grading" / "nbgrader_config.py", root / "grading")
    return Project(root)


def sgkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `sgkit` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kit", *args], capture_output=True, text=True, cwd=cwd
    )


def collect_inbox(project: Project, inbox: Path, assignment: str = "search-basics") -> None:
    """`sgkit collect` of every learner folder in `inbox`, which must all be imported."""
    done = sgkit("collect", assignment, "--from", str(inbox), "--project", str(project.root))
    assert done.returncode == 0, done.stdout + done.stderr
