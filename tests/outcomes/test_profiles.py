"""The outcomes report and dashboard read the customer profiles that variants and plans read:
each profile is one customer (contract date: its kick-off), customers.csv adds the customers
without one, and a row that disagrees with its profile is refused naming both files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.errors import ConfigError
from kit.outcomes.dashboard import SOURCES_ENV, DashboardSources, sources_from_env
from kit.outcomes.inputs import InputPaths, given_inputs, read_all_customers
from kit.outcomes.models import Customer
from kit.outcomes.run import outcomes_report
from kit.project import Project
from tests.conftest import sgkit

AS_OF = dt.date(2026, 11, 30)
HELIX: dict[str, Any] = {
    "name": "Helix Health",
    "slug": "helix-health",
    "stage": "onboarding",
    "code_hosts": ["github"],
    "repositories": ["github.com/helix-health/claims-api"],
    "deployment": "helm",
    "seats": 400,
    "kickoff_date": "2026-06-01",
    "production_setup_date": "2026-07-01",
    "audiences": ["developers"],
    "languages": ["python"],
}
VAULT = HELIX | {
    "name": "Vault Bank",
    "slug": "vault-bank",
    "deployment": "air-gapped",
    "seats": 80,
    "kickoff_date": "2026-08-03",
    "production_setup_date": None,
}
TRIAL = HELIX | {
    "name": "Maybe Corp",
    "slug": "maybe-corp",
    "stage": "trial",
    "production_setup_date": None,
}
EQUIVALENT_CSV = (
    "customer,name,seats,contract_date,production_setup_date,air_gapped\n"
    "helix-health,Helix Health,400,2026-06-01,2026-07-01,no\n"
    "vault-bank,Vault Bank,80,2026-08-03,,yes\n"
)
USAGE = (
    "customer,date,dau,mau,seats\n"
    "helix-health,2026-08-01,20,60,400\n"
    "helix-health,2026-10-01,40,130,400\n"
    "vault-bank,2026-10-01,5,12,80\n"
)


def profile(folder: Path, fields: dict[str, Any]) -> Path:
    """Write one customer profile as `sgkit plan` reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fields['slug']}.yaml"
    path.write_text(yaml.safe_dump({k: v for k, v in fields.items() if v is not None}))
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_profile_is_a_customer_contracted_at_its_kick_off(tmp_path: Path) -> None:
    folder = tmp_path / "customers"
    profile(folder, HELIX), profile(folder, VAULT)
    inputs = given_inputs(None, tmp_path / "usage.csv", profiles=[folder])
    assert inputs is not None
    assert read_all_customers(inputs) == [
        Customer(
            customer="helix-health",
            name="Helix Health",
            seats=400,
            contract_date=dt.date(2026, 6, 1),
            production_setup_date=dt.date(2026, 7, 1),
        ),
        Customer(
            customer="vault-bank",
            name="Vault Bank",
            seats=80,
            contract_date=dt.date(2026, 8, 3),
            air_gapped=True,  # from `deployment: air-gapped`
        ),
    ]


def test_an_air_gapped_flag_on_any_deployment_makes_the_customer_air_gapped(
    tmp_path: Path,
) -> None:
    path = profile(tmp_path, HELIX | {"air_gapped": True})
    inputs = InputPaths(None, tmp_path / "usage.csv", profiles=(path,))
    (customer,) = read_all_customers(inputs)
    assert customer.air_gapped


def test_a_trial_is_left_out_it_has_bought_no_seats_yet(tmp_path: Path) -> None:
    paths = (profile(tmp_path, HELIX), profile(tmp_path, TRIAL))
    inputs = InputPaths(None, tmp_path / "usage.csv", profiles=paths)
    assert [c.customer for c in read_all_customers(inputs)] == ["helix-health"]


