"""Proving one customer's variants: the kit's proof on the grader's path against papermill merely
executing the same instructor notebooks once with the same parameters, side by side.

    .venv/bin/python benchmarks/variant_proof_vs_papermill.py [PROFILE] [--workers W]

PROFILE defaults to courses/customers/helix-health.yaml (Helm, so its playbook lab is included).
The notebook set is the customer's: every published course's notebooks it takes (`plan_tasks`).

- the kit: `build_variants([profile], check=True, workers=W)`: each variant written, its ids and
  points compared with the standard release, and its solution version and blank copy graded on
  the grader's path (answers as data, the instructor's tests in each worker's sandboxed judge);
- papermill: `papermill NOTEBOOK OUT -f params.yaml` on each *instructor* notebook of that set
  (solutions and hidden tests included), with the customer's parameters, W at a time: one kernel
  run per notebook, no grading at all. A notebook papermill fails on is counted and named.

Prints both wall times, notebooks per second, and the ratio (papermill / kit). Goal: the kit's
proof is at least 3x faster, and one customer's full set under a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from kit.customers import load_profile
from kit.notebook_io import read_notebook
from kit.project import Project
from kit.variants.build import build_variants, plan_tasks
from kit.variants.parameters import parameters_for

CHECKOUT = Path(__file__).resolve().parents[1]
PAPERMILL = Path(sys.executable).with_name("papermill")


def _papermill_one(job: tuple[Path, Path, Path]) -> str | None:
    """Execute one notebook; None when it ran to the end, else the last line of the error."""
    source, target, params = job
    run = subprocess.run(
        [
            *(str(PAPERMILL), "--log-level", "ERROR", "--cwd", str(target.parent)),
            *(str(source), str(target), "-f", str(params)),
        ],
        capture_output=True,
        text=True,
    )
    if run.returncode == 0:
        return None
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    return f"{source.relative_to(CHECKOUT)}: {lines[-1] if lines else run.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "profile", nargs="?", default=CHECKOUT / "courses/customers/helix-health.yaml", type=Path
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    project = Project(CHECKOUT)
    profile = load_profile(args.profile)
    with tempfile.TemporaryDirectory(prefix="sgkit-bench-proof-") as scratch:
        root = Path(scratch)
        tasks = plan_tasks([profile], project, {profile.slug: root / "planned"}, check=True)
        print(f"{profile.name}: {len(tasks)} notebooks, {args.workers} workers")

        start = time.perf_counter()
        (built,) = build_variants(
            [profile], project, out=root / "kit", workers=args.workers, check=True,
            live_checks=False,
        )  # fmt: skip
        kit_seconds = time.perf_counter() - start
        proved = sum(1 for n in built.notebooks if n.check is not None and n.check.ok)
        print(f"kit proof (grader's path):      {kit_seconds:7.1f} s  ({proved} proved)")

        jobs = []
        for index, task in enumerate(tasks):
            source = task.source_assignment / f"{task.notebook}.ipynb"
            params = root / f"params-{index}.yaml"
            values = parameters_for(read_notebook(source), profile, source)
            params.write_text(yaml.safe_dump(values, sort_keys=False))
            target = root / "papermill" / task.relative
            target.parent.mkdir(parents=True, exist_ok=True)
            jobs.append((source, target, params))
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            failures = [f for f in pool.map(_papermill_one, jobs) if f]
        pm_seconds = time.perf_counter() - start
        print(f"papermill execution (no grading): {pm_seconds:5.1f} s  ({len(failures)} failed)")
        for failure in failures:
            print(f"  papermill failed: {failure}")
        print(f"notebooks per second: kit {len(tasks) / kit_seconds:.2f}, "
              f"papermill {len(tasks) / pm_seconds:.2f}")  # fmt: skip
        print(f"ratio (papermill / kit):        {pm_seconds / kit_seconds:7.1f}x")


if __name__ == "__main__":
    main()
