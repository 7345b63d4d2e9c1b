"""Row models for the outcome inputs: one validated, immutable record per CSV row.

Each model checks one row on its own; rules that need other rows or files (known customers,
duplicates) take a validation context: `customers` (the known customer slugs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from kit.errors import did_you_mean

KNOWN_CUSTOMERS = "customers"
"""Validation-context key: the set of customer slugs rows may name."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


def parse_day(value: Any) -> dt.date:
    """A YYYY-MM-DD date, or a ValueError quoting the text."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f'bad date "{value}" (use YYYY-MM-DD)') from None


def parse_count(value: Any) -> int:
    """A whole number that is not negative, or a ValueError quoting the text."""
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a whole number') from None
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number


def parse_rating(value: Any) -> int:
    """A 0-10 survey rating (how likely to recommend), or a ValueError quoting the text."""
    number = parse_count(value)
    if number > 10:
        raise ValueError(f"{number} is above 10 (ratings run 0-10)")
    return number


def parse_optional_day(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date, or None for an empty cell."""
    if value is None or str(value).strip() == "":
        return None
    return parse_day(value)


def parse_yes_no(value: Any) -> bool:
    """yes/no (true/false, 1/0; empty: no), or a ValueError quoting the text."""
    text = str(value).strip().lower()
    if text in {"", "false", "no", "0"}:
        return False
    if text in {"true", "yes", "1"}:
        return True
    raise ValueError(f'"{value}" is not yes or no')


def known_customer(slug: str, info: ValidationInfo) -> str:
    """`slug` if the context's customers include it (or no context is given)."""
    slug = slug.strip()
    known = info.context.get(KNOWN_CUSTOMERS) if isinstance(info.context, dict) else None
    if not slug:
        raise ValueError("empty; name the customer")
    if known is not None and slug not in known:
        raise ValueError(f'unknown customer "{slug}"' + did_you_mean(slug, known, what="known"))
    return slug


Day = Annotated[dt.date, BeforeValidator(parse_day)]
"""A YYYY-MM-DD date cell."""
Count = Annotated[int, BeforeValidator(parse_count)]
"""A whole-number cell that is not negative."""
CustomerSlug = Annotated[str, AfterValidator(known_customer)]
"""A cell naming one of the known customers (see `KNOWN_CUSTOMERS`)."""


