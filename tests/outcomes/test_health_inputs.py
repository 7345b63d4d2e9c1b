"""The customer-health inputs (feature usage, product NPS, contracts) and the CE collateral
requests are checked like the other CSVs: one line per bad row, naming file, row and column;
each is optional, and the report says which were not given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.outcomes.config import load_outcomes_config
from kit.outcomes.inputs import (
    read_collateral_requests,
    read_contracts,
    read_feature_usage,
    read_product_nps,
)
from kit.outcomes.models import Customer

CUSTOMERS = [Customer(customer="acme", name="Acme", seats=200, contract_date=date(2026, 1, 5))]
FEATURES = "customer,date,searches,code_navigation,code_monitors,batch_changes,code_insights,notebooks,api_calls\n"
GOOD_FEATURES = "acme,2026-03-01,120,80,3,1,2,0,400\n"
NPS = "date,customer,rating,respondent\n"
GOOD_NPS = "2026-03-01,acme,9,lead\n"
CONTRACTS = "customer,start,end,seats_before,renewed,seats_after\n"
GOOD_CONTRACT = "acme,2025-01-01,2026-01-01,200,yes,240\n"
COLLATERAL = "requested,ce,asset,delivered\n"
GOOD_REQUEST = "2026-03-01,mara,Cheat sheet,2026-03-10\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rows_become_typed_records(tmp_path: Path) -> None:
    (usage,) = read_feature_usage(write(tmp_path, "f.csv", FEATURES + GOOD_FEATURES), CUSTOMERS)
    assert usage.events(["searches", "api_calls"]) == 520
    (answer,) = read_product_nps(write(tmp_path, "n.csv", NPS + GOOD_NPS), CUSTOMERS)
    assert (answer.rating, answer.respondent) == (9, "lead")
    pending = "acme,2026-01-01,2027-01-01,240,,\n"
    first, second = read_contracts(
        write(tmp_path, "c.csv", CONTRACTS + GOOD_CONTRACT + pending), CUSTOMERS
    )
    assert (first.renewed, first.seats_after, second.renewed, second.decided) == (
        True, 240, None, False
    )  # fmt: skip
    (request,) = read_collateral_requests(write(tmp_path, "r.csv", COLLATERAL + GOOD_REQUEST))
    assert request.delivered == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("name", "header", "good", "bad_row", "message"),
    [
        ("feature-usage.csv", FEATURES, GOOD_FEATURES, "acme,2026-03-02,1,2,3,4,5,6,-7",
         "row 3, column api_calls: -7 is negative"),
        ("feature-usage.csv", FEATURES, GOOD_FEATURES, "acme,2026-03-02,1,2,x,4,5,6,7",
         'row 3, column code_monitors: "x" is not a whole number'),
        ("feature-usage.csv", FEATURES, GOOD_FEATURES, "acme,2026-03-01,1,2,3,4,5,6,7",
         "row 3: customer and date acme 2026-03-01 repeats row 2"),
        ("feature-usage.csv", FEATURES, GOOD_FEATURES, "nobody,2026-03-02,1,2,3,4,5,6,7",
         'row 3, column customer: unknown customer "nobody"'),
        ("product-nps.csv", NPS, GOOD_NPS, "2026-03-02,acme,11,",
         "row 3, column rating: 11 is above 10"),
        ("product-nps.csv", NPS, GOOD_NPS, "2026-02-30,acme,7,",
         'row 3, column date: bad date "2026-02-30"'),
        ("contracts.csv", CONTRACTS, GOOD_CONTRACT, "acme,2026-01-01,2025-06-01,200,,",
         "row 3, column end: 2025-06-01 is not after the start 2026-01-01"),
        ("contracts.csv", CONTRACTS, GOOD_CONTRACT, "acme,2026-01-01,2027-01-01,200,maybe,",
         'row 3, column renewed: "maybe" is not yes or no'),
        ("contracts.csv", CONTRACTS, GOOD_CONTRACT, "acme,2026-01-01,2027-01-01,200,yes,",
         "row 3, column seats_after: empty; give the seats of the renewal"),
        ("contracts.csv", CONTRACTS, GOOD_CONTRACT, "acme,2026-01-01,2027-01-01,200,no,250",
         'row 3, column seats_after: "250" given but the contract was not renewed'),
        ("contracts.csv", CONTRACTS, GOOD_CONTRACT, "acme,2026-01-01,2027-01-01,0,,",
         "row 3, column seats_before: 0 seats"),
        ("collateral-requests.csv", COLLATERAL, GOOD_REQUEST, "2026-03-05,mara,Slides,2026-03-01",
         "row 3, column delivered: 2026-03-01 is before the request (2026-03-05)"),
        ("collateral-requests.csv", COLLATERAL, GOOD_REQUEST, "2026-03-05,,Slides,",
         "row 3, column ce: missing; fill it in"),
    ],
)  # fmt: skip
def test_a_bad_row_is_one_error_naming_file_row_and_column(
    tmp_path: Path, name: str, header: str, good: str, bad_row: str, message: str
) -> None:
    path = write(tmp_path, name, header + good + bad_row + "\n")
    readers = {
        "feature-usage.csv": lambda p: read_feature_usage(p, CUSTOMERS),
        "product-nps.csv": lambda p: read_product_nps(p, CUSTOMERS),
        "contracts.csv": lambda p: read_contracts(p, CUSTOMERS),
        "collateral-requests.csv": read_collateral_requests,
    }
    with pytest.raises(ConfigError) as caught:
        readers[name](path)
    text = str(caught.value)
    assert str(path) in text
    assert message in text
    assert text.count("\n") == 0


def test_a_missing_feature_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "customer,date,searches\nacme,2026-03-01,1\n")
    with pytest.raises(ConfigError, match='missing column "code_navigation"'):
        read_feature_usage(path, CUSTOMERS)


def test_an_unknown_feature_in_the_use_cases_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "outcomes.yaml").write_text(
        "use_cases:\n  - {id: code-security, course: code-security, features: [grep]}\n"
    )
    with pytest.raises(ConfigError, match='unknown feature "grep"'):
        load_outcomes_config(tmp_path)


def test_a_use_case_course_the_catalog_lacks_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "outcomes.yaml").write_text(
        "use_cases:\n  - {id: code-security, course: code-securty, features: [searches]}\n"
    )
    with pytest.raises(ConfigError, match=r"use_cases\.0\.course': unknown course 'code-securty'"):
        load_outcomes_config(tmp_path, ["code-security", "admin"])
