"""Customer variants: the kit's in-process parameter injection against a loop of the papermill CLI.

    .venv/bin/python benchmarks/variants_vs_papermill.py [--profiles N] [--workers W]

N synthetic customers (default 100, cycled from the three examples in courses/customers/, each
with its own name and slug) x every released learner notebook of the published courses. Both
sides produce, for each pair, the notebook with the customer's parameters injected and nothing
executed:

- papermill: one `papermill --prepare-only IN OUT -f params.yaml` process per notebook, W at a
  time (the same parameters file the kit's values give);
- the kit: `inject_parameters` over the same notebooks in one process per worker, W workers
  (`kit.variants.parameters`, papermill's own translator, each released notebook read once).

Then every pair is compared after dropping what only records papermill's run, not the notebook:
`metadata.papermill` other than `parameters` (input and output paths, version, empty
environment and default parameters), the empty `papermill: {}` and `tags: []` papermill adds to
every cell's metadata (it fills them with timings when it executes), and the injected cell's id
(random in papermill, fixed in the kit so builds are reproducible). Everything else, the injected
source included, must be equal. Prints both wall times and the ratio. The full variant build
(`build_variants`, customization included, no check) is timed too, for reference.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from kit.courses import load_catalog
from kit.customers import CustomerProfile, load_profiles
from kit.project import Project
from kit.variants.build import build_variants
from kit.variants.parameters import INJECTED_TAG

CHECKOUT = Path(__file__).resolve().parents[1]
PAPERMILL = Path(sys.executable).with_name("papermill")


def synthetic_profiles(count: int) -> list[CustomerProfile]:
    """`count` customers cycled from the examples, each with its own name and slug."""
    examples = load_profiles(sorted((CHECKOUT / "courses" / "customers").glob("*.yaml")))
    return [
        examples[i % len(examples)].model_copy(
            update={
                "name": f"{examples[i % len(examples)].name} {i:03d}",
                "slug": f"customer-{i:03d}",
            }
        )
        for i in range(count)
    ]


def released_notebooks(project: Project) -> list[Path]:
    """Every released learner notebook of the published courses."""
    catalog = load_catalog(project.courses_dir)
    return [
        project.release_dir / c.id / a.id / f"{nb}.ipynb"
        for c in catalog.published_courses
        for a in c.assignments
        for nb in a.notebooks
    ]


def _kit_chunk(jobs: list[tuple[CustomerProfile, str, str]]) -> int:
    from kit.notebook_io import read_notebook, write_notebook
    from kit.variants.parameters import inject_parameters, parameters_for

    cache: dict[str, Any] = {}
    for profile, source, target in jobs:
        nb = cache.get(source)
        if nb is None:
            nb = cache[source] = read_notebook(Path(source))
        write_notebook(
            inject_parameters(nb, parameters_for(nb, profile, source), source), Path(target)
        )
    return len(jobs)


def run_kit(jobs: list[tuple[CustomerProfile, str, str]], workers: int) -> float:
    start = time.perf_counter()
    chunks = [jobs[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        assert sum(pool.map(_kit_chunk, chunks)) == len(jobs)
    return time.perf_counter() - start


def _papermill_one(job: tuple[str, str, str]) -> None:
    source, target, params = job
    subprocess.run(
        [str(PAPERMILL), "--prepare-only", "--log-level", "ERROR", source, target, "-f", params],
        check=True,
        capture_output=True,
    )


def run_papermill(
    jobs: list[tuple[CustomerProfile, str, str]], folder: Path, workers: int
) -> float:
    from kit.notebook_io import read_notebook
    from kit.variants.parameters import parameters_for

    calls = []
    for index, (profile, source, target) in enumerate(jobs):
        params = folder / f"params-{index}.yaml"
        values = parameters_for(read_notebook(Path(source)), profile, source)
        params.write_text(yaml.safe_dump(values, sort_keys=False))
        calls.append((source, target, str(params)))
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_papermill_one, calls))
    return time.perf_counter() - start


def normalized(path: Path) -> Any:
    """The notebook without papermill's run records (see the module docstring)."""
    nb = json.loads(path.read_text())
    meta = nb["metadata"].get("papermill", {})
    nb["metadata"]["papermill"] = {"parameters": meta.get("parameters")}
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        if cell["metadata"].get("tags") == []:
            del cell["metadata"]["tags"]
        if INJECTED_TAG in cell["metadata"].get("tags", []):
            cell.pop("id", None)
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    project = Project(CHECKOUT)
    profiles = synthetic_profiles(args.profiles)
    notebooks = released_notebooks(project)
    with tempfile.TemporaryDirectory(prefix="sgkit-bench-variants-") as scratch:
        root = Path(scratch)
        kit_jobs, pm_jobs = [], []
        for profile in profiles:
            for nb in notebooks:
                relative = nb.relative_to(project.release_dir)
                kit_jobs.append((profile, str(nb), str(root / "kit" / profile.slug / relative)))
                pm_jobs.append(
                    (profile, str(nb), str(root / "papermill" / profile.slug / relative))
                )
        for job in pm_jobs:
            Path(job[2]).parent.mkdir(parents=True, exist_ok=True)
        print(
            f"{len(profiles)} customers x {len(notebooks)} notebooks = {len(kit_jobs)} variants, {args.workers} workers"
        )
        kit_seconds = run_kit(kit_jobs, args.workers)
        print(f"kit (in-process injection):      {kit_seconds:8.2f} s")
        pm_seconds = run_papermill(pm_jobs, root, args.workers)
        print(f"papermill --prepare-only (CLI):  {pm_seconds:8.2f} s")
        different = [
            k[2] for k, p in zip(kit_jobs, pm_jobs, strict=True)
            if normalized(Path(k[2])) != normalized(Path(p[2]))
        ]  # fmt: skip
        if different:
            print(f"DIFFERENT: {len(different)} notebooks, first {different[0]}")
            sys.exit(1)
        print(f"identical:                       {len(kit_jobs)} of {len(kit_jobs)} notebooks")
        print(f"ratio (papermill / kit):         {pm_seconds / kit_seconds:8.1f}x")
        start = time.perf_counter()
        build_variants(
            profiles,
            project,
            out=root / "full",
            workers=args.workers,
            check=False,
            live_checks=False,
        )
        full = time.perf_counter() - start
        print(f"full build_variants (customized, no check): {full:.2f} s")


if __name__ == "__main__":
    main()
