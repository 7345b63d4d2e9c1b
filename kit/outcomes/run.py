"""From files (or the sample) to the data the report and the dashboard show, and to the written
report: what `sgkit report` and `sgkit dashboard` run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kit.courses import TrainingBlock
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import InputPaths, load_inputs
from kit.outcomes.report import build_report
from kit.outcomes.sample import SAMPLE_AS_OF, generate_sample
from kit.plans.tracker import Completion
from kit.records import IssuedCredential, Records, RevocationRecord

SAMPLE_FOLDER = "sample-data"


@dataclass(frozen=True)
class OutcomeSources:
    """Where the outcome data comes from: CSV files (None: the seeded sample), the records
    database for credentials, and completions already read from the gradebooks."""

    inputs: InputPaths | None = None
    records_url: str | None = None
    gradebook_completions: Sequence[Completion] = ()


def load_outcome_data(
    sources: OutcomeSources,
    *,
    as_of: dt.date | None = None,
    blocks: Iterable[TrainingBlock] = (),
    sample_dir: Path | None = None,
) -> OutcomeData:
    """Read and check the data of `sources`; the sample is written into `sample_dir` when no
    input files are given."""
    if sources.inputs is None:
        if sample_dir is None:
            raise ValueError("the sample needs a folder to be written to")
        data = generate_sample(sample_dir, blocks)
        if as_of is not None and as_of != SAMPLE_AS_OF:
            data = replace(data, as_of=as_of)
        return data
    credentials: list[IssuedCredential] = []
    revocations: Mapping[str, RevocationRecord] = {}
    if sources.records_url:
        with Records(sources.records_url) as store:
            credentials, revocations = store.credentials(), store.revocations()
    data = load_inputs(
        sources.inputs,
        as_of=as_of or dt.date.today(),
        blocks=blocks,
        credentials=credentials,
        revocations=revocations,
    )
    if sources.gradebook_completions:
        known = {c.customer for c in data.customers}
        extra = [c for c in sources.gradebook_completions if c.customer in known]
        merged = sorted([*data.completions, *extra], key=lambda c: (c.day, c.customer, c.course))
        data = replace(data, completions=tuple(merged))
    return data


def outcomes_report(
    out_dir: Path,
    inputs: InputPaths | None = None,
    *,
    as_of: dt.date | None = None,
    blocks: Iterable[TrainingBlock] = (),
    records_url: str | None = None,
    gradebook_completions: Sequence[Completion] = (),
) -> Path:
    """Write the report into `out_dir` from `inputs` (credentials from `records_url`), or from the
    sample written into `out_dir/sample-data/` when no inputs are given; return the page."""
    sources = OutcomeSources(inputs, records_url, gradebook_completions)
    data = load_outcome_data(
        sources, as_of=as_of, blocks=blocks, sample_dir=out_dir / SAMPLE_FOLDER
    )
    return build_report(out_dir, data)
