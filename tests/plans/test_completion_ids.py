"""`sgkit plan --completions/--learners` marks sessions done only with what it can place: every
customer needs a profile (given, or in the checkout) and every id must be a session of that
customer's plan or a course; anything else is refused, naming the file, the line and the closest
match, before any plan is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.customers import CustomerProfile, load_profile
from kit.errors import ConfigError
from kit.plans.completions import plan_completions
from kit.plans.tracker import Completion
from kit.project import Project
from tests.conftest import sgkit

GOOD = "helix-health,kickoff,2026-10-05\n"


@pytest.fixture
def helix(project: Project) -> CustomerProfile:
    return load_profile(project.courses_dir / "customers" / "helix-health.yaml")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_sessions_and_courses_of_customers_with_a_profile_are_tracked(
    project: Project, catalog: Catalog, helix: CustomerProfile, tmp_path: Path
) -> None:
    csv = write(
        tmp_path / "done.csv",
        "customer,course,date\n"
        + GOOD
        + "helix-health,sourcegraph-101,2026-10-15\n"
        + "tallgrass-logistics,admin,2026-12-10\n",  # profile in the checkout, not given
    )
    done = plan_completions(project, catalog, [helix], completions=csv)
    assert done.completions == [
        Completion("helix-health", "kickoff", date(2026, 10, 5)),
        Completion("helix-health", "sourcegraph-101", date(2026, 10, 15)),
        Completion("tallgrass-logistics", "admin", date(2026, 12, 10)),
    ]


def test_without_completions_or_learners_nothing_is_tracked(
    project: Project, catalog: Catalog, helix: CustomerProfile
) -> None:
    assert plan_completions(project, catalog, [helix]).completions is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "helix-heath,sourcegraph-101,2026-10-15",
            "line 3: unknown customer 'helix-heath' (did you mean 'helix-health'?)",
        ),
        (
            "helix-health,kickof,2026-10-15",
            "line 3: unknown session or course 'kickof' for helix-health (did you mean 'kickoff'?)",
        ),
        (
            "helix-health,sourcegraph-1O1,2026-10-15",
            "line 3: unknown session or course 'sourcegraph-1O1' for helix-health "
            "(did you mean 'sourcegraph-101'?)",
        ),
        (
            "helix-health,use-case-code-secruity,2026-10-15",
            "line 3: unknown session or course 'use-case-code-secruity' for helix-health "
            "(did you mean 'use-case-code-security'?)",
        ),
        (
            "zz-top,kickoff,2026-10-15",
            "line 3: unknown customer 'zz-top'; customers with a profile: helix-health, ",
        ),
    ],
)
def test_an_unknown_customer_or_id_is_refused_with_file_line_and_closest_match(
    project: Project,
    catalog: Catalog,
    helix: CustomerProfile,
    tmp_path: Path,
    row: str,
    message: str,
) -> None:
    csv = write(tmp_path / "done.csv", "customer,course,date\n" + GOOD + row + "\n")
    with pytest.raises(ConfigError) as caught:
        plan_completions(project, catalog, [helix], completions=csv)
    assert str(caught.value).startswith(f"{csv}: {message}")


def test_a_roster_naming_an_unknown_customer_is_refused_before_any_gradebook_is_read(
    project: Project, catalog: Catalog, helix: CustomerProfile, tmp_path: Path
) -> None:
    roster = write(
        tmp_path / "learners.csv",
        "learner,customer\nada,helix-health\nben,helix-health\ncleo,tallgras-logistics\n",
    )
    with pytest.raises(ConfigError) as caught:
        plan_completions(
            project, catalog, [helix], learners=roster, grading_dir=tmp_path / "no-grading"
        )
    assert str(caught.value) == (
        f"{roster}: line 4: unknown customer 'tallgras-logistics' "
        "(did you mean 'tallgrass-logistics'?)"
    )


def test_sgkit_plan_refuses_a_typo_in_one_line_and_writes_no_plan(
    project: Project, tmp_path: Path
) -> None:
    csv = write(
        tmp_path / "done.csv", "customer,course,date\n" + GOOD + "helix-health,admn,2026-10-20\n"
    )
    out = tmp_path / "plans"
    done = sgkit(
        "plan", str(project.courses_dir / "customers" / "helix-health.yaml"),
        "--completions", str(csv), "--out", str(out), "--project", str(project.root),
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {csv}: line 3: unknown session or course 'admn' for helix-health "
        "(did you mean 'admin'?)\n"
    )
    assert not out.exists()
