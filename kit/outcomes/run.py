"""One call from files (or the sample) to the written report: what `sgkit report` runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from kit.courses import TrainingBlock
from kit.outcomes.inputs import InputPaths, load_inputs
from kit.outcomes.report import build_report
from kit.outcomes.sample import SAMPLE_AS_OF, generate_sample
from kit.records import IssuedCredential, Records, RevocationRecord

SAMPLE_FOLDER = "sample-data"


def outcomes_report(
    out_dir: Path,
    inputs: InputPaths | None = None,
    *,
    as_of: dt.date | None = None,
    blocks: Iterable[TrainingBlock] = (),
    records_url: str | None = None,
) -> Path:
    """Write the report into `out_dir` from `inputs` (credentials from `records_url`), or from the
    sample written into `out_dir/sample-data/` when no inputs are given; return the page."""
    if inputs is None:
        data = generate_sample(out_dir / SAMPLE_FOLDER, blocks)
        if as_of is not None and as_of != SAMPLE_AS_OF:
            data = replace(data, as_of=as_of)
        return build_report(out_dir, data)
    credentials: list[IssuedCredential] = []
    revocations: Mapping[str, RevocationRecord] = {}
    if records_url:
        with Records(records_url) as store:
            credentials, revocations = store.credentials(), store.revocations()
    data = load_inputs(
        inputs,
        as_of=as_of or dt.date.today(),
        blocks=blocks,
        credentials=credentials,
        revocations=revocations,
    )
    return build_report(out_dir, data)
