"""A customer's kickoff e-mail comes from their profile and dated plan, in Markdown, HTML and a
`.eml` draft with the plan's calendar attached; it never carries a secret."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.collateral.kickoff import KickoffEmail, kickoff_email, write_kickoff
from kit.courses import load_catalog
from kit.customers import load_profile
from kit.plans import build_plan, load_plan_template
from kit.project import Project

TODAY = date(2026, 11, 23)


def _email(project: Project, slug: str) -> KickoffEmail:
    catalog = load_catalog(project.courses_dir)
    template = load_plan_template(project.courses_dir / "plans" / "90-day.yaml", catalog)
    profile = load_profile(project.courses_dir / "customers" / f"{slug}.yaml", today=TODAY)
    return kickoff_email(build_plan(profile, template, catalog))


@pytest.fixture(scope="module")
def helix(project: Project) -> KickoffEmail:
    return _email(project, "helix-health")


def test_the_e_mail_names_the_customer_its_dates_sessions_and_target(helix: KickoffEmail) -> None:
    assert helix.subject == (
        "Sourcegraph training for Helix Health: your enablement plan starts Monday 5 October 2026"
    )
    body = helix.markdown
    assert "100 of your 400 seats active every month" in body  # 25% of 400 seats
    assert "| 2026-10-15 | 10:00 (225 min) | Sourcegraph 101: Code Search for Developers |" in body
    assert "2027-01-28: Adoption target, day 90" in body
    assert "Kubernetes with Helm" in body and "helm install" in body
    assert "docker compose" not in body


def test_each_customer_gets_its_own_deployment_code_hosts_and_stage(project: Project) -> None:
    meridian = _email(project, "meridian-federal")
    tallgrass = _email(project, "tallgrass-logistics")
    assert (
        "your trial starts" in meridian.subject
        and "Welcome to your Sourcegraph trial" in meridian.markdown
    )
    assert "kubectl apply --prune" in meridian.markdown
    assert "docker compose up -d" in tallgrass.markdown
    assert tallgrass.markdown != meridian.markdown


def test_the_html_form_escapes_and_carries_the_same_sessions(helix: KickoffEmail) -> None:
    assert helix.html.count("<tr>") == helix.markdown.count("\n| 20") + 1  # header row + sessions
    assert "<style>" not in helix.html, "mail clients drop style blocks: styles are inline"
    assert "Sourcegraph 101: Code Search for Developers" in helix.html


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
        ["collateral", "build", *profiles, "--out", str(tmp_path), "--project", str(project.root)],
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
