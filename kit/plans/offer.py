"""What a customer's audiences can take (`courses/plans/audiences.yaml`): the customer-facing
courses and certifications per profile audience. A handout's "Where next" offers a customer only
these, for its own audiences, and its variants are built only of these courses; anything listed
under no audience is internal (the CE onboarding course, trainer and CE certifications)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, RootModel

from kit.courses import Catalog
from kit.courses.models import CertificationPath, Course
from kit.customers.profile import Audience
from kit.errors import ConfigError
from kit.yaml_io import read_yaml, validated

AUDIENCES_FILE = Path("plans") / "audiences.yaml"


class AudienceOffer(BaseModel):
    """The courses and certifications one audience can take."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    courses: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()


class CustomerOffer(RootModel[dict[Audience, AudienceOffer]]):
    """Every audience's offer, checked against the catalog when loaded."""

    model_config = ConfigDict(frozen=True)

    def courses_for(self, audiences: Iterable[Audience], catalog: Catalog) -> tuple[Course, ...]:
        """The courses any of `audiences` can take, in catalog order."""
        wanted = {c for a in audiences for c in self.root.get(a, AudienceOffer()).courses}
        return tuple(c for c in catalog.courses.values() if c.id in wanted)

    def certifications_for(
        self, audiences: Iterable[Audience], catalog: Catalog
    ) -> tuple[CertificationPath, ...]:
        """The certifications any of `audiences` can earn, in catalog order."""
        wanted = {c for a in audiences for c in self.root.get(a, AudienceOffer()).certifications}
        return tuple(c for c in catalog.certifications.values() if c.id in wanted)


def load_offer(courses_dir: Path, catalog: Catalog) -> CustomerOffer:
    """Read `plans/audiences.yaml` under `courses_dir`; a ConfigError names an unknown id."""
    path = courses_dir / AUDIENCES_FILE
    offer = validated(CustomerOffer, read_yaml(path), path)
    for audience, item in offer.root.items():
        for kind, ids, known in (
            ("courses", item.courses, catalog.courses),
            ("certifications", item.certifications, catalog.certifications),
        ):
            for index, name in enumerate(ids):
                if name not in known:
                    raise ConfigError(
                        f"field '{audience}.{kind}.{index}': unknown id {name!r} "
                        f"(known: {', '.join(sorted(known))})",
                        where=path,
                    )
    return offer
