"""Course completions from the gradebooks, per customer: a learner completes a course by the rule
of `kit.evidence` (every assignment's best submission at the course's passing score, the rule
certification uses), on the day of the latest of those submissions. Which customer a learner
belongs to comes from a learner roster (`learners.csv`: `learner,customer`), since nbgrader's
gradebook knows no organisations.

`plan_completions` gathers what `sgkit plan` marks sessions done with: a completions CSV and the
gradebooks of a roster's learners. Every customer they name must have a profile (given, or in the
checkout's `courses/customers/`) and every session or course id must be one of that customer's
plan sessions or a catalog course: a typo is refused with the closest match, never ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.courses import Catalog
from kit.csv_io import csv_rows
from kit.customers import CustomerProfile, load_profile
from kit.customers.loading import CUSTOMERS_DIR
from kit.customers.roster import ROSTER_COLUMNS, read_learner_roster
from kit.errors import ConfigError, did_you_mean
from kit.evidence import completed_courses
from kit.grading.grades import AssignmentScore
from kit.plans.stage import dated_plan
from kit.plans.tracker import Completion, read_completions
from kit.plans.trial import TrialPlan
from kit.project import Project


def course_completions(
    scores: Iterable[AssignmentScore], catalog: Catalog, learners: Mapping[str, str]
) -> list[Completion]:
    """One completion per (learner on the roster, course) whose every assignment is at the
    course's passing score; learners not on the roster are not counted."""
    done = completed_courses(scores, catalog.published_courses, learners=learners.keys())
    out = [
        Completion(learners[r.learner], r.course, r.completed_at.date())
        for r in done
        if r.completed_at
    ]
    return sorted(out, key=lambda c: (c.day, c.customer, c.course))


def gradebook_completions(
    project: Project,
    catalog: Catalog,
    learners: Mapping[str, str],
    *,
    grading_dir: Path | None = None,
) -> list[Completion]:
    """The completions recorded in every published course's gradebook (under the checkout's
    `grading/`, or `grading_dir`)."""
    from kit.evidence.gradebooks import gradebook_scores

    return course_completions(
        gradebook_scores(project, catalog, grading_dir=grading_dir), catalog, learners
    )


def roster_completions(
    project: Project,
    catalog: Catalog,
    roster: Path | None,
    *,
    grading_dir: Path | None = None,
    customers: Collection[str] | None = None,
) -> list[Completion]:
    """The course completions in the gradebooks of the learners on `roster` (a learners.csv);
    none without a roster. With `customers`, a learner of any other customer is a ConfigError
    naming the roster's line and the closest customer."""
    if roster is None:
        return []
    learners = read_learner_roster(roster)
    if customers is not None:
        check_roster_customers(roster, learners, customers)
    return gradebook_completions(project, catalog, learners, grading_dir=grading_dir)


def check_roster_customers(path: Path, learners: Mapping[str, str], known: Collection[str]) -> None:
    """Refuse a roster (`learner -> customer`, read from `path`) naming an unknown customer."""
    unknown = {c for c in learners.values() if c not in known}
    if not unknown:
        return
    # The roster keeps no line numbers (kit.customers.roster); find the first offending row.
    for line, row in csv_rows(path, ROSTER_COLUMNS):
        customer = (row["customer"] or "").strip()
        if customer in unknown:
            raise ConfigError(
                f"line {line}: unknown customer {customer!r}"
                + did_you_mean(customer, known, what="customers with a profile"),
                where=path,
            )


def plan_ids(profile: CustomerProfile, courses_dir: Path, catalog: Catalog) -> frozenset[str]:
    """What a completion for `profile`'s customer may name: a session of its plan (90-day or
    trial) or any course of the catalog."""
    dated = dated_plan(profile, courses_dir, catalog)
    plan = dated.plan if isinstance(dated, TrialPlan) else dated
    return frozenset({s.id for s in plan.sessions} | set(catalog.courses))


def check_completions(
    path: Path, completions: Sequence[Completion], known: Mapping[str, Collection[str]]
) -> None:
    """Refuse the first completion (read from `path`) whose customer is not in `known` or whose
    session or course id is not among its customer's `known` ids, naming the closest match."""
    # read_completions returns one completion per row, numbered as csv_rows numbers them.
    for line, done in enumerate(completions, start=2):
        if done.customer not in known:
            raise ConfigError(
                f"line {line}: unknown customer {done.customer!r}"
                + did_you_mean(done.customer, known, what="customers with a profile"),
                where=path,
            )
        ids = known[done.customer]
        if done.course not in ids:
            raise ConfigError(
                f"line {line}: unknown session or course {done.course!r} for {done.customer}"
                + did_you_mean(done.course, ids, what="its plan's sessions and the courses"),
                where=path,
            )


def known_profiles(
    project: Project, given: Iterable[CustomerProfile]
) -> dict[str, CustomerProfile]:
    """The profiles completions may name, by slug: `given`, then the checkout's
    `courses/customers/*.yaml` (one that does not load is skipped here; `sgkit plan` on it says
    why)."""
    known = {p.slug: p for p in given}
    for path in sorted((project.courses_dir / CUSTOMERS_DIR).glob("*.yaml")):
        try:
            profile = load_profile(path)
        except ConfigError:
            continue
        known.setdefault(profile.slug, profile)
    return known


@dataclass(frozen=True)
class PlanCompletions:
    """What marks plan sessions done: the completions (None: neither a CSV nor a roster was
    given) and how many of them came from the gradebooks."""

    completions: list[Completion] | None
    graded: int = 0


def plan_completions(
    project: Project,
    catalog: Catalog,
    profiles: Iterable[CustomerProfile],
    *,
    completions: Path | None = None,
    learners: Path | None = None,
    grading_dir: Path | None = None,
) -> PlanCompletions:
    """The completions `sgkit plan` tracks: the CSV `completions` and the gradebook completions
    of the roster `learners`, each customer and id checked (see the module docstring)."""
    if completions is None and learners is None:
        return PlanCompletions(None)
    profiled = known_profiles(project, profiles)
    done: list[Completion] = []
    if completions is not None:
        done = read_completions(completions)
        known = {slug: plan_ids(p, project.courses_dir, catalog) for slug, p in profiled.items()}
        check_completions(completions, done, known)
    graded = roster_completions(
        project, catalog, learners, grading_dir=grading_dir, customers=profiled.keys()
    )
    return PlanCompletions(done + graded, len(graded))
