"""Training offerings (`courses/plans/offerings.yaml`): how courses are delivered, free or paid."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from kit.courses import Catalog
from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

OFFERINGS_FILE = Path("plans") / "offerings.yaml"


class Offering(BaseModel):
    """One engagement a customer can get: included in the licence, or a paid engagement."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    terms: str = Field(description="included, paid, or the tiers it is free for")
    format: str
    duration: str
    audience: tuple[str, ...] = Field(min_length=1)
    courses: tuple[str, ...] = ()
    description: str

    @property
    def paid(self) -> bool:
        """Whether some customers pay for it."""
        return "paid" in self.terms.lower()


class _OfferingsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    offerings: tuple[Offering, ...]


def load_offerings(courses_dir: Path, catalog: Catalog) -> tuple[Offering, ...]:
    """The offerings (none when the file is absent), each naming only known courses."""
    path = courses_dir / OFFERINGS_FILE
    if not path.exists():
        return ()
    offerings = validated(_OfferingsFile, read_yaml(path), path).offerings
    for index, offering in enumerate(offerings):
        unknown = [c for c in offering.courses if c not in catalog.courses]
        if unknown:
            raise ConfigError(
                f"field 'offerings.{index}.courses': unknown course {unknown[0]!r}", where=path
            )
    return offerings
