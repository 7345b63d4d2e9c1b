"""The sample: a dozen customers over a year, the same bytes every run, read back through the
input checks, with customers on track, at risk, behind, air-gapped and not yet in production."""

from __future__ import annotations

from pathlib import Path

from kit.outcomes.data import OutcomeData
from kit.outcomes.impact import training_impact
from kit.outcomes.onboarding import ce_progress, current_credentials, trained_per_block
from kit.outcomes.sample import SAMPLE_AS_OF, write_sample
from kit.outcomes.status import customer_outcomes


def test_the_sample_is_the_same_bytes_every_run(tmp_path: Path) -> None:
    first, second = write_sample(tmp_path / "a"), write_sample(tmp_path / "b")
    for name in ("customers", "usage", "feedback", "roster", "completions"):
        a, b = getattr(first, name), getattr(second, name)
        assert a.read_bytes() == b.read_bytes(), name
        assert a.stat().st_size > 0


def test_a_dozen_customers_over_a_year(sample: OutcomeData) -> None:
    assert len(sample.customers) == 12
    days = sorted({u.date for u in sample.usage})
    assert days[-1] == SAMPLE_AS_OF
    assert (days[-1] - days[0]).days == 364
    assert sample.synthetic


def test_sample_verdicts(sample: OutcomeData) -> None:
    verdicts = {o.customer.customer: o.verdict for o in customer_outcomes(sample)}
    assert verdicts == {
        "aurora-bank": "on track",
        "birch-retail": "behind",
        "cobalt-energy": "on track",
        "delta-games": "at risk",
        "ember-insurance": "on track",
        "fjord-shipping": "no usage data",
        "granite-pharma": "behind",
        "harbor-telecom": "at risk",
        "iris-media": "on track",
        "juniper-auto": "at risk",
        "kestrel-gov": "not in production",
        "lumen-foods": "on track",
    }


def test_the_air_gapped_customer_sends_no_usage(sample: OutcomeData) -> None:
    (fjord,) = [c for c in sample.customers if c.air_gapped]
    assert sample.usage_of(fjord.customer) == ()
    assert sample.completions_of(fjord.customer)  # trained all the same


def test_sample_onboarding_and_trainer_coverage(sample: OutcomeData) -> None:
    current = current_credentials(sample.credentials, sample.revocations, sample.as_of)
    status = {ce.id: ce_progress(ce, sample.as_of, current).status for ce in sample.roster}
    assert sorted(k for k, v in status.items() if v == "behind") == ["felix", "ola"]
    coverage = trained_per_block(
        sample.blocks, sample.roster, sample.credentials, sample.revocations, sample.as_of
    )
    assert {b.block.id: b.percent for b in coverage} == {"foundations": 50.0, "code-security": 25.0}


def test_sample_impact_has_enough_customers_to_report_numbers(sample: OutcomeData) -> None:
    impact = training_impact(sample.customers, sample.usage, sample.completions, sample.as_of)
    assert impact.conclusive
    assert len(impact.rates) == 11  # every customer but the air-gapped one
