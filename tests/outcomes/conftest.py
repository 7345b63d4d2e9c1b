"""Fixtures of the outcome tests: the sample as `sgkit report` builds it from this checkout."""

from __future__ import annotations

import pytest

from kit.courses import Catalog
from kit.outcomes.config import OutcomesConfig, load_outcomes_config
from kit.outcomes.data import OutcomeData
from kit.outcomes.sample import generate_sample
from kit.project import Project


@pytest.fixture(scope="session")
def outcomes_config(project: Project) -> OutcomesConfig:
    """The checkout's use cases and OKR goals (courses/plans/outcomes.yaml)."""
    return load_outcomes_config(project.courses_dir)


@pytest.fixture(scope="session")
def sample(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, outcomes_config: OutcomesConfig
) -> OutcomeData:
    """The sample with the catalog's training blocks, published courses and the use cases."""
    return generate_sample(
        tmp_path_factory.mktemp("sample"),
        catalog.training_blocks.values(),
        config=outcomes_config,
        published=[c.id for c in catalog.published_courses],
    )
