"""The outcome CSVs are checked at the boundary: one line per bad row, naming file, row, column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.outcomes.inputs import (
    read_ce_roster,
    read_customers,
    read_feedback,
    read_training_completions,
    read_usage,
)
from kit.outcomes.models import Customer

CUSTOMERS = [
    Customer(customer="acme", name="Acme", seats=200, contract_date=date(2026, 1, 5)),
    Customer(customer="zenith", name="Zenith", seats=50, contract_date=date(2026, 2, 1)),
]
USAGE_HEADER = "customer,date,dau,mau,seats\n"
GOOD_USAGE = "acme,2026-03-01,30,80,200\nzenith,2026-03-01,5,10,50\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_usage_rows_become_typed_records(tmp_path: Path) -> None:
    rows = read_usage(write(tmp_path, "usage.csv", USAGE_HEADER + GOOD_USAGE), CUSTOMERS)
    assert [(r.customer, r.date, r.dau, r.mau, r.seats) for r in rows] == [
        ("acme", date(2026, 3, 1), 30, 80, 200),
        ("zenith", date(2026, 3, 1), 5, 10, 50),
    ]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("acme,2026-03-02,-3,80,200", "row 4, column dau: -3 is negative"),
        ("acme,2026-03-02,120,80,200", "row 4, column dau: dau 120 > mau 80"),
        (
            "acme-typo,2026-03-02,1,2,200",
            "row 4, column customer: unknown customer \"acme-typo\" (did you mean 'acme'?)",
        ),
        (
            "nobody,2026-03-02,1,2,200",
            'row 4, column customer: unknown customer "nobody"; known: acme',
        ),
        ("acme,2026-13-01,1,2,200", 'row 4, column date: bad date "2026-13-01"'),
        ("acme,2026-03-02,1,2,0", "row 4, column seats: 0 seats"),
        ("acme,2026-03-02,1,many,200", 'row 4, column mau: "many" is not a whole number'),
        ("acme,2026-03-02,,2,200", "row 4, column dau: missing; fill it in"),
        ("acme,2026-03-01,1,2,200", "row 4: customer and date acme 2026-03-01 repeats row 2"),
    ],
)
def test_a_bad_usage_row_is_one_line_naming_file_row_and_column(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    path = write(tmp_path, "usage.csv", USAGE_HEADER + GOOD_USAGE + bad_row + "\n")
    with pytest.raises(ConfigError) as caught:
        read_usage(path, CUSTOMERS)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_a_missing_column_is_named_with_the_columns_needed(tmp_path: Path) -> None:
    path = write(tmp_path, "usage.csv", "customer,date,dau,mau\nacme,2026-03-01,1,2\n")
    with pytest.raises(ConfigError, match='missing column "seats" \\(need customer, date'):
        read_usage(path, CUSTOMERS)


def test_an_empty_or_absent_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="empty file"):
        read_usage(write(tmp_path, "usage.csv", ""), CUSTOMERS)
    with pytest.raises(ConfigError, match="file not found"):
        read_usage(tmp_path / "absent.csv", CUSTOMERS)


def test_customers_without_production_set_up_and_air_gapped_flags(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "customers.csv",
        "customer,name,seats,contract_date,production_setup_date,air_gapped\n"
        "acme,Acme,200,2026-01-05,2026-02-01,no\n"
        "vault,Vault Inc,80,2026-01-05,,yes\n",
    )
    acme, vault = read_customers(path)
    assert acme.production_setup_date == date(2026, 2, 1)
    assert not acme.air_gapped
    assert vault.production_setup_date is None
    assert vault.air_gapped


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "acme,Acme,200,2026-01-05,2026-02-01,maybe",
            'column air_gapped: "maybe" is not yes or no',
        ),
        ("Acme Corp,Acme,200,2026-01-05,,", 'column customer: "Acme Corp" is not a lower-case id'),
        ("acme,Acme,200,05/01/2026,,", 'column contract_date: bad date "05/01/2026"'),
    ],
)
def test_bad_customer_rows(tmp_path: Path, bad_row: str, message: str) -> None:
    header = "customer,name,seats,contract_date,production_setup_date,air_gapped\n"
    path = write(tmp_path, "customers.csv", header + bad_row + "\n")
    with pytest.raises(ConfigError, match=f"row 2, {message}"):
        read_customers(path)


FEEDBACK_HEADER = "date,customer,kind,session,trainer,rating,comment,collateral\n"


def test_feedback_rows_keep_free_text_and_collateral_requests(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feedback.csv",
        FEEDBACK_HEADER + '2026-03-04,acme,Training,sourcegraph-101,Robin,9,"Clear, useful",'
        "cheat sheet\n2026-03-10,zenith,webinar,What's new,Sam,6,,\n",
    )
    first, second = read_feedback(path, CUSTOMERS)
    assert (first.kind, first.rating, first.comment, first.collateral) == (
        "training",
        9,
        "Clear, useful",
        "cheat sheet",
    )
    assert (second.kind, second.comment, second.collateral) == ("webinar", "", "")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("2026-03-04,acme,training,101,Robin,11,,", "row 2, column rating: 11 is above 10"),
        ("2026-03-04,acme,meetup,101,Robin,8,,", 'row 2, column kind: "meetup" is not training'),
        ("2026-03-04,nobody,training,101,Robin,8,,", 'unknown customer "nobody"'),
    ],
)
def test_bad_feedback_rows(tmp_path: Path, bad_row: str, message: str) -> None:
    path = write(tmp_path, "feedback.csv", FEEDBACK_HEADER + bad_row + "\n")
    with pytest.raises(ConfigError, match=message):
        read_feedback(path, CUSTOMERS)


ROSTER_HEADER = "id,name,level,start_date,weeks_done,milestones_met\n"


def test_roster_rows_carry_level_and_onboarding_progress(tmp_path: Path) -> None:
    path = write(tmp_path, "ce.csv", ROSTER_HEADER + "kai,Kai,3,2026-01-05,6,30;60\n")
    (kai,) = read_ce_roster(path)
    assert (kai.level, kai.senior, kai.weeks_done, kai.milestones_met) == (3, True, 6, (30, 60))


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("kai,Kai,5,2026-01-05,6,", 'row 2, column level: "5" is out of range'),
        ("kai,Kai,2,2026-01-05,7,", 'row 2, column weeks_done: "7" is out of range'),
        ("kai,Kai,2,2026-01-05,6,45", 'row 2, column milestones_met: "45" is not a milestone'),
        ("kai,Kai,2,2026-01-05,6,\nkai,Kai B,1,2026-02-05,1,", "row 3: CE kai repeats row 2"),
    ],
)
def test_bad_roster_rows(tmp_path: Path, bad_row: str, message: str) -> None:
    path = write(tmp_path, "ce.csv", ROSTER_HEADER + bad_row + "\n")
    with pytest.raises(ConfigError, match=message):
        read_ce_roster(path)


def test_completions_are_the_plan_trackers_records_for_known_customers(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "customer,course,date\nacme,sourcegraph-101,2026-03-03\n")
    (done,) = read_training_completions(path, CUSTOMERS)
    assert (done.customer, done.course, done.day) == ("acme", "sourcegraph-101", date(2026, 3, 3))
    bad = write(tmp_path, "bad.csv", "customer,course,date\nghost,sourcegraph-101,2026-03-03\n")
    with pytest.raises(ConfigError, match='row 2, column customer: unknown customer "ghost"'):
        read_training_completions(bad, CUSTOMERS)
