"""The 90-day enablement plan: dated sessions in the template's order, a valid calendar, a tracker."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.customers import CustomerProfile, load_profile
from kit.errors import ConfigError
from kit.plans import (
    Completion,
    EnablementPlan,
    PlanTemplate,
    build_plan,
    late,
    load_plan_template,
    plan_calendar,
    plan_html,
    read_completions,
    track,
    write_plan,
)
from kit.plans.ics import escape_text, fold, unfold
from kit.plans.schedule import working_day
from kit.project import Project

TODAY = date(2026, 11, 23)
STAMP = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
BEFORE_KICKOFF = date(2026, 10, 1)
"""Helix Health's kick-off is 2026-10-05: as of this day, every session is still to come."""


@pytest.fixture(scope="module")
def template(project: Project, catalog: Catalog) -> PlanTemplate:
    return load_plan_template(project.courses_dir / "plans" / "90-day.yaml", catalog)


def customer(project: Project, slug: str) -> CustomerProfile:
    return load_profile(project.courses_dir / "customers" / f"{slug}.yaml", today=TODAY)


def plan_for(
    project: Project,
    slug: str,
    template: PlanTemplate,
    catalog: Catalog,
    as_of: date = BEFORE_KICKOFF,
) -> EnablementPlan:
    return build_plan(customer(project, slug), template, catalog, as_of=as_of)