class Customer(_Row):
    """A customer the outcomes are measured for (`customers.csv`)."""

    customer: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="slug")
    name: str = Field(min_length=1)
    seats: int = Field(gt=0, description="seats purchased")
    contract_date: Day
    production_setup_date: dt.date | None = None
    air_gapped: bool = False

    @field_validator("seats", mode="before")
    @classmethod
    def _seats(cls, value: Any) -> int:
        number = parse_count(value)
        if number == 0:
            raise ValueError("0 seats; a customer has bought at least one")
        return number

    @field_validator("production_setup_date", mode="before")
    @classmethod
    def _production(cls, value: Any) -> dt.date | None:
        return parse_optional_day(value)  # empty: production not set up yet

    @field_validator("air_gapped", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return parse_yes_no(value)


class UsageRow(_Row):
    """One customer's usage on one day (`usage.csv`). MAU counts the 30 days up to the date."""

    customer: CustomerSlug
    date: Day
    mau: Count  # before dau: dau's check compares with it
    dau: int
    seats: Count

    @field_validator("dau", mode="before")
    @classmethod
    def _dau(cls, value: Any, info: ValidationInfo) -> int:
        number = parse_count(value)
        mau = info.data.get("mau")
        if isinstance(mau, int) and number > mau:
            raise ValueError(f"dau {number} > mau {mau}; daily users are also monthly users")
        return number

    @field_validator("seats")
    @classmethod
    def _some_seats(cls, value: int) -> int:
        if value == 0:
            raise ValueError("0 seats; give the seats purchased")
        return value


class EventKind(StrEnum):
    """What the feedback is about."""

    TRAINING = "training"
    WEBINAR = "webinar"


class FeedbackRow(_Row):
    """One survey answer after a training or webinar (`feedback.csv`)."""

    date: Day
    customer: CustomerSlug
    kind: EventKind
    session: str = Field(min_length=1, description="course id or webinar title")
    trainer: str = Field(min_length=1)
    rating: int = Field(description="0-10, how likely to recommend")
    comment: str = ""
    collateral: str = Field(default="", description="collateral requested, if any")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        text = str(value).strip().lower()
        if text not in {k.value for k in EventKind}:
            raise ValueError(f'"{value}" is not training or webinar')
        return text

    @field_validator("rating", mode="before")
    @classmethod
    def _rating(cls, value: Any) -> int:
        return parse_rating(value)

    @field_validator("session", "trainer", "comment", "collateral", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return str(value).strip()


ONBOARDING_WEEKS = 6
MILESTONE_DAYS = (30, 60, 90)


class CeRow(_Row):
    """One Customer Engineer and their onboarding check-list (`ce-roster.csv`)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1)
    level: Count = Field(ge=1, le=4, description="1-2 Customer Engineer, 3-4 Senior")
    start_date: Day
    weeks_done: Count = Field(ge=0, le=ONBOARDING_WEEKS, description="onboarding weeks completed")
    milestones_met: tuple[int, ...] = Field(default=(), description="30/60/90-day plans met")

    @field_validator("milestones_met", mode="before")
    @classmethod
    def _milestones(cls, value: Any) -> tuple[int, ...]:
        if isinstance(value, list | tuple):
            value = ";".join(str(v) for v in value)
        parts = [p.strip() for p in str(value).replace(",", ";").split(";") if p.strip()]
        days = []
        for part in parts:
            if part not in {str(d) for d in MILESTONE_DAYS}:
                raise ValueError(f'"{part}" is not a milestone day (30, 60 or 90, joined by ;)')
            days.append(int(part))
        return tuple(sorted(set(days)))

    @property
    def senior(self) -> bool:
        """Levels 3-4 follow the senior 30/60/90-day plan."""
        return self.level >= 3


# Customer health: feature usage, product NPS, contracts; and the CE collateral requests.

FEATURES: tuple[str, ...] = (
    "searches",
    "code_navigation",
    "code_monitors",
    "batch_changes",
    "code_insights",
    "notebooks",
    "api_calls",
)
"""The product features whose daily use Sourcegraph's usage statistics count (one column each)."""

FEATURE_NAMES = {
    "searches": "searches",
    "code_navigation": "code navigation",
    "code_monitors": "code monitors",
    "batch_changes": "batch changes",
    "code_insights": "code insights",
    "notebooks": "notebooks",
    "api_calls": "API calls",
}
"""Each feature as the report writes it."""

Rating = Annotated[int, BeforeValidator(parse_rating)]
"""A 0-10 survey rating cell."""
OptionalDay = Annotated[dt.date | None, BeforeValidator(parse_optional_day)]
"""A YYYY-MM-DD date cell that may be empty."""


class FeatureUsageRow(_Row):
    """One customer's use of each feature on one day (`feature-usage.csv`): event counts as
    Sourcegraph's usage statistics report them."""

    customer: CustomerSlug
    date: Day
    searches: Count
    code_navigation: Count
    code_monitors: Count
    batch_changes: Count
    code_insights: Count
    notebooks: Count
    api_calls: Count

    def events(self, features: Iterable[str]) -> int:
        """The day's events of `features` (names from FEATURES)."""
        return sum(int(getattr(self, f)) for f in features)


class ProductNpsRow(_Row):
    """One answer to the product NPS survey (`product-nps.csv`), not about a training."""

    date: Day
    customer: CustomerSlug
    rating: Rating
    respondent: str = ""

    @field_validator("respondent", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return str(value).strip()


class ContractRow(_Row):
    """One contract term and how it ended (`contracts.csv`): renewed yes or no, or empty while
    undecided; seats after only for a renewal."""

    customer: CustomerSlug
    start: Day
    end: Day
    seats_before: Count
    renewed: bool | None = None
    seats_after: int | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if isinstance(start, dt.date) and value <= start:
            raise ValueError(f"{value} is not after the start {start}")
        return value

    @field_validator("seats_before")
    @classmethod
    def _some_seats(cls, value: int) -> int:
        if value == 0:
            raise ValueError("0 seats; give the seats of the term")
        return value

    @field_validator("renewed", mode="before")
    @classmethod
    def _renewed(cls, value: Any) -> bool | None:
        if value is None or str(value).strip() == "":
            return None  # not decided yet
        return parse_yes_no(value)

    @field_validator("seats_after", mode="before")
    @classmethod
    def _seats_after(cls, value: Any, info: ValidationInfo) -> int | None:
        renewed = info.data.get("renewed")
        if value is None or str(value).strip() == "":
            if renewed:
                raise ValueError("empty; give the seats of the renewal")
            return None
        if not renewed:
            raise ValueError(f'"{value}" given but the contract was not renewed; leave it empty')
        return parse_count(value)

    @property
    def decided(self) -> bool:
        """Whether the renewal is decided (renewed or not)."""
        return self.renewed is not None


class CollateralRequestRow(_Row):
    """One asset a CE asked the training team for (`collateral-requests.csv`), delivered or not."""

    requested: Day
    ce: str = Field(min_length=1, description="the CE who asked")
    asset: str = Field(min_length=1)
    delivered: OptionalDay = None

    @field_validator("ce", "asset", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return str(value).strip()

    @field_validator("delivered")
    @classmethod
    def _not_before(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        requested = info.data.get("requested")
        if value is not None and isinstance(requested, dt.date) and value < requested:
            raise ValueError(f"{value} is before the request ({requested})")
        return value
