"""Read the outcome inputs at the boundary: pandas reads each CSV, a pydantic model checks each
row, and the first bad row stops the read with one line naming the file, the row (header = row 1)
and column. The customers come from the profiles and customers.csv (`kit.outcomes.profiles`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd  # type: ignore[import-untyped]
from pydantic import BaseModel, Field, ValidationError

from kit.courses import TrainingBlock
from kit.errors import ConfigError
from kit.outcomes.config import OutcomesConfig
from kit.outcomes.data import OutcomeData
from kit.outcomes.models import (
    FEATURES,
    KNOWN_CUSTOMERS,
    CeRow,
    CollateralRequestRow,
    ContractRow,
    Customer,
    CustomerSlug,
    Day,
    FeatureUsageRow,
    FeedbackRow,
    ProductNpsRow,
    UsageRow,
)
from kit.outcomes.profiles import merge_customers, profile_files, read_profile_customers
from kit.plans.tracker import Completion
from kit.records import IssuedCredential, RevocationRecord

RowT = TypeVar("RowT", bound=BaseModel)

CUSTOMER_COLUMNS = ("customer", "name", "seats", "contract_date")
USAGE_COLUMNS = ("customer", "date", "dau", "mau", "seats")
FEEDBACK_COLUMNS = ("date", "customer", "kind", "session", "trainer", "rating")
ROSTER_COLUMNS = ("id", "name", "level", "start_date", "weeks_done")
COMPLETION_COLUMNS = ("customer", "course", "date")
FEATURE_USAGE_COLUMNS = ("customer", "date", *FEATURES)
PRODUCT_NPS_COLUMNS = ("date", "customer", "rating")
CONTRACT_COLUMNS = ("customer", "start", "end", "seats_before", "renewed", "seats_after")
COLLATERAL_COLUMNS = ("requested", "ce", "asset", "delivered")


class CompletionRow(BaseModel):
    """One learner at a customer finishing a course (`completions.csv`, as `sgkit plan` reads)."""

    customer: CustomerSlug
    course: str = Field(min_length=1)
    date: Day


def _frame(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """The CSV as text cells (nothing guessed), or a ConfigError for a missing file or column."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise ConfigError("file not found", where=path) from None
    except pd.errors.EmptyDataError:
        raise ConfigError(f"empty file; the header is {','.join(columns)}", where=path) from None
    except pd.errors.ParserError as exc:
        raise ConfigError(f"not a valid CSV file ({exc})", where=path) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    need = list(columns)
    for column in need:
        if column not in frame.columns:
            raise ConfigError(f'missing column "{column}" (need {", ".join(need)})', where=path)
    return frame


def _problem(error: ValidationError) -> tuple[str, str]:
    """The first problem of a row as (column, message)."""
    first = error.errors()[0]
    column = ".".join(str(part) for part in first["loc"]) or "row"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "missing; fill it in"
    elif first["type"] == "enum" or first["type"].endswith(("_type", "_parsing")):
        message = f'"{first.get("input")}": {message}'
    elif first["type"] in {"greater_than_equal", "less_than_equal", "string_too_short"}:
        message = f'"{first.get("input")}" is out of range ({message})'
    elif first["type"] == "string_pattern_mismatch":
        message = f'"{first.get("input")}" is not a lower-case id (letters, digits, dashes)'
    return column, message


def read_rows(
    path: Path,
    model: type[RowT],
    columns: Iterable[str],
    context: Mapping[str, Any] | None = None,
) -> list[RowT]:
    """Every row of `path` as `model`; the first bad row raises ConfigError naming row and column."""
    frame = _frame(path, columns)
    out: list[RowT] = []
    for index, record in enumerate(frame.to_dict(orient="records")):
        cells = {str(k): v for k, v in record.items() if str(k) in model.model_fields}
        cells = {k: v for k, v in cells.items() if v != "" or k not in _REQUIRED[model]}
        try:
            out.append(model.model_validate(cells, context=dict(context or {})))
        except ValidationError as exc:
            column, message = _problem(exc)
            raise ConfigError(f"row {index + 2}, column {column}: {message}", where=path) from None
    return out


