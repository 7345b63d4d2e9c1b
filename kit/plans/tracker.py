"""Track a plan: sessions done (from completions), late, or still to come, as of a day.

A completion is (customer, course or session id, date): one learner finishing a course in the
gradebook, or a CE marking a meeting or check-point held. A row names a session by its id, or by
its course when only one session of the plan teaches that course. Pure functions over records;
`read_completions` is the CSV adapter (columns `customer,course,date`, more columns ignored).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from kit.csv_io import csv_rows
from kit.errors import ConfigError
from kit.plans.schedule import EnablementPlan, PlannedSession

Status = Literal["done", "late", "upcoming", "past"]
"""`past`: dated before the as-of day while no completions are known (held or not, we cannot say)."""
COLUMNS = ("customer", "course", "date")


@dataclass(frozen=True)
class Completion:
    """A course (or session) completed by someone at a customer, on a day."""

    customer: str
    course: str
    day: date


@dataclass(frozen=True)
class SessionStatus:
    """Where one session stands."""

    session: PlannedSession
    status: Status
    completed_on: date | None = None
    completions: int = 0


def _matches(plan: EnablementPlan, completion: Completion) -> PlannedSession | None:
    by_id = {s.id: s for s in plan.sessions}
    if completion.course in by_id:
        return by_id[completion.course]
    teaching = [s for s in plan.sessions if s.course == completion.course]
    return teaching[0] if len(teaching) == 1 else None


def track(
    plan: EnablementPlan, completions: Iterable[Completion], as_of: date
) -> list[SessionStatus]:
    """Every session's status as of `as_of`: done once completed, late once its day has passed."""
    first: dict[str, date] = {}
    counts: Counter[str] = Counter()
    for completion in completions:
        if completion.customer != plan.customer.slug or completion.day > as_of:
            continue
        session = _matches(plan, completion)
        if session is None:
            continue
        counts[session.id] += 1
        first[session.id] = min(first.get(session.id, completion.day), completion.day)
    out: list[SessionStatus] = []
    for session in plan.sessions:
        if session.id in first:
            out.append(SessionStatus(session, "done", first[session.id], counts[session.id]))
        else:
            out.append(SessionStatus(session, "late" if session.day < as_of else "upcoming"))
    return out


def untracked(plan: EnablementPlan) -> list[SessionStatus]:
    """Every session's status without completions: past before the plan's as-of day, else
    upcoming (a past date is never shown as still to come)."""
    return [SessionStatus(s, "past" if s.day < plan.as_of else "upcoming") for s in plan.sessions]


def late(statuses: Iterable[SessionStatus]) -> list[PlannedSession]:
    """The sessions that are late, in plan order."""
    return [s.session for s in statuses if s.status == "late"]


def read_completions(path: Path) -> list[Completion]:
    """Completions from a CSV file with the columns customer, course, date (YYYY-MM-DD)."""
    out: list[Completion] = []
    for line, row in csv_rows(path, COLUMNS):
        try:
            day = date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            raise ConfigError(
                f"line {line}: date {row['date']!r} is not YYYY-MM-DD", where=path
            ) from None
        customer, course = (row["customer"] or "").strip(), (row["course"] or "").strip()
        if not customer or not course:
            raise ConfigError(f"line {line}: customer and course are required", where=path)
        out.append(Completion(customer, course, day))
    return out
