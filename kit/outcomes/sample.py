"""Deterministic sample outcome data: a dozen fictional customers over a year (some on track, some
behind, one air-gapped, one not yet in production), their training completions, feedback and a CE
roster, written as the same CSVs a team would supply and read back through the same checks.

The numbers are simulated from a seeded generator; in it, user training lifts adoption, so the
impact analysis on this sample shows what it can find, not evidence that training works.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.courses import TrainingBlock
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import (
    COMPLETION_COLUMNS,
    CUSTOMER_COLUMNS,
    FEEDBACK_COLUMNS,
    ROSTER_COLUMNS,
    USAGE_COLUMNS,
    InputPaths,
    load_inputs,
)
from kit.outcomes.onboarding import DEMO_CERTIFICATION
from kit.records import IssuedCredential

SAMPLE_AS_OF = dt.date(2026, 10, 31)
SEED = 20261031
DAYS = 365
TRAINERS = {"Robin Vale": 9.0, "Sam Okafor": 8.2, "Lee Marsh": 6.6}
"""Fictional trainers and the mean rating their sessions draw."""


@dataclass(frozen=True)
class _Spec:
    slug: str
    name: str
    seats: int
    contract_days_before: int  # contract date, days before SAMPLE_AS_OF
    production_after_contract: int | None  # None: production not set up yet
    plateau: float  # adoption the customer heads for
    tau: float  # days to reach ~63% of it
    dau_mau: float
    trained_share: float  # Sourcegraph 101 completions per seat
    training_delay: int  # days after production (or contract) of the first 101 session
    air_gapped: bool = False


_CUSTOMERS: tuple[_Spec, ...] = (
    _Spec("aurora-bank", "Aurora Bank", 1200, 400, 55, 0.86, 70, 0.41, 0.25, 7),
    _Spec("birch-retail", "Birch Retail", 600, 350, 58, 0.66, 90, 0.34, 0.07, 45),
    _Spec("cobalt-energy", "Cobalt Energy", 450, 320, 42, 0.86, 75, 0.37, 0.22, 10),
    _Spec("delta-games", "Delta Games", 300, 260, 45, 0.64, 100, 0.46, 0.12, 30),
    _Spec("ember-insurance", "Ember Insurance", 800, 200, 34, 0.72, 60, 0.35, 0.20, 7),
    _Spec("fjord-shipping", "Fjord Shipping", 250, 300, 60, 0.7, 80, 0.35, 0.30, 7, True),
    _Spec("granite-pharma", "Granite Pharma", 500, 220, 61, 0.30, 90, 0.32, 0.04, 60),
    _Spec("harbor-telecom", "Harbor Telecom", 350, 150, 40, 0.62, 60, 0.17, 0.18, 10),
    _Spec("iris-media", "Iris Media", 150, 120, 45, 0.58, 60, 0.40, 0.25, 5),
    _Spec("juniper-auto", "Juniper Auto", 900, 80, 47, 0.34, 120, 0.33, 0.05, 20),
    _Spec("kestrel-gov", "Kestrel Government", 700, 90, None, 0.04, 30, 0.30, 0.03, 20),
    _Spec("lumen-foods", "Lumen Foods", 400, 380, 53, 0.80, 75, 0.35, 0.20, 7),
)

# id, name, level, days since start, onboarding weeks done, milestones met, days to Demo
# Certification (None: not yet), trainer blocks certified (block index into the catalog's list)
_ROSTER: tuple[tuple[str, str, int, int, int, str, int | None, tuple[int, ...]], ...] = (
    ("mara", "Mara Quist", 4, 700, 6, "30;60;90", 38, (0, 1)),
    ("tobias", "Tobias Renn", 3, 540, 6, "30;60;90", 45, (0, 1)),
    ("ines", "Ines Falk", 2, 420, 6, "30;60;90", 52, (0,)),
    ("dario", "Dario Costa", 2, 130, 6, "30;60;90", 49, (0,)),
    ("yuki", "Yuki Sato", 3, 80, 6, "30;60", 41, ()),
    ("felix", "Felix Brandt", 1, 72, 6, "30", None, ()),
    ("ola", "Ola Nowak", 1, 38, 4, "30", None, ()),
    ("noor", "Noor Haddad", 2, 12, 1, "", None, ()),
)
_WEBINARS = ("What's new in Sourcegraph", "Office hours: search tips", "Batch Changes in practice")
_COLLATERAL = (
    "Cheat sheet of search filters",
    "Recorded walkthrough of batch changes",
    "Admin upgrade runbook",
    "Slides to reuse with our own teams",
    "Code Security query library",
    "Exercise set for new hires",
)
_PRAISE = ("Clear and practical", "Great examples from our own code", "Good pace")
_CRITIQUE = ("Too fast for new users", "Needed more hands-on time", "Audio issues")


@dataclass(frozen=True)
class _Session:
    customer: str
    course: str
    day: dt.date
    learners: int
    trainer: str


def _day(index: int) -> dt.date:
    return SAMPLE_AS_OF - dt.timedelta(days=index)


def _production(spec: _Spec) -> dt.date | None:
    if spec.production_after_contract is None:
        return None
    return _day(spec.contract_days_before) + dt.timedelta(days=spec.production_after_contract)


def _first_training(spec: _Spec) -> dt.date:
    anchor = _production(spec) or _day(spec.contract_days_before)
    return anchor + dt.timedelta(days=spec.training_delay)


def _share(spec: _Spec, day: dt.date) -> float:
    """Simulated adoption: a ramp after production that training lifts from 70% to 100%."""
    production = _production(spec)
    if production is None or day < production:
        return 0.03  # trial and pilot users
    ramp = spec.plateau * (1 - math.exp(-(day - production).days / spec.tau))
    since_training = (day - _first_training(spec)).days
    lift = 0.0 if since_training < 0 else 1 - math.exp(-since_training / 20)
    return max(0.03, ramp * (0.7 + 0.3 * lift))


def _usage_rows(spec: _Spec, rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    contract = _day(spec.contract_days_before)
    for index in range(DAYS - 1, -1, -1):
        day = _day(index)
        if day < contract:
            continue
        mau = max(1, round(spec.seats * _share(spec, day) * rng.gauss(1, 0.01)))
        weekday = 1.15 if day.weekday() < 5 else 0.5
        dau = min(mau, max(0, round(mau * spec.dau_mau * weekday * rng.gauss(1, 0.05))))
        rows.append([spec.slug, day.isoformat(), dau, mau, spec.seats])
    return rows


def _sessions(spec: _Spec, rng: random.Random) -> list[_Session]:
    first = _first_training(spec)
    production = _production(spec) or first
    users = round(spec.seats * spec.trained_share)
    admins = 2 + spec.seats // 300
    trainers = sorted(TRAINERS)
    planned = [
        _Session(spec.slug, "admin", production - dt.timedelta(days=14), admins, ""),
        _Session(spec.slug, "sourcegraph-101", first, users - users // 2, ""),
        _Session(spec.slug, "sourcegraph-101", first + dt.timedelta(days=14), users // 2, ""),
        _Session(spec.slug, "sourcegraph-102", first + dt.timedelta(days=35), users // 4, ""),
    ]
    if spec.slug in {"aurora-bank", "cobalt-energy", "ember-insurance", "granite-pharma"}:
        planned.append(_Session(spec.slug, "code-security", first + dt.timedelta(days=49), 12, ""))
    return [
        _Session(s.customer, s.course, s.day, s.learners, rng.choice(trainers))
        for s in planned
        if s.day <= SAMPLE_AS_OF and s.learners > 0
    ]


def _rating(rng: random.Random, trainer: str) -> int:
    return max(0, min(10, round(rng.gauss(TRAINERS[trainer], 1.3))))


def _answer(
    rng: random.Random, day: dt.date, customer: str, kind: str, session: str, trainer: str
) -> list[object]:
    rating = _rating(rng, trainer)
    comment = rng.choice(_PRAISE if rating >= 8 else _CRITIQUE) if rng.random() < 0.6 else ""
    collateral = rng.choice(_COLLATERAL) if rng.random() < 0.25 else ""
    return [day.isoformat(), customer, kind, session, trainer, rating, comment, collateral]


def _feedback(
    sessions: Sequence[_Session], slugs: Sequence[str], rng: random.Random
) -> list[list[object]]:
    rows = []
    for s in sessions:
        for _ in range(min(8, 2 + s.learners // 10)):
            rows.append(_answer(rng, s.day, s.customer, "training", s.course, s.trainer))
    for month in range(11, -1, -1):
        day = _day(month * 30 + 10)
        title, trainer = _WEBINARS[month % len(_WEBINARS)], sorted(TRAINERS)[month % len(TRAINERS)]
        for _ in range(rng.randint(4, 9)):
            rows.append(_answer(rng, day, rng.choice(slugs), "webinar", title, trainer))
    return sorted(rows, key=lambda r: (str(r[0]), str(r[1]), str(r[3])))


def _credential(learner: str, certification: str, day: dt.date, years: int) -> IssuedCredential:
    at = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
    return IssuedCredential(
        id=f"urn:sample:{learner}:{certification}",
        learner=learner,
        certification=certification,
        issued_at=at,
        valid_until=at + dt.timedelta(days=365 * years),
        status_index=0,
        token="",  # sample records carry no signed token
        evidence=(),
    )


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _write(path: Path, header: Iterable[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(header))
        writer.writerows(rows)
    return path


def sample_credentials(blocks: Sequence[TrainingBlock]) -> list[IssuedCredential]:
    """The roster's Demo Certifications and trainer certifications (current on SAMPLE_AS_OF)."""
    out = []
    for ce_id, _name, _level, days_in, _weeks, _ms, demo_days, trained in _ROSTER:
        start = _day(days_in)
        if demo_days is not None:
            out.append(
                _credential(ce_id, DEMO_CERTIFICATION, start + dt.timedelta(days=demo_days), 3)
            )
        for offset, index in enumerate(trained):
            if index < len(blocks):
                # trainer credentials last a year: tenured CEs hold a renewed one
                day = max(start + dt.timedelta(days=100), _day(200 - 30 * offset))
                out.append(_credential(ce_id, blocks[index].trainer_certification, day, 1))
    return out


