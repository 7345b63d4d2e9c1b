"""From files (or the sample) to the data the report and the dashboard show, and to the written
report: what `sgkit report` and `sgkit dashboard` run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kit.courses import Catalog, TrainingBlock, load_catalog
from kit.customers.loading import CUSTOMERS_DIR
from kit.outcomes.config import OutcomesConfig, load_outcomes_config
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import InputPaths, given_inputs, load_inputs
from kit.outcomes.report import build_report
from kit.outcomes.sample import SAMPLE_AS_OF, generate_sample
from kit.plans.completions import roster_completions
from kit.plans.tracker import Completion
from kit.project import Project
from kit.records import IssuedCredential, Records, RevocationRecord

if TYPE_CHECKING:
    from kit.outcomes.dashboard import DashboardSources

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
    config: OutcomesConfig | None = None,
    published: Iterable[str] = (),
) -> OutcomeData:
    """Read and check the data of `sources`; the sample is written into `sample_dir` when no
    input files are given. `config`: use cases and OKR goals; `published`: the catalog's
    published courses."""
    published = tuple(published)
    if sources.inputs is None:
        if sample_dir is None:
            raise ValueError("the sample needs a folder to be written to")
        data = generate_sample(sample_dir, blocks, config=config, published=published)
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
        config=config,
        published=published,
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
    config: OutcomesConfig | None = None,
    published: Iterable[str] = (),
) -> Path:
    """Write the report into `out_dir` from `inputs` (credentials from `records_url`), or from the
    sample written into `out_dir/sample-data/` when no inputs are given; return the page."""
    sources = OutcomeSources(inputs, records_url, gradebook_completions)
    data = load_outcome_data(
        sources,
        as_of=as_of,
        blocks=blocks,
        sample_dir=out_dir / SAMPLE_FOLDER,
        config=config,
        published=published,
    )
    return build_report(out_dir, data)


@dataclass(frozen=True)
class WrittenReport:
    """A written outcomes report: its page, whether it shows the sample, the completions that
    came from the gradebooks."""

    page: Path
    sample: bool
    graded: int

    @property
    def kind(self) -> str:
        return "sample data" if self.sample else "your data"


InputFiles = tuple[Path | None, Path | None, Path | None, Path | None, Path | None]
"""customers, usage, feedback, CE roster and completions CSVs, as given (None: not given)."""
HealthFiles = Mapping[str, Path | None]
"""The optional health inputs by name (HEALTH_INPUTS), as given."""


def _sources(
    project: Project,
    files: InputFiles,
    profiles: Sequence[Path],
    learners: Path | None,
    grading_dir: Path | None,
    records_url: str | None,
    health: HealthFiles | None = None,
) -> tuple[InputPaths | None, list[Completion], Catalog]:
    catalog = load_catalog(project.courses_dir)
    inputs = given_inputs(
        *files,
        profiles=profiles,
        default_profiles=project.courses_dir / CUSTOMERS_DIR,
        anything_else=bool(learners or records_url),
        health=health,
    )
    graded = roster_completions(project, catalog, learners, grading_dir=grading_dir)
    return inputs, graded, catalog


def write_outcomes_report(
    project: Project,
    out_dir: Path,
    files: InputFiles,
    *,
    profiles: Sequence[Path] = (),
    learners: Path | None = None,
    grading_dir: Path | None = None,
    records_url: str | None = None,
    as_of: dt.date | None = None,
    health: HealthFiles | None = None,
) -> WrittenReport:
    """`sgkit report`: the report from the given files (the sample when none is given; the
    checkout's customer profiles when neither `profiles` nor a customers.csv is), with the
    completions in the gradebooks of the learners on `learners` and credentials from
    `records_url`; `health`: the optional feature usage, product NPS, contracts and collateral
    requests."""
    inputs, graded, catalog = _sources(
        project, files, profiles, learners, grading_dir, records_url, health
    )
    page = outcomes_report(
        out_dir,
        inputs,
        as_of=as_of,
        blocks=catalog.training_blocks.values(),
        records_url=records_url,
        gradebook_completions=graded,
        config=load_outcomes_config(project.courses_dir, catalog.courses),
        published=[c.id for c in catalog.published_courses],
    )
    return WrittenReport(page, sample=inputs is None, graded=len(graded))


def dashboard_sources(
    project: Project,
    files: InputFiles,
    *,
    profiles: Sequence[Path] = (),
    learners: Path | None = None,
    grading_dir: Path | None = None,
    records_url: str | None = None,
    as_of: dt.date | None = None,
    health: HealthFiles | None = None,
) -> DashboardSources:
    """`sgkit dashboard`: what the dashboard kernel reads, from the same sources as the report."""
    from kit.outcomes.dashboard import DashboardSources

    inputs, graded, _ = _sources(
        project, files, profiles, learners, grading_dir, records_url, health
    )
    return DashboardSources(
        courses_dir=project.courses_dir,
        sample_dir=project.build_dir / "dashboard" / "sample-data",
        inputs=inputs,
        records_url=records_url,
        as_of=as_of,
        gradebook_completions=tuple(graded),
    )
