"""Autograde throughput on Dask: 1, 2 and 4 worker processes against the local pool, same cohort.

    .venv/bin/python benchmarks/autograde_dask.py [--learners 24] [--gradebook sqlite|postgresql]
                                                  [--computed]

Builds N submissions of Sourcegraph 101 "Search basics" from the demo personas (right, partly
wrong, blank and nearly right answers), then grades them, each run into a fresh gradebook:
with the local pool (`sgkit autograde --workers 1` and `--workers 2`, the baseline) and on a
`distributed.LocalCluster` of 1, 2 and 4 worker processes of one thread each (`sgkit autograde
--scheduler`). A Dask run's time is the whole `autograde_on_dask` call (workers building their
grader included), not the cluster's start, which is reported beside it; the local pool's time
includes starting its processes. Every run must give every learner the same score.

The demo's answers are literals, which the grader reads as data without running anything.
`--computed` writes each answer as code instead (`answer = "..."` then `answer = answer`), so
every submission's answer cells run in the bubblewrap sandbox: the cost of computed answers.

From the one-worker Dask run's steady seconds per submission (first to last finish, so the
workers' one-off start is left out) it estimates what a 10,000-learner cohort
needs (worker-hours, and workers to grade it all within 1 hour and within 8 hours), for one
assignment and for the whole course (the demo's five assignments), assuming one worker per core
scales linearly (a gradebook on PostgreSQL, which takes concurrent writers).
Prints a table and writes build/benchmarks/autograde_dask.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kit.demo.learners import answered_notebook, load_demo_script
from kit.grading import CourseGrading
from kit.grading.gradebook_db import GRADEBOOK_URL_ENV
from kit.grading.grades import AutogradeOutcome, assignment_scores
from kit.grading.parallel import autograde_parallel
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project

COURSE, ASSIGNMENT = "sourcegraph-101", "search-basics"
DASK_WORKERS = (1, 2, 4)
LOCAL_POOL_WORKERS = (1, 2)
COHORT = 10_000
DEADLINES_HOURS = (1, 8)
OUT = Path("build/benchmarks/autograde_dask.json")


def make_cohort(project: Project, inbox: Path, count: int, *, computed: bool) -> list[str]:
    """`count` answered copies of the released notebook, cycling through the demo personas."""
    released = read_notebook(project.release_dir / COURSE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    personas = load_demo_script().learners
    names = []
    for i in range(count):
        persona = personas[i % len(personas)]
        name = f"{persona.id}-{i:04d}"
        answers = persona.answers_for(ASSIGNMENT)
        if computed:  # the same value, but no longer a literal: it runs in the sandbox
            answers = {cell: f"{source}\nanswer = answer" for cell, source in answers.items()}
        nb = answered_notebook(released, answers)
        write_notebook(nb, inbox / name / f"{ASSIGNMENT}.ipynb")
        names.append(name)
    return names


@contextlib.contextmanager
def gradebook_server(kind: str) -> Iterator[None]:
    """Point SGKIT_GRADEBOOK_URL at a throwaway PostgreSQL server, or leave SQLite."""
    if kind == "sqlite":
        os.environ.pop(GRADEBOOK_URL_ENV, None)
        yield
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.postgres_server import postgres_server

    with postgres_server() as url:
        os.environ[GRADEBOOK_URL_ENV] = url.rsplit("/", 1)[0] + "/bench_{course}"
        yield


def fresh_grading(project: Project, work: Path, run: str, inbox: Path) -> CourseGrading:
    """A course root of its own for one run, the cohort imported.

    On PostgreSQL the database is per course, so each run empties it first.
    """
    grading = CourseGrading.for_project(project, COURSE, grading_dir=work / run)
    if grading.layout.server_url:
        from sqlalchemy import MetaData, create_engine

        engine = create_engine(grading.layout.server_url)
        metadata = MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)
        engine.dispose()
        grading = CourseGrading.for_project(project, COURSE, grading_dir=work / run)
    grading.ensure_released(ASSIGNMENT)
    grading.import_submissions(ASSIGNMENT, inbox, [ASSIGNMENT])
    return grading


def verdicts(grading: CourseGrading, outcomes: list[AutogradeOutcome]) -> dict[str, Any]:
    scores = {s.learner: s.score for s in assignment_scores(grading.scores([ASSIGNMENT]))}
    return {o.learner: (o.ok, scores.get(o.learner)) for o in sorted(outcomes, key=str)}


class Finishes:
    """When each submission finished: the steady rate leaves out the workers' start."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __call__(self, outcome: AutogradeOutcome) -> None:
        self.times.append(time.perf_counter())

    def steady_seconds_per_submission(self) -> float:
        """Seconds between the first and the last finish, per submission after the first."""
        return (self.times[-1] - self.times[0]) / max(len(self.times) - 1, 1)


def grade_local(
    grading: CourseGrading, learners: list[str], workers: int, finishes: Finishes
) -> tuple[float, list[AutogradeOutcome]]:
    start = time.perf_counter()
    outcomes = autograde_parallel(
        grading.layout, ASSIGNMENT, learners, workers=workers, on_done=finishes
    )
    return time.perf_counter() - start, outcomes


def grade_dask(
    grading: CourseGrading, learners: list[str], workers: int, finishes: Finishes
) -> tuple[float, float, list[AutogradeOutcome]]:
    from distributed import Client, LocalCluster

    from kit.grading.dask_grading import autograde_on_dask

    started = time.perf_counter()
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster, set_as_default=False) as client,  # type: ignore[no-untyped-call]
    ):
        client.wait_for_workers(workers)
        startup = time.perf_counter() - started
        start = time.perf_counter()
        outcomes = autograde_on_dask(
            grading.layout, ASSIGNMENT, learners, scheduler=client, on_done=finishes
        )
        return time.perf_counter() - start, startup, outcomes


