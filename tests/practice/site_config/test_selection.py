"""Repository selection of code host connections, computed on the practice corpus (`corpus_dir`):
github.com/acme/{billing-service, data-pipeline, inventory-service, legacy-reports (archived),
mlutils (fork), ui-kit, web-storefront}; gitlab.example.com/platform/{deploy-configs,
internal-tools} (both private)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kit.practice.site_config import corpus_repositories, validate_code_host_connection

TOKEN = "ghp_0123456789abcdefABCDEF0123456789abcd"
ACME = [
    "github.com/acme/billing-service",
    "github.com/acme/data-pipeline",
    "github.com/acme/inventory-service",
    "github.com/acme/legacy-reports",
    "github.com/acme/mlutils",
    "github.com/acme/ui-kit",
    "github.com/acme/web-storefront",
]
PLATFORM = [
    "gitlab.example.com/platform/deploy-configs",
    "gitlab.example.com/platform/internal-tools",
]


def _selected(kind: str, config: dict[str, Any], tmp_path: Path, corpus_dir: Path) -> list[str]:
    file = tmp_path / f"{kind}.json"
    file.write_text(json.dumps(config), encoding="utf-8")
    report = validate_code_host_connection(kind, file, corpus=corpus_dir)
    assert report.selected_repositories is not None
    return list(report.selected_repositories)


def test_the_corpus_lists_its_repositories_with_code_host_flags(corpus_dir: Path) -> None:
    repos = {repo.name: repo for repo in corpus_repositories(corpus_dir)}
    assert sorted(repos) == ACME + PLATFORM
    assert repos["github.com/acme/mlutils"].fork
    assert repos["github.com/acme/legacy-reports"].archived
    assert repos["gitlab.example.com/platform/internal-tools"].private
    assert repos["github.com/acme/ui-kit"].path == "acme/ui-kit"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {"repos": ["acme/ui-kit", "ACME/Billing-Service"]},
            ["github.com/acme/billing-service", "github.com/acme/ui-kit"],
        ),
        ({"orgs": ["acme"]}, ACME),
        (
            {"orgs": ["acme"], "exclude": [{"forks": True}, {"archived": True}]},
            [n for n in ACME if not n.endswith(("mlutils", "legacy-reports"))],
        ),
        (
            {"orgs": ["acme"], "exclude": [{"pattern": "-service$"}]},
            [n for n in ACME if not n.endswith("-service")],
        ),
        (
            {"orgs": ["acme"], "exclude": [{"stars": "< 20"}]},
            [
                "github.com/acme/billing-service",
                "github.com/acme/inventory-service",
                "github.com/acme/ui-kit",
                "github.com/acme/web-storefront",
            ],
        ),
        ({"repositoryQuery": ["affiliated"]}, ACME),
        ({"repositoryQuery": ["none"]}, []),
        ({"repositoryQuery": ["public"]}, []),
        ({"repositoryQuery": ["org:acme"]}, [n for n in ACME if not n.endswith("mlutils")]),
        ({"repositoryQuery": ["org:acme fork:true"]}, ACME),
        ({"repositoryQuery": ["org:acme fork:only"]}, ["github.com/acme/mlutils"]),
        (
            {"repositoryQuery": ["org:acme archived:false topic:typescript"]},
            ["github.com/acme/ui-kit", "github.com/acme/web-storefront"],
        ),
        (
            {"repositoryQuery": ["warehouse"]},
            [
                "github.com/acme/data-pipeline",
                "github.com/acme/inventory-service",
                "github.com/acme/legacy-reports",
            ],
        ),
        (
            {"repos": ["acme/ui-kit"], "repositoryQuery": ["repo:acme/mlutils fork:true"]},
            ["github.com/acme/mlutils", "github.com/acme/ui-kit"],
        ),
        (
            {"repos": ["acme/mlutils"], "orgs": ["acme"], "exclude": [{"name": "acme/mlutils"}]},
            [n for n in ACME if not n.endswith("mlutils")],
        ),
    ],
)
def test_github_selection(
    config: dict[str, Any], expected: list[str], tmp_path: Path, corpus_dir: Path
) -> None:
    config = {"url": "https://github.com", "token": TOKEN, **config}
    assert _selected("github", config, tmp_path, corpus_dir) == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {"projectQuery": ["none"], "projects": [{"name": "platform/deploy-configs"}]},
            PLATFORM[:1],
        ),
        ({"projectQuery": ["groups/platform/projects"]}, PLATFORM),
        ({"projectQuery": ["?membership=true"]}, PLATFORM),
        ({"projectQuery": ["projects?search=tools"]}, PLATFORM[1:]),
        ({"projectQuery": ["projects?visibility=public"]}, []),
        (
            {
                "projectQuery": ["groups/platform/projects"],
                "exclude": [{"name": "platform/internal-tools"}],
            },
            PLATFORM[:1],
        ),
        (
            {"projectQuery": ["groups/platform/projects"], "exclude": [{"pattern": "^platform/"}]},
            [],
        ),
        ({"projectQuery": ["groups/other/projects"]}, []),
    ],
)
def test_gitlab_selection(
    config: dict[str, Any], expected: list[str], tmp_path: Path, corpus_dir: Path
) -> None:
    config = {"url": "https://gitlab.example.com", "token": "glpat-0123456789abcdef", **config}
    assert _selected("gitlab", config, tmp_path, corpus_dir) == expected


def test_a_connection_only_sees_its_own_host(tmp_path: Path, corpus_dir: Path) -> None:
    config = {
        "url": "https://gitlab.example.com",
        "token": "glpat-0123456789abcdef",
        "projectQuery": ["projects"],
    }
    assert all(
        n.startswith("gitlab.example.com/")
        for n in _selected("gitlab", config, tmp_path, corpus_dir)
    )


def test_exclude_wins_over_an_explicit_repository_and_says_so(
    tmp_path: Path, corpus_dir: Path
) -> None:
    file = tmp_path / "github.json"
    config = {
        "url": "https://github.com",
        "token": TOKEN,
        "repos": ["acme/mlutils", "acme/ui-kit"],
        "exclude": [{"forks": True}],
    }
    file.write_text(json.dumps(config, indent=2), encoding="utf-8")
    report = validate_code_host_connection("github", file, corpus=corpus_dir)
    assert report.selected_repositories == ("github.com/acme/ui-kit",)
    note = next(p for p in report.problems if "exclude wins" in p.message)
    assert (note.path, note.line, note.severity) == ("exclude[0]", 9, "info")
    assert "github.com/acme/mlutils" in note.message and "repos[0]" in note.message


def test_unsimulated_exclude_conditions_are_ignored_with_a_note(
    tmp_path: Path, corpus_dir: Path
) -> None:
    file = tmp_path / "github.json"
    file.write_text(
        json.dumps(
            {
                "url": "https://github.com",
                "token": TOKEN,
                "orgs": ["acme"],
                "exclude": [{"id": "MDEwOlJlcG9zaXRvcnkx"}, {"size": ">= 1GB"}],
            }
        ),
        encoding="utf-8",
    )
    report = validate_code_host_connection("github", file, corpus=corpus_dir)
    assert list(report.selected_repositories or ()) == ACME
    assert {p.path for p in report.problems if p.severity == "info"} >= {
        "exclude[0].id",
        "exclude[1].size",
    }


def test_an_invalid_exclude_pattern_is_an_error_in_go_regexp_words(
    tmp_path: Path, corpus_dir: Path
) -> None:
    file = tmp_path / "github.json"
    file.write_text(
        json.dumps(
            {
                "url": "https://github.com",
                "token": TOKEN,
                "orgs": ["acme"],
                "exclude": [{"pattern": "acme/(ui"}],
            }
        ),
        encoding="utf-8",
    )
    report = validate_code_host_connection("github", file, corpus=corpus_dir)
    problem = next(p for p in report.errors if p.path == "exclude[0].pattern")
    assert "missing closing )" in problem.message
    assert list(report.selected_repositories or ()) == ACME


def test_unknown_repositories_suggest_the_closest_name(tmp_path: Path, corpus_dir: Path) -> None:
    file = tmp_path / "github.json"
    file.write_text(
        json.dumps({"url": "https://github.com", "token": TOKEN, "repos": ["acme/web-store"]}),
        encoding="utf-8",
    )
    report = validate_code_host_connection("github", file, corpus=corpus_dir)
    warning = next(p for p in report.warnings if p.path == "repos[0]")
    assert warning.hint == "did you mean 'acme/web-storefront'?"
    assert report.selected_repositories == ()
    assert not report.ok