def _required(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, f in model.model_fields.items() if f.is_required())


_REQUIRED: dict[type[BaseModel], frozenset[str]] = {
    m: _required(m)
    for m in (
        Customer,
        UsageRow,
        FeedbackRow,
        CeRow,
        CompletionRow,
        FeatureUsageRow,
        ProductNpsRow,
        ContractRow,
        CollateralRequestRow,
    )
}


def _unique(path: Path, keys: list[tuple[Any, ...]], what: str) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for index, key in enumerate(keys):
        if key in seen:
            raise ConfigError(
                f"row {index + 2}: {what} {' '.join(map(str, key))} repeats row {seen[key]}",
                where=path,
            )
        seen[key] = index + 2


def read_customers(path: Path) -> list[Customer]:
    """The customers (`customer,name,seats,contract_date[,production_setup_date,air_gapped]`)."""
    rows = read_rows(path, Customer, CUSTOMER_COLUMNS)
    _unique(path, [(c.customer,) for c in rows], "customer")
    return rows


def _known(customers: Iterable[Customer]) -> dict[str, Any]:
    return {KNOWN_CUSTOMERS: frozenset(c.customer for c in customers)}


def read_usage(path: Path, customers: Iterable[Customer]) -> list[UsageRow]:
    """Daily usage (`customer,date,dau,mau,seats`) of known customers, one row per customer-day."""
    rows = read_rows(path, UsageRow, USAGE_COLUMNS, _known(customers))
    _unique(path, [(u.customer, u.date.isoformat()) for u in rows], "customer and date")
    return rows


def read_feedback(path: Path, customers: Iterable[Customer]) -> list[FeedbackRow]:
    """Survey answers (`date,customer,kind,session,trainer,rating[,comment,collateral]`)."""
    return read_rows(path, FeedbackRow, FEEDBACK_COLUMNS, _known(customers))


def read_ce_roster(path: Path) -> list[CeRow]:
    """The CE roster and onboarding check-list (`id,name,level,start_date,weeks_done[,
    milestones_met]`)."""
    rows = read_rows(path, CeRow, ROSTER_COLUMNS)
    _unique(path, [(r.id,) for r in rows], "CE")
    return rows


def read_training_completions(path: Path, customers: Iterable[Customer]) -> list[Completion]:
    """Training completions (`customer,course,date`) of known customers."""
    rows = read_rows(path, CompletionRow, COMPLETION_COLUMNS, _known(customers))
    return [Completion(r.customer, r.course, r.date) for r in rows]


def read_feature_usage(path: Path, customers: Iterable[Customer]) -> list[FeatureUsageRow]:
    """Daily feature usage (`customer,date,searches,...,api_calls`), one row per customer-day."""
    rows = read_rows(path, FeatureUsageRow, FEATURE_USAGE_COLUMNS, _known(customers))
    _unique(path, [(u.customer, u.date.isoformat()) for u in rows], "customer and date")
    return rows


def read_product_nps(path: Path, customers: Iterable[Customer]) -> list[ProductNpsRow]:
    """Product NPS survey answers (`date,customer,rating[,respondent]`)."""
    return read_rows(path, ProductNpsRow, PRODUCT_NPS_COLUMNS, _known(customers))


def read_contracts(path: Path, customers: Iterable[Customer]) -> list[ContractRow]:
    """Contract terms (`customer,start,end,seats_before,renewed,seats_after`), one per customer
    and start."""
    rows = read_rows(path, ContractRow, CONTRACT_COLUMNS, _known(customers))
    _unique(path, [(c.customer, c.start.isoformat()) for c in rows], "customer and start")
    return rows


def read_collateral_requests(path: Path) -> list[CollateralRequestRow]:
    """CE collateral requests (`requested,ce,asset,delivered`; delivered empty while open)."""
    return read_rows(path, CollateralRequestRow, COLLATERAL_COLUMNS)


