"""What `sgkit plan` runs: every customer's dated plan written as HTML and iCalendar, each
session marked done, late or upcoming when completions are known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.courses import Catalog
from kit.customers import CustomerProfile
from kit.plans.render import PlanFiles, write_plan, write_trial_plan
from kit.plans.schedule import PlannedSession
from kit.plans.stage import dated_plan
from kit.plans.tracker import Completion, late, track
from kit.plans.trial import TrialPlan


@dataclass(frozen=True)
class WrittenPlan:
    """One customer's plan as written: its files, whether it is a trial, the late sessions."""

    customer: str
    files: PlanFiles
    trial: bool = False
    late: list[PlannedSession] = field(default_factory=list)


def write_customer_plans(
    profiles: Sequence[CustomerProfile],
    courses_dir: Path,
    catalog: Catalog,
    out: Path,
    *,
    completions: Sequence[Completion] | None = None,
    as_of: date | None = None,
) -> list[WrittenPlan]:
    """Write each profile's plan into `out/<slug>/`: the trial plan at `stage: trial`, else the
    90-day plan, dated as of `as_of` (default: today: nothing before it is shown as to come),
    with each session done, late or upcoming when `completions` are given."""
    day = as_of or date.today()
    written = []
    for profile in profiles:
        dated = dated_plan(profile, courses_dir, catalog, as_of=day)
        if isinstance(dated, TrialPlan):
            files = write_trial_plan(dated, out / profile.slug)
            written.append(WrittenPlan(profile.name, files, trial=True))
            continue
        statuses = track(dated, completions, day) if completions is not None else None
        files = write_plan(
            dated,
            out / profile.slug,
            statuses=statuses,
            as_of=day,
        )
        written.append(WrittenPlan(profile.name, files, late=late(statuses or [])))
    return written
