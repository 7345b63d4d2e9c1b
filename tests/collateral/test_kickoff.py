"""A customer's kickoff e-mail comes from their profile and dated plan, in Markdown, HTML and a
`.eml` draft with the plan's calendar attached; it never carries a secret."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.collateral.kickoff import KickoffEmail, kickoff_email, write_kickoff
from kit.courses import load_catalog
from kit.customers import load_profile
from kit.plans import TrialPlan, dated_plan
from kit.project import Project

TODAY = date(2026, 11, 23)
IN_PRODUCTION = date(2026, 12, 8)
"""Helix Health completed production set-up on 2026-10-30: 39 days before this day."""
LISTED_DAY = re.compile(r"^(?:\| |- )(\w{3,9} \d{1,2} \w{3,9} \d{4})", re.MULTILINE)
"""A date opening a session row or a check-point line of the e-mail."""


def _email(project: Project, slug: str, as_of: date = TODAY) -> KickoffEmail:
    catalog = load_catalog(project.courses_dir)
    profile = load_profile(project.courses_dir / "customers" / f"{slug}.yaml", today=TODAY)
    dated = dated_plan(profile, project.courses_dir, catalog, as_of=as_of)
    if isinstance(dated, TrialPlan):
        return kickoff_email(dated.plan, criteria=dated.criteria)
    return kickoff_email(dated)


def listed_days(body: str) -> list[date]:
    """The dates the e-mail lists for sessions and check-points."""
    found = []
    for text in LISTED_DAY.findall(body):
        for pattern in ("%a %d %b %Y", "%A %d %B %Y"):
            try:
                found.append(datetime.strptime(text, pattern).date())
            except ValueError:
                continue
    return found


@pytest.fixture(scope="module")
def helix(project: Project) -> KickoffEmail:
    return _email(project, "helix-health", as_of=date(2026, 9, 28))


def test_before_the_kick_off_the_e_mail_announces_the_start_and_what_to_prepare(
    helix: KickoffEmail,
) -> None:
    assert helix.subject == (
        "Sourcegraph training for Helix Health: your enablement plan starts Monday 5 October 2026"
    )
    body = helix.markdown
    assert "Welcome to Sourcegraph. This e-mail starts your 90-day" in body
    assert "100 of your 400 seats active every month" in body  # 25% of 400 seats
    assert "| Thu 15 Oct 2026 | 10:00 CEST (225 min) | Sourcegraph 101: Code Search for" in body
    assert "Thursday 28 January 2027: Adoption target, day 90" in body
    assert "## Before the kick-off" in body and "Kubernetes with Helm" in body
    assert "/self-hosted/deploy/kubernetes/helm" in body
    assert "until your instance is set up" in body  # practice mode until then
    assert "## Earlier in the plan" not in body


def test_a_trial_e_mail_names_the_criteria_and_the_decision_meeting(project: Project) -> None:
    meridian = _email(project, "meridian-federal")
    assert meridian.subject == (
        "Sourcegraph training for Meridian Federal Credit Union: your trial starts "
        "Monday 11 January 2027"
    )
    assert "Welcome to your Sourcegraph trial" in meridian.markdown
    assert "at the decision meeting on Monday 8 February 2027" in meridian.markdown
    assert "1. Every repository in scope is searchable" in meridian.markdown
    assert "Time (America/New_York)" in meridian.markdown and "10:00 EST" in meridian.markdown
    assert "/self-hosted/deploy/kubernetes/kustomize" in meridian.markdown
    assert "Our shared goal" not in meridian.markdown


def test_once_the_plan_has_started_before_production_the_past_is_not_announced(
    project: Project,
) -> None:
    started = _email(project, "helix-health", as_of=date(2026, 10, 20))
    assert started.subject.endswith("your enablement plan, the sessions still to come")
    body = started.markdown
    assert "Your 90-day customer enablement plan started on Monday 5 October 2026" in body
    assert "## Before production" in body and "## Before the kick-off" not in body
    assert "## Your next sessions" in body
    assert "- Sourcegraph 101: Code Search for Developers (for developers)" in body  # earlier


def test_a_customer_in_production_gets_a_welcome_to_ongoing_enablement(project: Project) -> None:
    email = _email(project, "helix-health", as_of=IN_PRODUCTION)
    body = email.markdown
    assert email.subject == "Sourcegraph training for Helix Health: welcome to ongoing enablement"
    assert "Welcome to ongoing enablement" in body
    flat = " ".join(body.split())
    assert "in production since Friday 30 October 2026 (39 days)" in flat
    assert "Today is day 39" in flat
    assert "Before the kick-off" not in body and "until your instance is set up" not in body
    assert "starts" not in email.subject
    assert "## Earlier in the plan" in body
    assert "- Sourcegraph 101: Code Search for Developers (for developers)" in body
    assert "## Your instance" in body


@pytest.mark.parametrize(
    ("slug", "as_of"),
    [
        ("meridian-federal", date(2027, 1, 20)),  # trial under way
        ("tallgrass-logistics", date(2026, 11, 23)),  # before the kick-off
        ("helix-health", date(2026, 10, 20)),  # started, before production
        ("helix-health", IN_PRODUCTION),  # in production for 39 days
    ],
)
def test_no_listed_date_is_before_the_as_of_day(project: Project, slug: str, as_of: date) -> None:
    email = _email(project, slug, as_of)
    days = listed_days(email.markdown)
    assert days, "the e-mail lists its sessions"
    assert min(days) >= as_of, [d for d in days if d < as_of]
    starts = re.findall(r"^DTSTART:(\d{8})T\d{6}Z\r$", email.calendar, re.MULTILINE)
    assert starts and min(starts) >= as_of.strftime("%Y%m%d")


def test_each_customer_gets_its_own_deployment_code_hosts_and_stage(project: Project) -> None:
    meridian = _email(project, "meridian-federal")
    tallgrass = _email(project, "tallgrass-logistics")
    assert "your trial starts" in meridian.subject
    assert "Bitbucket Server / Data Center, Perforce" in meridian.markdown
    assert "/self-hosted/deploy/docker-compose" in tallgrass.markdown
    assert "10:00 CST" in tallgrass.markdown
    assert tallgrass.markdown != meridian.markdown


def test_the_html_form_is_the_markdown_rendered_with_inline_styles(helix: KickoffEmail) -> None:
    rows = helix.markdown.count("\n| ")  # the header row and one per session
    assert helix.html.count("<tr>") == rows
    assert "<style>" not in helix.html, "mail clients drop style blocks: styles are inline"
    assert '<th style="' in helix.html and "<strong>Our shared goal.</strong>" in helix.html
    assert "Sourcegraph 101: Code Search for Developers" in helix.html
    assert '<a href="https://sourcegraph.com/docs/admin"' in helix.html


def test_the_eml_is_a_draft_with_text_html_and_the_calendar(
    helix: KickoffEmail, tmp_path: Path
) -> None:
    files = write_kickoff(helix, tmp_path)
    message = email.message_from_bytes(files.eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == helix.subject and message["X-Unsent"] == "1"
    body = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert body is not None and "Helix Health" in body.get_content()
    assert html is not None and html.get_content_type() == "text/html"
    (calendar,) = list(message.iter_attachments())
    assert calendar.get_filename() == "plan.ics"
    assert calendar.get_content().startswith("BEGIN:VCALENDAR")
    assert files.markdown.read_text() == helix.markdown


def test_no_secret_reaches_the_e_mail(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "sgp_0123456789abcdef0123456789abcdef01234567"
    monkeypatch.setenv("SRC_ACCESS_TOKEN", secret)
    files = write_kickoff(_email(project, "tallgrass-logistics"), tmp_path)
    for path in (files.markdown, files.html, files.eml):
        assert secret not in path.read_text(), path
    assert "Never send a token by e-mail" in files.markdown.read_text()


def test_collateral_build_writes_each_customer_s_folder(project: Project, tmp_path: Path) -> None:
    app = sgkit
    profiles = [
        str(project.courses_dir / "customers" / f"{s}.yaml")
        for s in ("helix-health", "tallgrass-logistics")
    ]
    done = CliRunner().invoke(
        app,
        [
            "collateral",
            "build",
            *profiles,
            "--out",
            str(tmp_path),
            "--project",
            str(project.root),
            "--as-of",
            "2026-11-23",
        ],
    )
    assert done.exit_code == 0, done.output
    for slug in ("helix-health", "tallgrass-logistics"):
        names = sorted(p.name for p in (tmp_path / slug).iterdir())
        assert names == [
            "cheatsheet.html",
            "cheatsheet.pdf",
            "handouts",
            "kickoff.eml",
            "kickoff.html",
            "kickoff.md",
            "standard-demo.ipynb",
        ]
    helix_handouts = sorted(p.name for p in (tmp_path / "helix-health" / "handouts").iterdir())
    assert "sourcegraph-101.pdf" in helix_handouts and "code-security.pdf" in helix_handouts
    tallgrass = {p.name for p in (tmp_path / "tallgrass-logistics" / "handouts").iterdir()}
    assert "code-security.pdf" not in tallgrass, "Tallgrass did not choose Code Security"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helix-health", "tallgrass-logistics"]
    assert "Helix Health: " in done.output
    demo = (tmp_path / "tallgrass-logistics" / "standard-demo.ipynb").read_text()
    assert 'customer_name = \\"Tallgrass Logistics\\"' in demo


def test_a_bad_profile_fails_with_one_line_naming_the_field(
    project: Project, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    source = (project.courses_dir / "customers" / "helix-health.yaml").read_text()
    bad.write_text(source.replace("deployment: helm", "deployment: nomad"))
    app = sgkit
    done = CliRunner().invoke(
        app, ["collateral", "build", str(bad), "--out", str(tmp_path / "out")]
    )
    assert done.exit_code != 0
    assert "deployment" in str(done.exception)
    assert not (tmp_path / "out").exists()
