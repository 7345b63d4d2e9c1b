"""`sgkit --help` and `sgkit verify CREDENTIAL` against a bare typer CLI's start-up, side by side.

Each is run N times, interleaved; prints the medians and the ratios to the baseline
(`python -c "import typer, rich.console"`). Target: each at most 2.5x the baseline.
The credential is a real one: a CE Demo Certification issued by a throwaway issuer key
(`SGKIT_KEY_DIR` in a temporary folder) to a learner with two assessors' scores of 3, so
`verify` runs to "valid" (exit 0, checked before timing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_TYPER_VERIFY = """
from pathlib import Path
from typing import Annotated
import typer
from rich.console import Console
app = typer.Typer()
@app.command()
def verify(
    credential: Annotated[Path, typer.Argument()],
    trust: Annotated[list[str] | None, typer.Option()] = None,
    status_list: Annotated[Path | None, typer.Option()] = None,
    records: Annotated[str | None, typer.Option()] = None,
    project: Annotated[Path | None, typer.Option()] = None,
) -> None:
    Console().print(f"read {len(credential.read_text())} characters")
app()
"""
"""The framework's floor: a bare typer command with `sgkit verify`'s parameters, doing nothing."""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one run of `command` takes (from the checkout, output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def issue_credential(folder: Path) -> Path:
    """A valid CE Demo Certification credential, signed by a new key in `folder/keys`."""
    from kit.certify.issue import Evidence, certify
    from kit.certify.keys import load_or_create_key
    from kit.courses import load_catalog
    from kit.project import Project
    from kit.records import Records
    from kit.records.assessments import Assessment, RubricSession

    project = Project.discover(ROOT)
    catalog = load_catalog(project.courses_dir)
    rubric = catalog.rubric("ce-demo")
    scores = {c.id: 3 for c in rubric.competencies}
    session = RubricSession(
        "ada",
        "ce-demo",
        date.today() - timedelta(days=1),
        tuple(Assessment(r.id, f"{r.id} assessor", scores) for r in rubric.assessor_roles),
    )
    key = load_or_create_key(folder / "keys")
    with Records(f"sqlite:///{folder / 'records.db'}") as records:
        run = certify(
            project, catalog, records, key, folder / "credentials",
            path_ids=["ce-demo-certified"], evidence=Evidence([], [session], {"ada": "Ada"}),
            now=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1),
        )  # fmt: skip
    return run.issued[0].token_file


def main() -> None:
    """Run the three commands N times each, interleaved, and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=15, help="Runs of each command.")
    runs = parser.parse_args().n
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SGKIT_KEY_DIR": str(Path(folder) / "keys")}
        env["SGKIT_VERIFIER_STATE"] = str(Path(folder) / "verifier-state.json")
        os.environ.update(env)
        credential = issue_credential(Path(folder))
        check = [sys.executable, "-m", "kit", "verify", str(credential)]
        if subprocess.run(check, cwd=ROOT, env=env, capture_output=True).returncode != 0:
            raise SystemExit(f"the benchmark's credential does not verify: {credential}")
        commands = {
            "import typer, rich.console": [sys.executable, "-c", "import typer, rich.console"],
            "bare typer verify command": [sys.executable, "-c", BARE_TYPER_VERIFY, str(credential)],
            "sgkit --help": [sys.executable, "-m", "kit", "--help"],
            "sgkit verify CREDENTIAL": [sys.executable, "-m", "kit", "verify", str(credential)],
        }
        for command in commands.values():  # warm the file cache and the bytecode
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["import typer, rich.console"]
    print(f"({runs} runs each; ratio: to the import baseline; vs bare cmd: to the typer floor)")
    floor = medians["bare typer verify command"]
    print(f"{'command':<28} {'median':>9} {'ratio':>7} {'vs bare cmd':>12}")
    for name, median in medians.items():
        print(
            f"{name:<28} {median * 1000:>7.0f} ms {median / baseline:>6.2f}x {median / floor:>11.2f}x"
        )


if __name__ == "__main__":
    main()
