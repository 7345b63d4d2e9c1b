"""Use-case training against feature use: the regression recovers the effect planted in the
sample, finds none where none was planted (the placebo features; panels without an effect over
many seeds), and says "too little data to say" below the stated minimum."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kit.outcomes.config import OutcomesConfig
from kit.outcomes.data import OutcomeData
from kit.outcomes.effects import (
    LEVEL,
    MIN_TRAINED,
    FeatureEffect,
    customers_without_feature_usage,
    fit_panel,
    use_case_effects,
)
from kit.outcomes.sample import (
    PLANTED_EFFECT,
    TAUGHT_FEATURES,
    USE_CASE_COURSE,
    planted_panel,
)

NULL_SEEDS = range(60)
"""Simulated panels without an effect, of the sample's shape (11 customers with feature usage,
4 trained, 40 weeks): at least LEVEL of them must find none."""


@pytest.fixture(scope="module")
def effects(sample: OutcomeData) -> dict[bool, FeatureEffect]:
    """placebo -> the sample's Code Security estimate."""
    return {e.placebo: e for e in use_case_effects(sample)}


def test_the_checkout_maps_code_security_to_the_features_the_sample_lifts(
    outcomes_config: OutcomesConfig,
) -> None:
    (use_case,) = outcomes_config.use_cases
    assert (use_case.course, use_case.features) == (USE_CASE_COURSE, TAUGHT_FEATURES)


def test_the_planted_effect_is_recovered(effects: dict[bool, FeatureEffect]) -> None:
    taught = effects[False]
    assert taught.estimate is not None
    assert taught.estimate.covers(PLANTED_EFFECT)
    assert not taught.estimate.covers(0.0)
    assert taught.trained == ("aurora-bank", "cobalt-energy", "ember-insurance", "granite-pharma")
    assert len(taught.comparison) == 6  # neither air-gapped nor without production
    assert "rose 35%" in taught.finding and "not proof of cause" in taught.finding
    assert "with 10 customers the interval is indicative" in taught.finding  # few clusters


def test_no_change_had_started_before_the_planted_training(
    effects: dict[bool, FeatureEffect],
) -> None:
    taught = effects[False]
    assert taught.pre_trend is not None and taught.pre_trend.covers(0.0)
    assert "no change had started in the 4 weeks before the course" in taught.finding


def test_a_change_that_starts_before_the_training_is_flagged() -> None:
    panel, trained_on = planted_panel(
        np.random.default_rng(0), customers=11, trained=4, weeks=40, effect=0.3, anticipation=4
    )
    fit = fit_panel(panel, trained_on, pre_trend=True)
    assert fit.pre_trend is not None and fit.pre_trend.low > 0


def test_the_placebo_features_show_no_effect(effects: dict[bool, FeatureEffect]) -> None:
    placebo = effects[True]
    assert placebo.estimate is not None and placebo.estimate.covers(0.0)
    assert "within noise" in placebo.finding and "includes 0" in placebo.finding


def test_without_an_effect_the_interval_includes_zero_at_the_stated_level() -> None:
    covered = []
    for seed in NULL_SEEDS:
        panel, trained_on = planted_panel(
            np.random.default_rng(seed), customers=11, trained=4, weeks=40, effect=0.0
        )
        fit = fit_panel(panel, trained_on)
        assert fit.estimate is not None
        covered.append(fit.estimate.covers(0.0))
    assert sum(covered) / len(covered) >= LEVEL


def test_too_few_trained_customers_say_so() -> None:
    panel, trained_on = planted_panel(
        np.random.default_rng(1), customers=10, trained=MIN_TRAINED - 1, weeks=30, effect=0.5
    )
    fit = fit_panel(panel, trained_on)
    assert fit.estimate is None
    assert len(fit.trained) == MIN_TRAINED - 1


def test_the_sample_with_too_few_trained_customers_says_too_little(sample: OutcomeData) -> None:
    fewer = dataclasses.replace(
        sample,
        completions=tuple(
            c
            for c in sample.completions
            if c.course != USE_CASE_COURSE or c.customer in {"aurora-bank", "cobalt-energy"}
        ),
    )
    taught = next(e for e in use_case_effects(fewer) if not e.placebo)
    assert taught.estimate is None
    assert taught.finding.startswith("too little data to say: 2 customer(s) trained")
    assert "need at least 3 and 3" in taught.finding


def test_the_air_gapped_customer_is_named_as_sending_no_feature_usage(
    sample: OutcomeData,
) -> None:
    assert customers_without_feature_usage(sample) == ["Fjord Shipping (air-gapped)"]
    assert use_case_effects(dataclasses.replace(sample, feature_usage=None)) == []
    no_users = dataclasses.replace(
        sample, usage=tuple(u for u in sample.usage if u.customer != "iris-media")
    )
    assert customers_without_feature_usage(no_users) == [
        "Fjord Shipping (air-gapped)",
        "Iris Media (feature usage but no active users in usage.csv)",
    ]
