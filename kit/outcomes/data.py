"""Everything the outcome metrics and the report work on, validated and immutable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from kit.courses import TrainingBlock
from kit.outcomes.config import OutcomesConfig
from kit.outcomes.models import (
    CeRow,
    CollateralRequestRow,
    ContractRow,
    Customer,
    FeatureUsageRow,
    FeedbackRow,
    ProductNpsRow,
    UsageRow,
)
from kit.plans.tracker import Completion
from kit.records import IssuedCredential, RevocationRecord


@dataclass(frozen=True)
class OutcomeData:
    """Customers, their usage, training completions, feedback, the CE roster and credentials,
    as of one day; the optional health inputs (feature usage, product NPS, contracts, CE
    collateral requests) are None when not given."""

    as_of: date
    customers: tuple[Customer, ...]
    usage: tuple[UsageRow, ...]
    completions: tuple[Completion, ...] = ()
    feedback: tuple[FeedbackRow, ...] = ()
    roster: tuple[CeRow, ...] = ()
    credentials: tuple[IssuedCredential, ...] = ()
    revocations: Mapping[str, RevocationRecord] = field(default_factory=dict)
    blocks: tuple[TrainingBlock, ...] = ()
    synthetic: bool = False
    feature_usage: tuple[FeatureUsageRow, ...] | None = None
    product_nps: tuple[ProductNpsRow, ...] | None = None
    contracts: tuple[ContractRow, ...] | None = None
    collateral_requests: tuple[CollateralRequestRow, ...] | None = None
    config: OutcomesConfig = field(default_factory=OutcomesConfig)
    published: tuple[str, ...] = ()
    """The catalog's published courses (what has shipped)."""

    def usage_of(self, customer: str) -> tuple[UsageRow, ...]:
        """One customer's usage rows up to `as_of`, oldest first (empty: no usage data)."""
        rows = [u for u in self.usage if u.customer == customer and u.date <= self.as_of]
        return tuple(sorted(rows, key=lambda u: u.date))

    def completions_of(self, customer: str) -> tuple[Completion, ...]:
        """One customer's training completions up to `as_of`, oldest first."""
        rows = [c for c in self.completions if c.customer == customer and c.day <= self.as_of]
        return tuple(sorted(rows, key=lambda c: (c.day, c.course)))
