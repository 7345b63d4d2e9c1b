"""Everything generated for the example customers reads as finished prose: no raw Markdown, no
unfilled placeholder in any HTML; each customer's handouts and cheat sheet carry their name and
repositories, and "Where next" offers only what the customer's audiences can take."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kit.cli import app as sgkit
from kit.collateral.customer_examples import repository_examples, scoped
from kit.collateral.handouts import Handout, build_handout, for_customer, handout_html
from kit.courses import Catalog
from kit.customers import CustomerProfile, load_profile, load_profiles
from kit.customers.profile import Audience
from kit.errors import ConfigError
from kit.plans.offer import load_offer
from kit.plans.run import write_customer_plans
from kit.practice.instances import PracticeSourcegraph
from kit.project import Project
from kit.search import PracticeBackend, parse_query

AS_OF = date(2026, 12, 8)
"""Helix Health is 39 days in production, Tallgrass before its kick-off, Meridian before its trial."""
TODAY = date(2026, 11, 23)
PLACEHOLDER = re.compile(r"<version>|&lt;version&gt;|\{\{|\{%")
"""An unfilled placeholder or template tag, anywhere (code included)."""
RAW_MARKDOWN = re.compile(r"`|\*\*|\]\(|\bTODO\b|&lt;[a-z][\w-]*&gt;")
"""Raw Markdown, a TODO or a `<placeholder>` in the prose (outside code, where queries live)."""
INTERNAL = ("Customer Engineer onboarding", "Certified Trainer", "CE Demo Certified", "Partner")


def prose(html: str) -> str:
    """The text a reader sees outside code: tags, code, scripts and styles removed."""
    text = re.sub(r"<(code|pre|style|title)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture(scope="module")
def built(project: Project, catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Collateral and plans of every example customer, as of AS_OF."""
    out = tmp_path_factory.mktemp("collateral")
    profiles = sorted((project.courses_dir / "customers").glob("*.yaml"))
    done = CliRunner().invoke(
        sgkit,
        [
            *("collateral", "build", *map(str, profiles), "--out", str(out / "collateral")),
            *("--project", str(project.root), "--as-of", AS_OF.isoformat()),
        ],
    )
    assert done.exit_code == 0, done.output
    customers = load_profiles(profiles, today=TODAY)
    write_customer_plans(customers, project.courses_dir, catalog, out / "plans", as_of=AS_OF)
    return out


def test_the_scan_finds_what_the_old_e_mail_showed() -> None:
    old = "<li>run `helm install --version <version> sourcegraph` and **check**</li>"
    assert PLACEHOLDER.findall(old) == ["<version>"]
    assert RAW_MARKDOWN.findall(prose(old)) == ["`", "`", "**", "**"]
    assert not RAW_MARKDOWN.findall(prose("<p>a <code>TODO `x`</code></p>"))


