"""Customer profiles: the three examples load; a bad field is one line naming file and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kit.customers.loading import load_profile, load_profiles, profile_problems
from kit.customers.profile import CodeHost, Deployment
from kit.errors import ConfigError
from kit.project import Project

TODAY = date(2026, 11, 23)
GOOD = {
    "name": "Example Co",
    "slug": "example-co",
    "stage": "onboarding",
    "code_hosts": ["github"],
    "repositories": ["github.com/example/api"],
    "deployment": "helm",
    "sourcegraph_url": None,
    "use_cases": ["code-security"],
    "seats": 50,
    "kickoff_date": "2025-01-06",
    "production_setup_date": "2025-01-20",
    "audiences": ["developers"],
    "languages": ["go"],
}


def write(tmp_path: Path, data: object, comment: str = "") -> Path:
    path = tmp_path / "customer.yaml"
    path.write_text(comment + yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_three_examples_load_and_differ_on_every_axis(project: Project) -> None:
    paths = sorted((project.courses_dir / "customers").glob("*.yaml"))
    profiles = load_profiles(paths, today=TODAY)
    assert len(profiles) == 3
    for axis in ("code_hosts", "deployment", "use_cases", "seats", "languages", "stage"):
        values = [getattr(p, axis) for p in profiles]
        assert len(set(values)) == 3 or axis == "stage", axis
    assert {p.live for p in profiles} == {True, False}
    assert {p.isolated for p in profiles} == {True, False}
    hosts = {h for p in profiles for h in p.code_hosts}
    assert {CodeHost.GITHUB, CodeHost.GITLAB, CodeHost.BITBUCKET_SERVER} <= hosts
    assert {p.deployment for p in profiles} == {
        Deployment.HELM,
        Deployment.DOCKER_COMPOSE,
        Deployment.KUSTOMIZE,
    }


def test_a_valid_profile_loads_with_typed_fields(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, GOOD), today=TODAY)
    assert profile.code_hosts == (CodeHost.GITHUB,)
    assert profile.production_setup_date == date(2025, 1, 20)
    assert not profile.live


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"code_hosts": ["gitlabb"]},
            "code_hosts[0]: 'gitlabb' is not one of 'github', 'github-enterprise', 'gitlab'",
        ),
        ({"deployment": "swarm"}, "deployment: 'swarm' is not one of 'single-container'"),
        ({"sourcegraph_url": "sourcegraph dot example"}, "sourcegraph_url: 'sourcegraph dot"),
        ({"sourcegraph_url": "ftp://sg.example.com"}, "sourcegraph_url: 'ftp://sg.example.com'"),
        (
            {"sourcegraph_url": "https://admin:hunter2@sg.example.com"},
            "sourcegraph_url: holds a URL with a password",
        ),
        ({"production_setup_date": "2026-12-01"}, "production_setup_date: 2026-12-01 is in the"),
        ({"stage": "trial"}, "production_setup_date: a trial has no production set-up"),
        ({"seats": 0}, "seats: Input should be greater than 0"),
        ({"repositories": ["not a repo"]}, "repositories: 'not a repo' is not a repository name"),
        ({"languages": ["Go"]}, "languages: 'Go' is not a lower-case language name"),
        ({"use_cases": ["vibes"]}, "use_cases[0]: 'vibes' is not one of 'code-security'"),
        ({"audience": ["developers"]}, "audience: unknown field"),
        ({"token": "abc"}, "token: looks like a credential; remove it"),
        ({"src_access_token": "abc"}, "src_access_token: looks like a credential"),
        (
            {"repositories": ["github.com/x/y", "ghp_0123456789abcdefghijABCDEFGHIJ"]},
            "repositories[1]: holds a GitHub token; remove it and revoke it",
        ),
        ({"name": "sgp_0123456789abcdef0123456789abcdef"}, "name: holds a Sourcegraph access"),
        ({"name": "glpat-0123456789abcdefghij"}, "name: holds a GitLab token"),
        ({"name": "ATBB0123456789abcdefghijKLMNOP"}, "name: holds a Bitbucket Cloud token"),
        ({"name": "a" * 76 + "AZDO" + "b1c2"}, "name: holds an Azure DevOps token"),
        (
            {"production_setup_date": "2025-01-01"},
            "production_setup_date: 2025-01-01 is before kickoff_date 2025-01-06",
        ),
    ],
)
def test_a_bad_profile_is_one_line_naming_the_file_and_field(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    path = write(tmp_path, {**GOOD, **change})
    with pytest.raises(ConfigError) as raised:
        load_profile(path, today=TODAY)
    message = str(raised.value)
    assert message.startswith(f"{path}: {expected}"), message
    assert "\n" not in message


def test_a_misspelled_field_is_named_with_the_field_it_likely_means(tmp_path: Path) -> None:
    data = {k: v for k, v in GOOD.items() if k != "seats"} | {"seat": 1200}
    with pytest.raises(ConfigError) as raised:
        load_profile(write(tmp_path, data), today=TODAY)
    assert str(raised.value).endswith(
        "seat: unknown field; did you mean 'seats'? (seats is required)"
    )  # one problem, not "seats: missing (and 1 more problems)"


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("BBDC-NjY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0", "a Bitbucket Server token"),
        ("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", "an Azure DevOps token"),
    ],
)
def test_every_code_host_token_in_a_comment_is_refused(
    tmp_path: Path, token: str, kind: str
) -> None:
    path = write(tmp_path, GOOD, comment=f"# bitbucket token for the build: {token}\n")
    with pytest.raises(ConfigError, match=f"line 1: holds {kind}"):
        load_profile(path, today=TODAY)


def test_a_token_in_a_comment_is_refused_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, comment="# sgp_0123456789abcdef0123456789abcdef\n")
    with pytest.raises(ConfigError, match=r"line 1: holds a Sourcegraph access token"):
        load_profile(path, today=TODAY)


def test_every_problem_is_listed_and_the_error_counts_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, {**GOOD, "code_hosts": ["svn"], "deployment": "swarm"})
    assert [p.split(":")[0] for p in profile_problems(path, today=TODAY)] == [
        "code_hosts[0]",
        "deployment",
    ]
    with pytest.raises(ConfigError, match=r"\(and 1 more problem\)$"):
        load_profile(path, today=TODAY)


def test_two_profiles_may_not_share_a_slug(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD)
    second = tmp_path / "other.yaml"
    second.write_text(first.read_text())
    with pytest.raises(ConfigError, match=r"other.yaml: slug: 'example-co' is also the slug"):
        load_profiles([first, second], today=TODAY)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing.yaml: file not found"):
        load_profile(tmp_path / "missing.yaml")


def test_session_times_default_to_utc(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, GOOD), today=TODAY).time_zone == "UTC"


def test_a_time_zone_is_an_iana_name(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, {**GOOD, "time_zone": "Europe/Berlin"}), today=TODAY)
    assert profile.zone.key == "Europe/Berlin"


@pytest.mark.parametrize("zone", ["Europe/Frankfurt", "CEST+2", "../etc/passwd", ""])
def test_an_unknown_time_zone_is_refused_in_one_line_naming_the_field(
    tmp_path: Path, zone: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_profile(write(tmp_path, {**GOOD, "time_zone": zone}), today=TODAY)
    message = str(raised.value)
    assert "\n" not in message
    assert "customer.yaml" in message and "time_zone:" in message
    assert "is not an IANA time zone name like 'Europe/Berlin'" in message
