"""A learner roster (`learners.csv`: learner,customer): which customer each learner belongs to,
since nbgrader's gradebook knows no organisations."""

from __future__ import annotations

from pathlib import Path

from kit.csv_io import csv_rows
from kit.errors import ConfigError

ROSTER_COLUMNS = ("learner", "customer")


def read_learner_roster(path: Path) -> dict[str, str]:
    """`learner -> customer` from a CSV with the columns learner, customer."""
    roster: dict[str, str] = {}
    for line, row in csv_rows(path, ROSTER_COLUMNS):
        learner, customer = (row["learner"] or "").strip(), (row["customer"] or "").strip()
        if not learner or not customer:
            raise ConfigError(f"line {line}: learner and customer are required", where=path)
        if learner in roster and roster[learner] != customer:
            raise ConfigError(
                f"line {line}: learner {learner!r} is already listed for {roster[learner]!r}",
                where=path,
            )
        roster[learner] = customer
    return roster