def test_the_report_from_profiles_equals_the_report_from_the_equivalent_csv(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "customers"
    profile(folder, HELIX), profile(folder, VAULT)
    usage = write(tmp_path / "usage.csv", USAGE)
    from_profiles = given_inputs(None, usage, profiles=[folder])
    from_csv = given_inputs(write(tmp_path / "customers.csv", EQUIVALENT_CSV), usage)
    assert from_profiles is not None and from_csv is not None
    assert read_all_customers(from_profiles) == read_all_customers(from_csv)
    one = outcomes_report(tmp_path / "profiles", from_profiles, as_of=AS_OF)
    other = outcomes_report(tmp_path / "csv", from_csv, as_of=AS_OF)
    assert one.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")


def test_customers_without_a_profile_come_from_the_csv_and_a_row_may_add_the_contract_date(
    tmp_path: Path,
) -> None:
    paths = (profile(tmp_path, HELIX),)
    csv = write(
        tmp_path / "customers.csv",
        "customer,name,seats,contract_date\n"
        "acme,Acme,50,2026-02-01\n"
        "helix-health,Helix Health,400,2026-05-15\n",
    )
    customers = read_all_customers(InputPaths(csv, tmp_path / "usage.csv", profiles=paths))
    assert [(c.customer, c.contract_date, c.production_setup_date) for c in customers] == [
        ("helix-health", dt.date(2026, 5, 15), dt.date(2026, 7, 1)),  # the profile's set-up
        ("acme", dt.date(2026, 2, 1), None),
    ]


@pytest.mark.parametrize(
    ("row", "column", "theirs", "ours"),
    [
        ("Helix Health,450,2026-06-01,2026-07-01,no", "seats", "450", "400"),
        (
            "Helix Health,400,2026-06-01,2026-07-15,no",
            "production_setup_date",
            "2026-07-15",
            "2026-07-01",
        ),
        ("Helix Health,400,2026-06-01,,no", "production_setup_date", "none", "2026-07-01"),
        ("Helix Health,400,2026-06-01,2026-07-01,yes", "air_gapped", "yes", "no"),
        ("Helix Inc.,400,2026-06-01,2026-07-01,no", "name", "Helix Inc.", "Helix Health"),
    ],
)
def test_a_csv_row_that_disagrees_with_its_profile_is_refused_naming_both_and_the_field(
    tmp_path: Path, row: str, column: str, theirs: str, ours: str
) -> None:
    path = profile(tmp_path / "customers", HELIX)
    csv = write(
        tmp_path / "customers.csv",
        f"customer,name,seats,contract_date,production_setup_date,air_gapped\nhelix-health,{row}\n",
    )
    with pytest.raises(ConfigError) as caught:
        read_all_customers(InputPaths(csv, tmp_path / "usage.csv", profiles=(path,)))
    message = str(caught.value)
    assert message.startswith(f"{csv}: row 2, column {column}: helix-health has {theirs} here")
    assert f"in its profile {path};" in message and "\n" not in message
    assert f"but {ours} in its profile" in message


def test_a_folder_without_profiles_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match=r"empty: no customer profiles \(\*\.yaml\) here"):
        given_inputs(None, tmp_path / "usage.csv", profiles=[tmp_path / "empty"])


def test_profiles_or_customers_without_usage_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="give --usage, with --profiles or --customers"):
        given_inputs(None, None, profiles=[tmp_path])


def test_the_dashboard_hands_the_profiles_to_its_kernel(tmp_path: Path) -> None:
    paths = (profile(tmp_path, HELIX), profile(tmp_path, VAULT))
    sources = DashboardSources(
        courses_dir=tmp_path / "courses",
        sample_dir=tmp_path / "sample",
        inputs=InputPaths(None, tmp_path / "usage.csv", profiles=paths),
    )
    assert sources_from_env({SOURCES_ENV: sources.to_json()}) == sources


def test_sgkit_report_reads_the_checkouts_profiles_when_no_customers_csv_is_given(
    project: Project, tmp_path: Path
) -> None:
    usage = write(
        tmp_path / "usage.csv",
        "customer,date,dau,mau,seats\nhelix-health,2026-11-20,40,130,400\n",
    )
    done = sgkit(
        "report", "--out", str(tmp_path / "out"), "--usage", str(usage),
        "--as-of", "2026-11-30", "--project", str(project.root),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Helix Health" in page and "Tallgrass Logistics" in page
    assert "Meridian Federal" not in page  # a trial


def test_sgkit_report_refuses_a_conflict_in_one_line_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "customers"
    profile(folder, HELIX)
    csv = write(
        tmp_path / "customers.csv",
        "customer,name,seats,contract_date\nhelix-health,Helix Health,40,2026-06-01\n",
    )
    usage = write(tmp_path / "usage.csv", "customer,date,dau,mau,seats\n")
    done = sgkit(
        "report", "--out", str(tmp_path / "out"), "--profiles", str(folder),
        "--customers", str(csv), "--usage", str(usage), "--project", str(project.root),
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.strip() == (
        f"error: {csv}: row 2, column seats: helix-health has 40 here but 400 in its profile "
        f"{folder / 'helix-health.yaml'}; make them agree (or drop the row: the profile is "
        "enough)"
    )
    assert not (tmp_path / "out" / "index.html").exists()
