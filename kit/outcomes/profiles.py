"""The outcomes' customers from the customer profiles (`courses/customers/*.yaml`, the ones
variants and plans read), with `customers.csv` for customers that have no profile.

A profile becomes a `Customer`: its slug, name and seats; production set-up from
`production_setup_date`; air-gapped when the deployment is (`CustomerProfile.isolated`); and, as
a profile has no contract date, the kick-off date as the contract date. Trials (`stage: trial`)
are left out: they have bought nothing yet, so there are no seats to adopt.

When a profile and a customers.csv row name the same customer, every field both state must
agree (a disagreement is refused, naming both files and the field); the row may add what the
profile lacks, the contract date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.customers import CustomerProfile, Stage, load_profiles
from kit.errors import ConfigError
from kit.outcomes.models import Customer

PROFILE_PATTERN = "*.yaml"
COMPARED = ("name", "seats", "production_setup_date", "air_gapped")
"""The fields a profile and a customers.csv row must agree on when both state them."""


@dataclass(frozen=True)
class ProfiledCustomer:
    """A customer as a profile describes it, and the profile file it came from."""

    customer: Customer
    source: Path


def profile_files(paths: Iterable[Path]) -> tuple[Path, ...]:
    """Each given file, and the profiles (`*.yaml`, by name) in each given folder; a folder
    without any is a ConfigError."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob(PROFILE_PATTERN))
            if not found:
                raise ConfigError(f"no customer profiles ({PROFILE_PATTERN}) here", where=path)
            files += found
        else:
            files.append(path)
    return tuple(files)


def profile_customer(profile: CustomerProfile) -> Customer:
    """The outcomes' view of one customer profile (contract date: the kick-off date)."""
    return Customer.model_validate(
        {
            "customer": profile.slug,
            "name": profile.name,
            "seats": profile.seats,
            "contract_date": profile.kickoff_date,
            "production_setup_date": profile.production_setup_date,
            "air_gapped": profile.isolated,
        }
    )


def read_profile_customers(paths: Sequence[Path]) -> list[ProfiledCustomer]:
    """The customers of the profile files `paths` (checked as `sgkit plan` checks them), trials
    left out."""
    profiles = load_profiles(paths)
    return [
        ProfiledCustomer(profile_customer(profile), path)
        for profile, path in zip(profiles, paths, strict=True)
        if profile.stage is not Stage.TRIAL
    ]


def _show(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def merge_customers(
    profiled: Sequence[ProfiledCustomer], listed: Sequence[Customer], csv: Path | None
) -> list[Customer]:
    """One list of customers: the profiles' (in order), each completed by its customers.csv row
    if any (the contract date), then the rows without a profile. A row that disagrees with its
    profile on a field both state is a ConfigError naming the row, the field and the profile."""
    rows = {c.customer: (number, c) for number, c in enumerate(listed, start=2)}
    out: list[Customer] = []
    for entry in profiled:
        mine = entry.customer
        if mine.customer not in rows:
            out.append(mine)
            continue
        number, row = rows.pop(mine.customer)
        for field in COMPARED:
            if field in row.model_fields_set and getattr(row, field) != getattr(mine, field):
                raise ConfigError(
                    f"row {number}, column {field}: {mine.customer} has "
                    f"{_show(getattr(row, field))} here but {_show(getattr(mine, field))} in "
                    f"its profile {entry.source}; make them agree (or drop the row: the "
                    "profile is enough)",
                    where=csv,
                )
        out.append(mine.model_copy(update={"contract_date": row.contract_date}))
    out += [row for _, row in sorted(rows.values(), key=lambda item: item[0])]
    return out
