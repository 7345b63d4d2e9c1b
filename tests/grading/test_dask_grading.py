"""Autograding on Dask: the verdicts of the local pool, its crash safety, and clear refusals.

Each test runs a real `distributed.LocalCluster` of two worker processes (one thread each),
started after the test's environment is set so the workers see the practice corpus.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from kit.demo.learners import answered_notebook, load_demo_script
from kit.errors import GradingError
from kit.grading import CourseGrading, dask_grading
from kit.grading.dask_grading import autograde_on_dask, check_workers
from kit.grading.gradebook_db import GRADEBOOK_URL_ENV
from kit.grading.grades import AutogradeOutcome, assignment_scores
from kit.grading.layout import CourseLayout, course_layout
from kit.grading.parallel import autograde_parallel
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project
from tests.conftest import sgkit

pytestmark = pytest.mark.slow
COURSE = "sourcegraph-101"
ASSIGNMENT = "search-basics"
DEMO_TOTALS = {"ada": 12.0, "ben": 4.0, "cleo": 0.0, "dev": 10.0}


def local_cluster() -> LocalCluster:
    return LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)


@pytest.fixture
def cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalCluster]:
    """Two worker processes of one thread each, the way the docs run them."""
    monkeypatch.delenv(GRADEBOOK_URL_ENV, raising=False)
    with local_cluster() as running:
        yield running


def cohort(project: Project, grading_dir: Path, inbox: Path, size: int) -> CourseGrading:
    """`size` submissions of the demo personas (right and wrong answers), imported."""
    grading = CourseGrading.for_project(project, COURSE, grading_dir=grading_dir)
    grading.ensure_released(ASSIGNMENT)
    released = read_notebook(project.release_dir / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    personas = load_demo_script().learners
    for i in range(size):
        persona = personas[i % len(personas)]
        nb = answered_notebook(released, persona.answers_for(ASSIGNMENT))
        write_notebook(nb, inbox / f"{persona.id}-{i:02d}" / f"{ASSIGNMENT}.ipynb")
    grading.import_submissions(ASSIGNMENT, inbox, [ASSIGNMENT])
    return grading


def totals(grading: CourseGrading) -> dict[str, float]:
    return {s.learner: s.score for s in assignment_scores(grading.scores([ASSIGNMENT]))}


def submissions_per_learner(layout: CourseLayout) -> dict[str, int]:
    from nbgrader.api import Gradebook

    with Gradebook(layout.db_url, layout.course_id) as gradebook:
        assignment = gradebook.find_assignment(ASSIGNMENT)
        counts: dict[str, int] = {}
        for submission in assignment.submissions:
            counts[submission.student.id] = counts.get(submission.student.id, 0) + 1
    return counts


def test_dask_gives_the_verdicts_of_one_local_worker(
    project_copy: Project, tmp_path: Path, cluster: LocalCluster
) -> None:
    local = cohort(project_copy, tmp_path / "local", tmp_path / "inbox", 8)
    on_dask = cohort(project_copy, tmp_path / "dask", tmp_path / "inbox", 8)
    learners = local.submitted_learners(ASSIGNMENT)

    baseline = autograde_parallel(local.layout, ASSIGNMENT, learners, workers=1)
    seen: list[AutogradeOutcome] = []
    outcomes = autograde_on_dask(
        on_dask.layout, ASSIGNMENT, learners, scheduler=cluster.scheduler_address,
        on_done=seen.append,
    )  # fmt: skip

    assert sorted(outcomes, key=lambda o: o.learner) == sorted(baseline, key=lambda o: o.learner)
    assert seen == outcomes and all(o.ok for o in outcomes)
    assert totals(on_dask) == totals(local)
    assert totals(on_dask) == {name: DEMO_TOTALS[name.split("-")[0]] for name in learners}


def test_a_killed_worker_fails_its_learners_and_a_rerun_grades_everyone_once(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(GRADEBOOK_URL_ENV, raising=False)
    grading = cohort(project_copy, tmp_path / "grading", tmp_path / "inbox", 10)
    learners = grading.submitted_learners(ASSIGNMENT)
    # No retries: a task running on the killed worker fails for good (KilledWorker).
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        local_cluster() as c,
        Client(c, set_as_default=False) as client,
    ):
        pids = sorted(client.run(os.getpid).values())

        def kill_a_worker_once(outcome: AutogradeOutcome) -> None:
            if len(pids) == 2:
                os.kill(pids.pop(), signal.SIGKILL)

        first = autograde_on_dask(
            grading.layout, ASSIGNMENT, learners, scheduler=client,
            on_done=kill_a_worker_once,
        )  # fmt: skip
        assert sorted(o.learner for o in first) == learners  # every learner reported
        failed = [o for o in first if not o.ok]
        assert failed, "the killed worker was grading someone"
        assert all(o.message.startswith("KilledWorker") for o in failed)

        again = autograde_on_dask(grading.layout, ASSIGNMENT, learners, scheduler=client)
    assert all(o.ok for o in again)
    assert submissions_per_learner(grading.layout) == dict.fromkeys(learners, 1)
    assert totals(grading) == {name: DEMO_TOTALS[name.split("-")[0]] for name in learners}


def test_workers_that_do_not_see_the_course_folder_are_refused(
    project_copy: Project, tmp_path: Path, cluster: LocalCluster
) -> None:
    layout = course_layout(
        COURSE, notebooks_dir=project_copy.notebooks_dir,
        release_dir=project_copy.release_dir, grading_dir=tmp_path / "not-there",
    )  # fmt: skip
    with (
        Client(cluster, set_as_default=False) as client,
        pytest.raises(GradingError, match="does not see the course folder"),
    ):
        check_workers(client, layout)


def test_a_sqlite_gradebook_is_refused_when_workers_run_on_other_hosts(
    project_copy: Project, tmp_path: Path, cluster: LocalCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    grading = CourseGrading.for_project(project_copy, COURSE, grading_dir=tmp_path)
    # This process pretends to be another host than the workers.
    monkeypatch.setattr(dask_grading.socket, "gethostname", lambda: "grader-laptop")
    with Client(cluster, set_as_default=False) as client:
        with pytest.raises(GradingError, match="cannot share a SQLite gradebook"):
            check_workers(client, grading.layout)
        on_server = CourseLayout(
            **{**grading.layout.__dict__, "server_url": "postgresql+psycopg://u:pw@db/gb"}
        )
        assert check_workers(client, on_server) == 2


def test_an_unreachable_scheduler_is_a_grading_error(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(GRADEBOOK_URL_ENV, raising=False)
    monkeypatch.setattr(dask_grading, "CONNECT_TIMEOUT", "1s")
    grading = CourseGrading.for_project(project_copy, COURSE, grading_dir=tmp_path)
    with pytest.raises(GradingError, match=r"tcp://127.0.0.1:9: cannot reach the Dask scheduler"):
        autograde_on_dask(grading.layout, ASSIGNMENT, ["ada"], scheduler="tcp://127.0.0.1:9")


def test_sgkit_autograde_on_a_scheduler(
    project_copy: Project, tmp_path: Path, cluster: LocalCluster
) -> None:
    grading = cohort(project_copy, project_copy.grading_dir, tmp_path / "inbox", 4)
    root = str(project_copy.root)
    run = sgkit(
        "autograde", ASSIGNMENT, "--scheduler", cluster.scheduler_address, "--project", root
    )
    assert run.returncode == 0, run.stderr
    assert "4 graded, 0 not graded" in run.stdout
    assert totals(grading) == {f"{p}-{i:02d}": DEMO_TOTALS[p] for i, p in enumerate(DEMO_TOTALS)}


def test_dask_workers_grade_into_a_postgresql_gradebook(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server_url: str
) -> None:
    monkeypatch.setenv(GRADEBOOK_URL_ENV, f"{postgres_server_url}/dask_{{course}}")
    grading = cohort(project_copy, tmp_path / "grading", tmp_path / "inbox", 6)
    learners = grading.submitted_learners(ASSIGNMENT)
    with local_cluster() as c:
        outcomes = autograde_on_dask(
            grading.layout, ASSIGNMENT, learners, scheduler=c.scheduler_address
        )
        again = autograde_on_dask(
            grading.layout, ASSIGNMENT, learners, scheduler=c.scheduler_address
        )
    assert all(o.ok for o in outcomes + again)
    assert grading.layout.db_url == f"{postgres_server_url}/dask_{COURSE}"
    assert not (grading.layout.course_root / "gradebook.db").exists()
    assert submissions_per_learner(grading.layout) == dict.fromkeys(learners, 1)
    assert totals(grading) == {name: DEMO_TOTALS[name.split("-")[0]] for name in learners}
