"""Deterministic sample outcome data: a dozen fictional customers over a year (some on track, some
behind, one air-gapped, one not yet in production), their training completions, feedback and a CE
roster, their feature usage, product NPS answers and contracts, and the CE team's collateral
requests, written as the same CSVs a team would supply and read back through the same checks.

The numbers are simulated from a seeded generator with known effects planted, so the analysis on
this sample shows what it can find, not evidence that training works: user training lifts
adoption; the Code Security course lifts the use of the features it teaches (PLANTED_EFFECT,
TAUGHT_FEATURES) and nothing else (the other features are the set with no effect); a customer
that has had Sourcegraph 101 answers the product survey about PLANTED_NPS_LIFT points higher.
`planted_panel` simulates smaller weekly panels, with or without an effect, for checking the
estimator over many seeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

from kit.courses import TrainingBlock
from kit.outcomes.config import OutcomesConfig
from kit.outcomes.data import OutcomeData
from kit.outcomes.inputs import (
    COLLATERAL_COLUMNS,
    COMPLETION_COLUMNS,
    CONTRACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FEATURE_USAGE_COLUMNS,
    FEEDBACK_COLUMNS,
    PRODUCT_NPS_COLUMNS,
    ROSTER_COLUMNS,
    USAGE_COLUMNS,
    InputPaths,
    load_inputs,
)
from kit.outcomes.models import FEATURES
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
PLANTED_EFFECT = math.log(1.35)
"""Log points the taught features' use per active user rises after the Code Security course."""
TAUGHT_FEATURES = ("searches", "code_monitors", "batch_changes")
"""The features the sample's Code Security training lifts (as courses/plans/outcomes.yaml maps them)."""
USE_CASE_COURSE = "code-security"
PLANTED_NPS_LIFT = 1.4
"""Rating points a customer's product NPS answers rise once it has had Sourcegraph 101."""
_FEATURE_RATES = dict(zip(FEATURES, (4.0, 6.0, 0.08, 0.04, 0.1, 0.05, 12.0), strict=True))
"""Weekday events per monthly active user, before any use-case training."""
# days before SAMPLE_AS_OF requested, CE, asset, days to deliver (None: open)
_COLLATERAL_REQUESTS: tuple[tuple[int, str, str, int | None], ...] = (
    (205, "mara", "Kick-off e-mail template", 9),
    (200, "tobias", "Search filters cheat sheet", 12),
    (180, "ines", "Admin upgrade runbook", 20),
    (150, "mara", "Code Security handout", 15),
    (120, "dario", "Batch Changes walkthrough script", 10),
    (110, "tobias", "Exercise set for new hires", 18),
    (95, "yuki", "90-day plan slides", 7),
    (60, "ines", "Code insights cheat sheet", 14),
    (20, "dario", "Air-gapped install checklist", 6),
    (12, "felix", "Notebooks handout", None),
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


def _first_days(completions: Sequence[Sequence[object]], course: str) -> dict[str, dt.date]:
    first: dict[str, dt.date] = {}
    for customer, name, day in completions:
        if name == course:
            when = dt.date.fromisoformat(str(day))
            first[str(customer)] = min(when, first.get(str(customer), when))
    return first


def _feature_rows(
    usage: Sequence[Sequence[object]], trained: dict[str, dt.date], rng: random.Random
) -> list[list[object]]:
    """Daily feature events: per-user rates x active users x the customer's own level x a
    calendar shock all share x a persistent customer-week shock, lifted after the course."""
    calendar: dict[dt.date, float] = {}
    level: dict[str, float] = {}
    shock: dict[str, tuple[dt.date, float]] = {}
    production = {s.slug: _production(s) for s in _CUSTOMERS}
    rows: list[list[object]] = []
    for slug, day_text, _dau, mau, _seats in usage:
        day, name = dt.date.fromisoformat(str(day_text)), str(slug)
        start = production[name]
        if start is None or day < start:
            continue
        week = day - dt.timedelta(days=day.weekday())
        if week not in calendar:
            calendar[week] = rng.gauss(0, 0.05)
        if name not in level:
            level[name] = rng.gauss(0, 0.3)
        last_week, last = shock.get(name, (week, 0.0))
        if last_week != week or name not in shock:
            shock[name] = (week, 0.5 * last + rng.gauss(0, 0.08))
        base = level[name] + calendar[week] + shock[name][1] + rng.gauss(0, 0.05)
        lifted = name in trained and day > trained[name]
        weekday = 1.0 if day.weekday() < 5 else 0.3
        counts = [
            round(
                rate
                * int(str(mau))
                * weekday
                * math.exp(base + (PLANTED_EFFECT if lifted and f in TAUGHT_FEATURES else 0))
            )
            for f, rate in _FEATURE_RATES.items()
        ]
        rows.append([name, day.isoformat(), *counts])
    return rows


def _product_nps(trained: dict[str, dt.date], rng: random.Random) -> list[list[object]]:
    """Monthly product survey answers from each customer from three weeks after its contract."""
    rows: list[list[object]] = []
    for spec in _CUSTOMERS:
        day = _day(spec.contract_days_before) + dt.timedelta(days=21)
        while day <= SAMPLE_AS_OF:
            had_101 = spec.slug in trained and trained[spec.slug] <= day
            for n in range(rng.randint(2, 5)):
                mean = 6.9 + (PLANTED_NPS_LIFT if had_101 else 0.0)
                rating = max(0, min(10, round(rng.gauss(mean, 1.8))))
                rows.append([day.isoformat(), spec.slug, rating, f"respondent-{n + 1}"])
            day += dt.timedelta(days=30)
    return rows


def _contracts() -> list[list[object]]:
    """A one-year term per customer from its contract date: renewed with 10% more seats once it
    has ended, undecided before."""
    rows: list[list[object]] = []
    for spec in _CUSTOMERS:
        start = _day(spec.contract_days_before)
        end = start + dt.timedelta(days=365)
        ended = end <= SAMPLE_AS_OF
        after = round(spec.seats * 1.1) if ended else ""
        rows.append([spec.slug, start.isoformat(), end.isoformat(), spec.seats,
                     "yes" if ended else "", after])  # fmt: skip
    return rows


def _collateral_requests() -> list[list[object]]:
    return [
        [_day(ago).isoformat(), ce, asset, _iso(None if took is None else _day(ago - took))]
        for ago, ce, asset, took in _COLLATERAL_REQUESTS
    ]


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
    paths = InputPaths(
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
    return _write_health(paths, folder, usage, completions)


def _write_health(
    paths: InputPaths,
    folder: Path,
    usage: Sequence[Sequence[object]],
    completions: Sequence[Sequence[object]],
) -> InputPaths:
    """`paths` with the customer-health and OKR inputs, drawn from their own generator (so the
    other files stay what they were)."""
    rng = random.Random(SEED + 1)
    security = _first_days(completions, USE_CASE_COURSE)
    user_training = _first_days(completions, "sourcegraph-101")
    return replace(
        paths,
        feature_usage=_write(
            folder / "feature-usage.csv",
            FEATURE_USAGE_COLUMNS,
            _feature_rows(usage, security, rng),
        ),
        product_nps=_write(
            folder / "product-nps.csv",
            (*PRODUCT_NPS_COLUMNS, "respondent"),
            sorted(_product_nps(user_training, rng), key=lambda r: (str(r[0]), str(r[1]))),
        ),
        contracts=_write(folder / "contracts.csv", CONTRACT_COLUMNS, _contracts()),
        collateral_requests=_write(
            folder / "collateral-requests.csv", COLLATERAL_COLUMNS, _collateral_requests()
        ),
    )


def generate_sample(
    folder: Path,
    blocks: Iterable[TrainingBlock] = (),
    *,
    config: OutcomesConfig | None = None,
    published: Iterable[str] = (),
) -> OutcomeData:
    """Write the sample CSVs into `folder` and read them back through the input checks."""
    given = tuple(blocks)
    return load_inputs(
        write_sample(folder),
        as_of=SAMPLE_AS_OF,
        blocks=given,
        credentials=sample_credentials(given),
        synthetic=True,
        config=config,
        published=published,
    )


def planted_panel(
    rng: np.random.Generator,
    *,
    customers: int,
    trained: int,
    weeks: int,
    effect: float,
    anticipation: int = 0,
) -> tuple[pd.DataFrame, dict[str, dt.date]]:
    """A simulated weekly panel (see `weekly_panel`) with `effect` (log points) planted on the
    `trained` customers from a random week in the middle half (`anticipation` weeks early: a
    change that starts before the training): for checking the estimator."""
    start = dt.date(2026, 1, 5)
    level = rng.normal(0.0, 0.4, customers)
    calendar = rng.normal(0.0, 0.08, weeks)
    trained_on: dict[str, dt.date] = {}
    rows: list[tuple[str, dt.date, float]] = []
    for k in range(customers):
        name = f"c{k:02d}"
        turn = int(rng.integers(weeks // 4, 3 * weeks // 4)) if k < trained else None
        if turn is not None:
            trained_on[name] = start + dt.timedelta(weeks=turn, days=2)
        shock = 0.0
        for w in range(weeks):
            shock = 0.5 * shock + rng.normal(0.0, 0.12)  # weeks of one customer hang together
            lift = effect if turn is not None and w > turn - anticipation else 0.0
            rows.append(
                (name, start + dt.timedelta(weeks=w), level[k] + calendar[w] + shock + lift)
            )
    frame = pd.DataFrame(rows, columns=["customer", "week", "y"])
    return frame, trained_on