def write_sample(folder: Path) -> InputPaths:
    """Write the sample CSVs into `folder` (same bytes every run) and return their paths."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    customers = [
        [
            s.slug,
            s.name,
            s.seats,
            _day(s.contract_days_before).isoformat(),
            _iso(_production(s)),
            "yes" if s.air_gapped else "no",
        ]
        for s in _CUSTOMERS
    ]
    usage = [row for s in _CUSTOMERS if not s.air_gapped for row in _usage_rows(s, rng)]
    sessions = [session for s in _CUSTOMERS for session in _sessions(s, rng)]
    completions = [
        [s.customer, s.course, (s.day + dt.timedelta(days=rng.randint(0, 2))).isoformat()]
        for s in sessions
        for _ in range(s.learners)
    ]
    completions = [c for c in completions if str(c[2]) <= SAMPLE_AS_OF.isoformat()]
    feedback = _feedback(sessions, [s.slug for s in _CUSTOMERS], rng)
    roster = [
        [ce_id, name, level, _day(days_in).isoformat(), weeks, milestones]
        for ce_id, name, level, days_in, weeks, milestones, _demo, _blocks in _ROSTER
    ]
    return InputPaths(
        customers=_write(
            folder / "customers.csv",
            (*CUSTOMER_COLUMNS, "production_setup_date", "air_gapped"),
            customers,
        ),
        usage=_write(folder / "usage.csv", USAGE_COLUMNS, usage),
        feedback=_write(
            folder / "feedback.csv",
            (*FEEDBACK_COLUMNS, "comment", "collateral"),
            feedback,
        ),
        roster=_write(
            folder / "ce-roster.csv",
            (*ROSTER_COLUMNS, "milestones_met"),
            roster,
        ),
        completions=_write(
            folder / "completions.csv",
            COMPLETION_COLUMNS,
            sorted(completions, key=lambda r: (str(r[0]), str(r[2]), str(r[1]))),
        ),
    )


def generate_sample(folder: Path, blocks: Iterable[TrainingBlock] = ()) -> OutcomeData:
    """Write the sample CSVs into `folder` and read them back through the input checks."""
    given = tuple(blocks)
    return load_inputs(
        write_sample(folder),
        as_of=SAMPLE_AS_OF,
        blocks=given,
        credentials=sample_credentials(given),
        synthetic=True,
    )
