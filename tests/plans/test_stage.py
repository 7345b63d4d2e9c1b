"""Where a customer is on a given day (trial, before production, in production for N days), and
plans read as of that day: no past date offered as still to come, times in the customer's zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.customers import CustomerProfile, load_profile
from kit.plans import TrialPlan, dated_plan, plan_calendar, plan_html, trial_html
from kit.plans.ics import unfold
from kit.plans.run import write_customer_plans
from kit.plans.schedule import EnablementPlan
from kit.plans.stage import Phase, standing
from kit.project import Project

TODAY = date(2026, 11, 23)
STAMP = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def customer(project: Project, slug: str, **changes: object) -> CustomerProfile:
    profile = load_profile(project.courses_dir / "customers" / f"{slug}.yaml", today=TODAY)
    return profile.model_copy(update=changes)


def plan_as_of(
    project: Project, catalog: Catalog, profile: CustomerProfile, as_of: date
) -> EnablementPlan:
    dated = dated_plan(profile, project.courses_dir, catalog, as_of=as_of)
    return dated.plan if isinstance(dated, TrialPlan) else dated


@pytest.mark.parametrize(
    ("slug", "as_of", "phase", "started", "days"),
    [
        ("meridian-federal", date(2027, 1, 4), Phase.TRIAL, False, None),
        ("meridian-federal", date(2027, 1, 20), Phase.TRIAL, True, None),
        ("tallgrass-logistics", date(2026, 11, 23), Phase.BEFORE_PRODUCTION, False, None),
        ("helix-health", date(2026, 10, 20), Phase.BEFORE_PRODUCTION, True, None),
        ("helix-health", date(2026, 10, 30), Phase.IN_PRODUCTION, True, 0),
        ("helix-health", date(2026, 12, 9), Phase.IN_PRODUCTION, True, 40),
    ],
)
def test_standing_says_where_the_customer_is_on_a_day(
    project: Project, slug: str, as_of: date, phase: Phase, started: bool, days: int | None
) -> None:
    where = standing(customer(project, slug), as_of)
    assert (where.phase, where.started, where.days_in_production) == (phase, started, days)


def test_the_plan_page_marks_sessions_before_the_as_of_day_past_never_upcoming(
    project: Project, catalog: Catalog
) -> None:
    plan = plan_as_of(project, catalog, customer(project, "helix-health"), date(2026, 12, 9))
    assert plan.earlier and plan.upcoming
    page = plan_html(plan)
    assert "in production for 40 days (as of 2026-12-09)" in page
    rows = re.findall(r'<tr class="[^"]*">.*?</tr>', page, re.DOTALL)
    assert len(rows) == len(plan.sessions)
    for session, row in zip(plan.sessions, rows, strict=True):
        expected = "past" if session.day < plan.as_of else "upcoming"
        assert f'class="status {expected}"' in row, session.id


def test_the_calendar_offers_only_sessions_still_to_come(
    project: Project, catalog: Catalog
) -> None:
    plan = plan_as_of(project, catalog, customer(project, "helix-health"), date(2026, 12, 9))
    lines = list(unfold(plan_calendar(plan, stamp=STAMP)))
    starts = [line for line in lines if line.startswith("DTSTART")]
    assert len(starts) == len(plan.upcoming) < len(plan.sessions)
    assert all(s[len("DTSTART:") :] >= "20261209" for s in starts)


@pytest.mark.parametrize(
    ("zone", "kickoff_utc", "shown"),
    [
        ("UTC", "DTSTART:20261005T100000Z", "10:00 UTC"),
        ("Europe/Berlin", "DTSTART:20261005T080000Z", "10:00 CEST"),  # summer time
        ("America/Chicago", "DTSTART:20261005T150000Z", "10:00 CDT"),
        ("Asia/Kolkata", "DTSTART:20261005T043000Z", "10:00 IST"),
    ],
)
def test_session_times_are_in_the_customer_s_zone_and_utc_in_the_calendar(
    project: Project, catalog: Catalog, zone: str, kickoff_utc: str, shown: str
) -> None:
    profile = customer(project, "helix-health", time_zone=zone)
    plan = plan_as_of(project, catalog, profile, date(2026, 10, 1))
    lines = list(unfold(plan_calendar(plan, stamp=STAMP)))
    assert kickoff_utc in lines
    assert f"X-WR-TIMEZONE:{zone}" in lines
    assert all(
        re.fullmatch(r"DT(START|END):\d{8}T\d{6}Z", line)
        for line in lines
        if line.startswith(("DTSTART", "DTEND"))
    )
    page = plan_html(plan)
    assert f"{shown}, 60 min" in page and f"times in {zone}" in page


def test_winter_sessions_shift_with_daylight_saving(project: Project, catalog: Catalog) -> None:
    plan = plan_as_of(project, catalog, customer(project, "helix-health"), date(2026, 10, 1))
    lines = list(unfold(plan_calendar(plan, stamp=STAMP)))
    assert "DTSTART:20261005T080000Z" in lines  # 10:00 CEST
    assert "DTSTART:20270128T090000Z" in lines  # day-90 check-point, 10:00 CET
    assert "10:00 CET, 30 min" in plan_html(plan)


def test_the_trial_page_and_calendar_carry_the_zone_and_the_as_of_day(
    project: Project, catalog: Catalog
) -> None:
    dated = dated_plan(
        customer(project, "meridian-federal"), project.courses_dir, catalog, as_of=date(2027, 1, 20)
    )
    assert isinstance(dated, TrialPlan)
    page = trial_html(dated)
    assert "as of 2027-01-20" in page and "times in America/New_York" in page
    assert "10:00 EST" in page and ">past</td>" in page and ">upcoming</td>" in page
    starts = [
        ln for ln in unfold(plan_calendar(dated.plan, stamp=STAMP)) if ln.startswith("DTSTART")
    ]
    assert starts and all(s >= "DTSTART:20270120" for s in starts)


def test_sgkit_plan_dates_every_customer_as_of_the_day_given(
    project: Project, catalog: Catalog, tmp_path: Path
) -> None:
    profiles = [customer(project, s) for s in ("helix-health", "meridian-federal")]
    written = write_customer_plans(
        profiles, project.courses_dir, catalog, tmp_path, as_of=date(2026, 12, 9)
    )
    helix = written[0].files.html.read_text()
    assert "in production for 40 days (as of 2026-12-09)" in helix
    calendar = written[0].files.ics.read_text()
    assert "DTSTART:20261005" not in calendar, "the past kick-off is not offered"
