"""Autograde throughput: the kit's trusted pipeline against stock `nbgrader autograde`, same cohort.

    .venv/bin/python benchmarks/autograde_vs_nbgrader.py [--learners N] [--workers W] [--kit-only]

Builds N submissions of Sourcegraph 101 "Search basics" from the demo personas (cycling through
right, partly wrong, blank and nearly right answers), grades them once with nbgrader's stock
pipeline (one kernel per notebook, serial, as `nbgrader autograde` runs) and once with the kit's
(`sgkit autograde --workers W`), checks every learner gets the same score from both, and prints
both times, the throughput ratio and the kit's peak memory. `--kit-only` skips nbgrader (for the
memory figure on a large cohort, where stock nbgrader would take most of an hour).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from kit.demo.learners import answered_notebook, load_demo_script
from kit.grading import CourseGrading, course_layout, nbgrader_config
from kit.grading.grades import assignment_scores
from kit.grading.parallel import autograde_parallel
from kit.notebook_io import read_notebook, write_notebook
from kit.project import Project

COURSE, ASSIGNMENT = "sourcegraph-101", "search-basics"


def make_cohort(released: Path, inbox: Path, count: int) -> list[str]:
    personas = load_demo_script().learners
    nb = read_notebook(released)
    names = []
    for i in range(count):
        persona = personas[i % len(personas)]
        name = f"{persona.id}-{i:04d}"
        write_notebook(
            answered_notebook(nb, persona.answers_for("search-basics")),
            inbox / name / f"{ASSIGNMENT}.ipynb",
        )
        names.append(name)
    return names


def stock_nbgrader(project: Project, root: Path, learners: list[str]) -> float:
    """Grade with nbgrader's own autograde pipeline (Execute in a kernel), serially."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    layout = course_layout(COURSE, notebooks_dir=project.notebooks_dir,
                           release_dir=root / "release", grading_dir=root / "grading")  # fmt: skip
    config = nbgrader_config(layout)
    config.Autograde.pop("autograde_preprocessors")  # nbgrader's default: Execute in a kernel
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    start = time.perf_counter()
    for learner in learners:
        result = api.autograde(ASSIGNMENT, learner, force=True, create=True)
        if not result["success"]:
            raise SystemExit(f"nbgrader failed on {learner}: {result.get('error')}")
    return time.perf_counter() - start


def scores(grading: CourseGrading) -> dict[str, float]:
    return {s.learner: s.score for s in assignment_scores(grading.scores([ASSIGNMENT]))}


class TreeMemory:
    """The peak total resident memory of this process and all its children, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_side(side: str, work: Path, learners: list[str], workers: int) -> None:
    """Grade one side in this (fresh) process; print its time and peak memory as JSON."""
    project = Project.discover(Path(__file__).parent)
    grading = CourseGrading.for_project(project, COURSE, grading_dir=work / side / "grading",
                                        release_dir=work / side / "release")  # fmt: skip
    with TreeMemory() as memory:
        if side == "nbgrader":
            elapsed = stock_nbgrader(project, work / side, learners)
            failed = 0
        else:
            start = time.perf_counter()
            outcomes = autograde_parallel(grading.layout, ASSIGNMENT, learners, workers=workers)
            elapsed = time.perf_counter() - start
            failed = sum(not o.ok for o in outcomes)
    print(json.dumps({"seconds": elapsed, "failed": failed, "peak_mib": memory.peak / 2**20}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kit-only", action="store_true", help="Grade with the kit only.")
    parser.add_argument("--side", choices=["nbgrader", "kit"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        learners = sorted(p.name for p in (args.work / "inbox").iterdir())
        run_side(args.side, args.work, learners, args.workers)
        return
    project = Project.discover(Path(__file__).parent)
    work = Path(tempfile.mkdtemp(prefix="sgkit-bench-"))
    try:
        gradings = {}
        sides = ("kit",) if args.kit_only else ("nbgrader", "kit")
        for side in sides:
            grading = CourseGrading.for_project(project, COURSE, grading_dir=work / side / "grading",
                                                release_dir=work / side / "release")  # fmt: skip
            (released,) = grading.release(ASSIGNMENT)
            learners = make_cohort(released, work / "inbox", args.learners)
            grading.import_submissions(ASSIGNMENT, work / "inbox", [ASSIGNMENT])
            gradings[side] = grading
        print(
            f"{len(learners)} submissions, {args.workers} workers for the kit; each side in its own process"
        )
        result = {}
        for side in sides:
            done = subprocess.run(
                [sys.executable, __file__, "--side", side, "--work", str(work),
                 "--workers", str(args.workers)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            result[side] = json.loads(done.stdout.strip().splitlines()[-1])
            each = result[side]["seconds"] / len(learners) * 1000
            print(f"{side + ' autograde':<19}: {result[side]['seconds']:8.1f} s  ({each:6.0f} ms each, "
                  f"peak {result[side]['peak_mib']:.0f} MiB, all processes)")  # fmt: skip
        if result["kit"]["failed"]:
            raise SystemExit(f"{result['kit']['failed']} submissions failed on the kit's side")
        if args.kit_only:
            graded = scores(gradings["kit"])
            print(f"graded             : {len(graded)} of {len(learners)} submissions")
            return
        theirs_scores, our_scores = scores(gradings["nbgrader"]), scores(gradings["kit"])
        differ = {k for k in theirs_scores if theirs_scores[k] != our_scores.get(k)}
        print(f"identical scores   : {len(theirs_scores) - len(differ)} of {len(theirs_scores)}")
        print(
            f"throughput ratio   : {result['nbgrader']['seconds'] / result['kit']['seconds']:8.1f}x nbgrader"
        )
        if differ:
            raise SystemExit(f"scores differ for {sorted(differ)[:5]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
