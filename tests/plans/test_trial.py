"""The trial (POC) track: a customer at `stage: trial` gets a short plan of first-week tasks,
success criteria tied to its use cases, check-ins and the trial's trainings, as HTML, a calendar
and a kickoff e-mail; its variants hold only the trial's assignments."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
import yaml

from kit.collateral.kickoff import kickoff_email
from kit.courses import Catalog
from kit.customers import Stage, UseCase, load_profile
from kit.errors import ConfigError
from kit.plans import (
    EnablementPlan,
    TrialPlan,
    TrialTemplate,
    build_trial_plan,
    dated_plan,
    load_trial_template,
    trial_html,
    write_trial_plan,
)
from kit.plans.ics import unfold
from kit.project import Project

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def template(project: Project, catalog: Catalog) -> TrialTemplate:
    return load_trial_template(project.courses_dir / "plans" / "trial.yaml", catalog)


@pytest.fixture(scope="module")
def meridian(project: Project, catalog: Catalog, template: TrialTemplate) -> TrialPlan:
    profile = load_profile(project.courses_dir / "customers" / "meridian-federal.yaml", today=TODAY)
    return build_trial_plan(profile, template, catalog)


def test_a_trial_customer_gets_the_trial_plan_and_a_customer_who_bought_the_90_day_one(
    project: Project, catalog: Catalog
) -> None:
    folder = project.courses_dir / "customers"
    trial = load_profile(folder / "meridian-federal.yaml", today=TODAY)
    bought = load_profile(folder / "helix-health.yaml", today=TODAY)
    assert trial.stage is Stage.TRIAL and bought.stage is Stage.ONBOARDING
    assert isinstance(dated_plan(trial, project.courses_dir, catalog), TrialPlan)
    assert isinstance(dated_plan(bought, project.courses_dir, catalog), EnablementPlan)


def test_success_criteria_are_the_common_ones_and_those_of_the_chosen_use_cases(
    meridian: TrialPlan, template: TrialTemplate
) -> None:
    assert meridian.plan.customer.use_cases == (UseCase.CODE_HEALTH, UseCase.CODE_REUSE)
    expected = (
        template.success_criteria["always"]
        + template.success_criteria["code-health"]
        + template.success_criteria["code-reuse"]
    )
    assert meridian.criteria == expected
    assert not any("secret" in c for c in meridian.criteria), "Code Security was not chosen"


def test_the_trial_is_dated_from_its_kickoff_on_working_days(meridian: TrialPlan) -> None:
    plan = meridian.plan
    assert plan.kickoff == date(2027, 1, 11)  # a Monday: day 0
    assert all(s.day.weekday() < 5 for s in plan.sessions)
    assert [t.day for t in meridian.tasks] == sorted(t.day for t in meridian.tasks)
    assert meridian.tasks[0].day == date(2027, 1, 11)
    last = plan.sessions[-1]
    assert last.title.startswith("Decision meeting") and meridian.decision_day == last.day
    assert last.day == date(2027, 2, 8)  # day 28


def test_the_trainings_are_the_trial_parts_of_101_and_of_the_use_case_courses(
    meridian: TrialPlan, catalog: Catalog
) -> None:
    assert meridian.trainings == {
        "sourcegraph-101": ("search-basics", "filters-and-scoping"),
        "sourcegraph-102": ("batch-changes", "structural-search"),
    }
    first = next(s for s in meridian.plan.sessions if s.course == "sourcegraph-101")
    assert first.minutes == 90  # two 45-minute assignments, not the whole course
    assert meridian.session_assignments[first.id] == ("search-basics", "filters-and-scoping")


def test_the_page_calendar_and_e_mail_show_the_trial(meridian: TrialPlan, tmp_path: Path) -> None:
    page = html.unescape(trial_html(meridian))
    for text in (
        *meridian.criteria,
        "First week",
        "Decision meeting",
        "sourcegraph-102: batch-changes",
    ):
        assert text in page
    files = write_trial_plan(meridian, tmp_path)
    events = [line for line in unfold(files.ics.read_bytes().decode()) if line == "BEGIN:VEVENT"]
    assert len(events) == len(meridian.plan.sessions)
    email = kickoff_email(meridian.plan, criteria=meridian.criteria)
    assert "your trial starts" in email.subject
    assert "How we will judge the trial together" in email.markdown
    assert meridian.criteria[-1] in email.markdown
    assert "Adoption check-points" not in email.markdown


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["trainings"][0].update(course="sg-999"), "unknown course 'sg-999'"),
        (
            lambda d: d["trainings"][0].update(assignments=["no-such"]),
            "no assignment 'no-such' in sourcegraph-101",
        ),
        (lambda d: d["success_criteria"].update(vibes=["x"]), "'vibes' is neither 'always'"),
        (lambda d: d["check_ins"].append({"day": 45, "title": "late"}), "falls after day 30"),
    ],
)
def test_a_broken_trial_template_names_the_field(
    project: Project, catalog: Catalog, tmp_path: Path, edit: object, message: str
) -> None:
    data = yaml.safe_load((project.courses_dir / "plans" / "trial.yaml").read_text())
    edit(data)  # type: ignore[operator]
    path = tmp_path / "trial.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError, match=message) as caught:
        load_trial_template(path, catalog)
    assert str(path) in str(caught.value)
