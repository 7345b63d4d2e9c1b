"""End to end on the demo cohort (real nbgrader gradebook, real signed credentials): the LRS
receives each certified learner's completion and credential, validated by the stand-in; a
revocation afterwards reaches it as the one new, voiding statement."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kit.cli import app as sgkit
from kit.demo.run import run_demo
from kit.project import Project
from kit.records import Records
from tests.conftest import CHECKOUT
from tests.lms.lrs_standin import StandinLrs

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Demo:
    project: Project
    out: Path

    @property
    def records_url(self) -> str:
        return f"sqlite:///{self.out / 'records.db'}"

    def lms_xapi(self, *args: str) -> Result:
        app = sgkit
        common = ["--project", str(self.project.root), "--grading", str(self.out / "grading")]
        return CliRunner().invoke(
            app, ["lms", "xapi", *args, *common, "--records", self.records_url]
        )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, key_folder: Path) -> Iterator[Demo]:
    """The demo run once in a scratch checkout (with this run's scratch signing key)."""
    root = tmp_path_factory.mktemp("lms-demo") / "checkout"
    for folder in ("courses", "notebooks", "release"):
        shutil.copytree(CHECKOUT / folder, root / folder)
    (root / "grading").mkdir()
    shutil.copy(CHECKOUT / "grading" / "nbgrader_config.py", root / "grading")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SGKIT_KEY_DIR", str(key_folder))
        project = Project(root)
        run_demo(project, root.parent / "demo")
    yield Demo(project, root.parent / "demo")


def test_the_demo_cohort_reaches_the_lrs_once_and_a_revocation_voids_its_statement(
    demo: Demo, lrs: StandinLrs, lrs_env: None
) -> None:
    first = demo.lms_xapi("--lrs", lrs.endpoint)
    assert first.exit_code == 0, first.output
    assert all(r.status == 200 for r in lrs.received)  # every statement passed the checks
    stored = list(lrs.statements.values())
    facts = sorted(
        (
            s["actor"]["account"]["name"],
            s["verb"]["display"]["en-US"],
            s["object"]["id"].rsplit("/", 1)[-1],
        )
        for s in stored
    )
    with Records(demo.records_url) as records:
        credentials = records.credentials()
    assert facts == sorted(
        [
            (learner, verb, "sourcegraph-101")
            for learner in ("ada", "dev")
            for verb in ("completed", "passed")
        ]
        + [(c.learner, "earned", c.certification) for c in credentials]
    )  # ben passed one assignment and cleo none: no completion; everyone certified earned
    scaled = {
        s["actor"]["account"]["name"]: s["result"]["score"]["scaled"]
        for s in stored
        if s["verb"]["display"]["en-US"] == "passed"
    }
    assert scaled == {"ada": 1.0, "dev": round(60 / 78, 4)}  # the demo's gradebook points

    again = demo.lms_xapi("--lrs", lrs.endpoint)
    assert "0 statement(s) sent" in again.output

    revoked = credentials[0]
    with Records(demo.records_url) as records:
        records.revoke(revoked.id, "demo revocation")
    requests = len(lrs.received)
    third = demo.lms_xapi("--lrs", lrs.endpoint)
    assert third.exit_code == 0, third.output
    assert f"1 statement(s) sent to {lrs.endpoint}" in third.output
    assert len(lrs.received) == requests + 1
    earned = next(
        s["id"]
        for s in stored
        if s["context"]
        .get("extensions", {})
        .get("https://training.example.com/xapi/extensions/credential-id")
        == revoked.id
    )
    assert lrs.voided() == {earned}