def estimate(seconds_per_submission: float, assignments: int) -> dict[str, Any]:
    """What grading COHORT learners needs at this cost per submission and worker: one
    assignment each, and every assignment of the course."""
    out: dict[str, Any] = {
        "learners": COHORT,
        "seconds_per_submission_per_worker": round(seconds_per_submission, 3),
    }
    for scope, submissions in (("one_assignment", COHORT), ("course", COHORT * assignments)):
        worker_seconds = submissions * seconds_per_submission
        out[scope] = {
            "submissions": submissions,
            "worker_hours": round(worker_seconds / 3600, 2),
            **{
                f"workers_for_{hours}h": math.ceil(worker_seconds / (hours * 3600))
                for hours in DEADLINES_HOURS
            },
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=24)
    parser.add_argument("--gradebook", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--computed", action="store_true", help="Answers run in the sandbox.")
    args = parser.parse_args()
    project = Project.discover(Path(__file__).parent)
    runs: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="sgkit-dask-bench-") as tmp,
        gradebook_server(args.gradebook),
    ):
        work = Path(tmp)
        learners = make_cohort(project, work / "inbox", args.learners, computed=args.computed)
        reference: dict[str, Any] | None = None
        plan = [("local pool", n) for n in LOCAL_POOL_WORKERS] + [("dask", n) for n in DASK_WORKERS]
        for kind, workers in plan:
            name = f"{kind} x{workers}"
            grading = fresh_grading(project, work, name.replace(" ", "-"), work / "inbox")
            startup = 0.0
            finishes = Finishes()
            if kind == "dask":
                elapsed, startup, outcomes = grade_dask(grading, learners, workers, finishes)
            else:
                elapsed, outcomes = grade_local(grading, learners, workers, finishes)
            steady = finishes.steady_seconds_per_submission()
            found = verdicts(grading, outcomes)
            reference = reference or found
            runs.append(
                {
                    "run": name,
                    "workers": workers,
                    "seconds": round(elapsed, 2),
                    "cluster_start_seconds": round(startup, 2),
                    "submissions_per_minute": round(len(learners) / elapsed * 60, 1),
                    "seconds_per_submission": round(elapsed / len(learners), 3),
                    "steady_submissions_per_minute": round(60 / steady, 1),
                    "steady_worker_seconds_per_submission": round(steady * workers, 3),
                    "failed": sum(not o.ok for o in outcomes),
                    "same_verdicts": found == reference,
                }
            )
            print(f"{name}: {elapsed:.1f}s", flush=True)
    one_worker = next(r for r in runs if r["run"] == "dask x1")
    result: dict[str, Any] = {
        "assignment": f"{COURSE}/{ASSIGNMENT}",
        "submissions": len(learners),
        "gradebook": args.gradebook,
        "answers": "computed (sandbox)" if args.computed else "literals (read as data)",
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "runs": runs,
        "all_verdicts_identical": all(r["same_verdicts"] for r in runs),
        "estimate": estimate(
            float(one_worker["steady_worker_seconds_per_submission"]),
            len(load_demo_script().assignments),
        ),
    }
    print_table(result)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    variant = f"{args.gradebook}-computed" if args.computed else args.gradebook
    out = OUT.with_name(f"{OUT.stem}-{variant}.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")
    if not result["all_verdicts_identical"] or any(r["failed"] for r in runs):
        raise SystemExit("verdicts differ between runs (or some failed): see the JSON")


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\n{result['submissions']} submissions of {result['assignment']}, "
        f"{result['gradebook']} gradebook, answers {result['answers']}, {result['cpus']} CPUs"
    )
    print(
        f"{'run':<14}{'seconds':>9}{'subs/min':>10}{'s/sub':>8}{'steady/min':>12}"
        f"{'worker-s/sub':>14}{'start s':>9}  same verdicts"
    )
    for run in result["runs"]:
        print(
            f"{run['run']:<14}{run['seconds']:>9}{run['submissions_per_minute']:>10}"
            f"{run['seconds_per_submission']:>8}{run['steady_submissions_per_minute']:>12}"
            f"{run['steady_worker_seconds_per_submission']:>14}{run['cluster_start_seconds']:>9}  "
            f"{'yes' if run['same_verdicts'] else 'NO'}"
        )
    print(
        "seconds: the whole call (the local pool starting its processes, Dask workers building "
        "their grader); steady: first to last finish, without that start"
    )
    est = result["estimate"]
    print(
        f"\n{est['learners']:,} learners at {est['seconds_per_submission_per_worker']} s per "
        "submission per worker (dask x1, steady):"
    )
    for scope, label in (("one_assignment", "one assignment"), ("course", "the whole course")):
        e = est[scope]
        print(
            f"  {label} ({e['submissions']:,} submissions): {e['worker_hours']} worker-hours; "
            f"{e['workers_for_1h']} workers to finish in 1 hour, {e['workers_for_8h']} in 8 hours"
        )
    if (result["cpus"] or 0) < max(DASK_WORKERS):
        print(
            f"(this machine has {result['cpus']} CPUs: more than {result['cpus']} workers "
            "share them, so 4 workers cannot be faster than 2 here)"
        )


if __name__ == "__main__":
    main()