def test_the_plan_follows_the_template_order(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    plan = plan_for(project, "tallgrass-logistics", template, catalog)
    day = {s.id: s.day for s in plan.sessions}
    assert plan.sessions[0].id == "kickoff" and day["kickoff"] == plan.kickoff
    assert day["sourcegraph-101"] - plan.kickoff <= timedelta(days=14), "101 in the first weeks"
    assert day["admin"] < plan.production, "admin training before production set-up"
    assert day["sourcegraph-102"] > plan.production
    assert day["use-case-developer-onboarding"] > plan.production
    assert day["use-case-incident-response"] > day["use-case-developer-onboarding"]
    assert plan.production_planned and plan.production == plan.kickoff + timedelta(days=35)
    assert [s.start for s in plan.sessions] == sorted(s.start for s in plan.sessions)
    assert all(s.day.weekday() < 5 for s in plan.sessions), "sessions on working days"


def test_checkpoints_count_from_production_against_25_percent_of_seats(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    plan = plan_for(project, "helix-health", template, catalog)
    assert not plan.production_planned and plan.production == date(2026, 10, 30)
    checkpoints = {s.id: s for s in plan.sessions if s.kind == "checkpoint"}
    day90 = checkpoints["checkpoint-day-90"]
    assert day90.day == working_day(date(2026, 10, 30) + timedelta(days=90))
    assert day90.outcome.startswith("100 of 400 seats active monthly (25%")
    assert checkpoints["checkpoint-day-180"].later
    assert checkpoints["checkpoint-day-180"].outcome.startswith("200 of 400 seats")


def test_sessions_follow_the_customers_audiences_and_use_cases(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    helix = plan_for(project, "helix-health", template, catalog)
    meridian = plan_for(project, "meridian-federal", template, catalog)
    helix_ids = {s.id for s in helix.sessions}
    meridian_ids = {s.id for s in meridian.sessions}
    assert "use-case-code-security" in helix_ids and "use-case-code-security" not in meridian_ids
    assert {"use-case-code-health", "use-case-code-reuse"} <= meridian_ids
    security = next(s for s in helix.sessions if s.id == "use-case-code-security")
    assert security.course == "code-security" and security.minutes == 135
    no_admins = customer(project, "helix-health").model_copy(update={"audiences": ("developers",)})
    assert "admin" not in {s.id for s in build_plan(no_admins, template, catalog).sessions}


def test_no_session_comes_before_the_kickoff(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    early = customer(project, "helix-health").model_copy(
        update={"production_setup_date": date(2026, 9, 1)}
    )
    plan = build_plan(early, template, catalog)
    assert min(s.day for s in plan.sessions) == plan.kickoff


def test_the_calendar_is_valid_rfc_5545(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    plan = plan_for(project, "helix-health", template, catalog)
    document = plan_calendar(plan, stamp=STAMP)
    raw = document.encode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = list(unfold(document))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    assert len(events) == len(plan.sessions)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(plan.sessions)
    assert lines.count("DTSTAMP:20261123T093000Z") == len(plan.sessions)
    assert "DTSTART:20261005T080000Z" in lines, "10:00 in Berlin (CEST) is 08:00 UTC"
    assert "X-WR-TIMEZONE:Europe/Berlin" in lines
    description = next(
        line for line in lines if line.startswith("DESCRIPTION:Course: sourcegraph-101")
    )
    assert "\\nOutcome: First developers search" in description
    assert "\\nAudience: developers" in description
    again = plan_calendar(plan, stamp=STAMP)
    assert again == document, "the same plan gives the same calendar"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
    ],
)
def test_text_values_are_escaped(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_folding_keeps_multibyte_characters_whole() -> None:
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(pieces)) == line


def test_the_tracker_marks_done_from_completions_and_lists_the_late(
    project: Project, template: PlanTemplate, catalog: Catalog
) -> None:
    plan = plan_for(project, "helix-health", template, catalog)
    completions = [
        Completion("helix-health", "kickoff", date(2026, 10, 5)),
        Completion("helix-health", "sourcegraph-101", date(2026, 10, 16)),
        Completion("helix-health", "sourcegraph-101", date(2026, 10, 15)),
        Completion("other-customer", "admin", date(2026, 10, 15)),
        Completion("helix-health", "sourcegraph-102", date(2027, 1, 5)),  # after as_of
    ]
    statuses = {s.session.id: s for s in track(plan, completions, date(2026, 11, 23))}
    assert statuses["kickoff"].status == "done"
    assert (statuses["sourcegraph-101"].completed_on, statuses["sourcegraph-101"].completions) == (
        date(2026, 10, 15),
        2,
    )
    assert statuses["admin"].status == "late", "another customer's completion does not count"
    assert statuses["sourcegraph-102"].status == "late"
    assert statuses["checkpoint-day-90"].status == "upcoming"
    assert [s.id for s in late(statuses.values())][:2] == ["admin", "sourcegraph-102"]


def test_completions_are_read_from_csv_with_errors_by_line(tmp_path: Path) -> None:
    good = tmp_path / "completions.csv"
    good.write_text("customer,course,date,learner\nhelix-health,sourcegraph-101,2026-10-15,l1\n")
    assert read_completions(good) == [
        Completion("helix-health", "sourcegraph-101", date(2026, 10, 15))
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("customer,course,date\nhelix-health,sourcegraph-101,15/10/2026\n")
    with pytest.raises(ConfigError, match=r"bad.csv: line 2: date '15/10/2026' is not YYYY-MM-DD"):
        read_completions(bad)
    with pytest.raises(ConfigError, match=r"missing column 'date'"):
        (tmp_path / "cols.csv").write_text("customer,course\n")
        read_completions(tmp_path / "cols.csv")


def test_the_html_page_shows_each_session_with_course_audience_outcome_and_date(
    project: Project, template: PlanTemplate, catalog: Catalog, tmp_path: Path
) -> None:
    plan = plan_for(project, "helix-health", template, catalog)
    statuses = track(plan, [Completion("helix-health", "kickoff", date(2026, 10, 5))], TODAY)
    files = write_plan(plan, tmp_path, statuses=statuses, as_of=TODAY, stamp=STAMP)
    html = files.html.read_text()
    assert "<h1>Helix Health</h1>" in html
    assert "Kubernetes with Helm" in html and "100 monthly active users by day 90" in html
    for session in plan.sessions:
        assert session.title.replace("&", "&amp;") in html
        assert session.day.strftime("%a %d %b %Y") in html
    assert "<code>sourcegraph-101</code>" in html
    assert re.search(
        r"Late as of 2026-11-23:</b> Sourcegraph 101: Code Search for Developers; Sourcegraph Administration",
        html,
    )
    assert files.ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert "<script" not in plan_html(plan)


def test_a_template_naming_an_unknown_course_is_refused(
    project: Project, catalog: Catalog, tmp_path: Path
) -> None:
    text = (project.courses_dir / "plans" / "90-day.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("course: sourcegraph-102", "course: sourcegraph-103", 1))
    with pytest.raises(ConfigError, match=r"bad.yaml: field 'sessions.3.course': unknown course"):
        load_plan_template(bad, catalog)