@dataclass(frozen=True)
class InputPaths:
    """The files one report reads: usage, and the customers from profile files, a customers.csv
    or both (see `kit.outcomes.profiles`); the other CSVs are optional."""

    customers: Path | None
    usage: Path
    feedback: Path | None = None
    roster: Path | None = None
    completions: Path | None = None
    profiles: tuple[Path, ...] = ()
    feature_usage: Path | None = None
    product_nps: Path | None = None
    contracts: Path | None = None
    collateral_requests: Path | None = None


HEALTH_INPUTS = ("feature_usage", "product_nps", "contracts", "collateral_requests")
"""The optional customer-health and OKR inputs (InputPaths fields, `sgkit report` options)."""


def given_inputs(
    customers: Path | None,
    usage: Path | None,
    feedback: Path | None = None,
    roster: Path | None = None,
    completions: Path | None = None,
    *,
    profiles: Sequence[Path] = (),
    default_profiles: Path | None = None,
    anything_else: bool = False,
    health: Mapping[str, Path | None] | None = None,
) -> InputPaths | None:
    """The input files given, or None (the sample) when none is given and nothing else is
    (`anything_else`: a learner roster or a records database). Profiles are files or folders;
    without them or a customers.csv, the profiles in `default_profiles` (a folder). `health`:
    the optional HEALTH_INPUTS by name."""
    extra = {k: v for k, v in (health or {}).items() if v is not None}
    unknown = set(extra) - set(HEALTH_INPUTS)
    if unknown:
        raise ValueError(f"unknown inputs {sorted(unknown)}")
    given = (customers, usage, feedback, roster, completions, *profiles, *extra.values())
    if not any(given) and not anything_else:
        return None
    if usage is None:
        raise ConfigError(
            "give --usage, with --profiles or --customers for the customers "
            "(or no input files for the sample)"
        )
    if customers is None and not profiles:
        if default_profiles is None:
            raise ConfigError("give --profiles or --customers with --usage")
        profiles = (default_profiles,)
    return InputPaths(
        customers, usage, feedback, roster, completions, profile_files(profiles), **extra
    )


def read_all_customers(paths: InputPaths) -> list[Customer]:
    """The customers of the profiles and of customers.csv, checked against each other."""
    listed = read_customers(paths.customers) if paths.customers else []
    profiled = read_profile_customers(paths.profiles) if paths.profiles else []
    return merge_customers(profiled, listed, paths.customers)


def _maybe(
    read: Callable[[Path, Iterable[Customer]], list[RowT]],
    path: Path | None,
    customers: Sequence[Customer],
) -> tuple[RowT, ...] | None:
    """The rows of an optional input, or None when it was not given."""
    return None if path is None else tuple(read(path, customers))


def load_inputs(
    paths: InputPaths,
    *,
    as_of: dt.date,
    blocks: Iterable[TrainingBlock] = (),
    credentials: Iterable[IssuedCredential] = (),
    revocations: Mapping[str, RevocationRecord] | None = None,
    synthetic: bool = False,
    config: OutcomesConfig | None = None,
    published: Iterable[str] = (),
) -> OutcomeData:
    """Read and check every given file into one OutcomeData (credentials from the records
    database)."""
    customers = read_all_customers(paths)
    return OutcomeData(
        as_of=as_of,
        customers=tuple(customers),
        usage=tuple(read_usage(paths.usage, customers)),
        completions=tuple(
            read_training_completions(paths.completions, customers) if paths.completions else ()
        ),
        feedback=tuple(read_feedback(paths.feedback, customers) if paths.feedback else ()),
        roster=tuple(read_ce_roster(paths.roster) if paths.roster else ()),
        feature_usage=_maybe(read_feature_usage, paths.feature_usage, customers),
        product_nps=_maybe(read_product_nps, paths.product_nps, customers),
        contracts=_maybe(read_contracts, paths.contracts, customers),
        collateral_requests=(
            tuple(read_collateral_requests(paths.collateral_requests))
            if paths.collateral_requests
            else None
        ),
        credentials=tuple(credentials),
        revocations=dict(revocations or {}),
        blocks=tuple(blocks),
        synthetic=synthetic,
        config=config or OutcomesConfig(),
        published=tuple(published),
    )