def test_no_generated_html_shows_raw_markdown_or_a_placeholder(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    kinds = {p.name for p in pages}
    assert {"kickoff.html", "cheatsheet.html", "plan.html", "trial.html"} <= kinds
    assert "sourcegraph-101.html" in kinds, "handouts are scanned too"
    problems = [
        f"{page.relative_to(built)}: {found!r}"
        for page in pages
        for found in (
            PLACEHOLDER.findall(page.read_text()) + RAW_MARKDOWN.findall(prose(page.read_text()))
        )
    ]
    assert not problems, problems


def test_the_in_production_e_mail_renders_commands_as_code(built: Path) -> None:
    html = (built / "collateral" / "helix-health" / "kickoff.html").read_text()
    assert "Welcome to ongoing enablement" in html
    assert "Before the kick-off" not in html and "until your instance is set up" not in html
    tallgrass = (built / "collateral" / "tallgrass-logistics" / "kickoff.html").read_text()
    assert '<code style="' in tallgrass and "/healthz</code>" in tallgrass


def test_handouts_and_cheat_sheet_name_the_customer_and_their_repositories(built: Path) -> None:
    folder = built / "collateral" / "helix-health"
    sheet = (folder / "cheatsheet.html").read_text()
    assert "cheat sheet for Helix Health" in sheet
    assert r"repo:^github\.com/helix-health/patient-portal$" in sheet
    handout = (folder / "handouts" / "sourcegraph-101.html").read_text()
    assert "Prepared for Helix Health" in handout
    assert "On Helix Health's repositories" in handout
    assert r"repo:^github\.com/helix-health/" in handout
    meridian = (built / "collateral" / "meridian-federal" / "cheatsheet.html").read_text()
    assert r"repo:^bitbucket\.meridian\.internal/CORE/ledger$" in meridian


def test_where_next_never_sends_a_customer_to_internal_courses_or_trainer_certifications(
    built: Path,
) -> None:
    handouts = sorted((built / "collateral").glob("*/handouts/*.html"))
    assert handouts
    for page in handouts:
        where_next = page.read_text().split("Where next", 1)[1]
        for internal in INTERNAL:
            assert internal not in where_next, f"{page}: {internal}"


@pytest.fixture(scope="module")
def handout_101(project: Project, catalog: Catalog, practice: PracticeBackend) -> Handout:
    sg = PracticeSourcegraph(practice.index)
    return build_handout(catalog.course("sourcegraph-101"), catalog, project, sg)


def _customer(project: Project, *audiences: Audience) -> CustomerProfile:
    path = project.courses_dir / "customers" / "helix-health.yaml"
    return load_profile(path, today=TODAY).model_copy(update={"audiences": audiences})


@pytest.mark.parametrize(
    ("audiences", "courses", "certifications"),
    [
        (
            (Audience.DEVELOPERS,),
            {"sourcegraph-102", "code-security"},
            {"certified-user", "certified-power-user", "code-security-specialist"},
        ),
        ((Audience.ADMINS,), {"admin"}, {"certified-user"}),
        (
            (Audience.SECURITY,),
            {"code-security"},
            {"certified-user", "code-security-specialist"},
        ),
    ],
)
def test_where_next_lists_only_what_the_customer_s_audiences_can_take(
    project: Project,
    catalog: Catalog,
    handout_101: Handout,
    audiences: tuple[Audience, ...],
    courses: set[str],
    certifications: set[str],
) -> None:
    assert "ce-onboarding" in {c.id for c in handout_101.next_courses}, "internal in the catalog"
    offer = load_offer(project.courses_dir, catalog)
    mine = for_customer(handout_101, _customer(project, *audiences), offer, catalog)
    assert {c.id for c in mine.next_courses} == courses
    assert {c.id for c in mine.certifications} == certifications
    assert "Certified Trainer" not in handout_html(mine)


def test_an_audience_offer_naming_an_unknown_course_is_refused(
    catalog: Catalog, tmp_path: Path
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "audiences.yaml").write_text("developers:\n  courses: [sg-999]\n")
    with pytest.raises(ConfigError, match=r"developers\.courses\.0': unknown id 'sg-999'"):
        load_offer(tmp_path, catalog)


def test_queries_on_the_customer_s_repositories_are_valid_queries(
    project: Project, handout_101: Handout
) -> None:
    profile = _customer(project, Audience.DEVELOPERS)
    queries = [e.query for e in repository_examples(profile)]
    queries += [scoped(q.text, profile.repositories) for q in handout_101.key_queries]
    for query in queries:
        parse_query(query)
    two = scoped("(repo:billing or repo:storefront) total", profile.repositories)
    assert two == (
        r"(repo:^github\.com/helix-health/patient-portal$ or "
        r"repo:^github\.com/helix-health/claims-api$) total"
    )
    assert scoped("repo:has.file(go.mod)", profile.repositories).endswith("repo:has.file(go.mod)")
    assert replace(handout_101, customer=None).customer is None
