"""Searching the practice corpus returns what Sourcegraph would, in its streaming API's shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.errors import CorpusError
from kit.practice import build_corpus
from kit.search import FileMatch, PracticeBackend, RepositoryMatch, open_corpus

BILLING = "github.com/acme/billing-service"
STORE = "github.com/acme/web-storefront"
PIPE = "github.com/acme/data-pipeline"
INVENTORY = "github.com/acme/inventory-service"
LEGACY = "github.com/acme/legacy-reports"
MLUTILS = "github.com/acme/mlutils"
UIKIT = "github.com/acme/ui-kit"
DEPLOY = "gitlab.example.com/platform/deploy-configs"


def files(backend: PracticeBackend, query: str) -> set[str]:
    return {f"{m.repository}/{m.path}" for m in backend.search(query) if isinstance(m, FileMatch)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lang:python TODO", {f"{PIPE}/pipeline/extract.py", f"{PIPE}/pipeline/load.py"}),
        ("lang:py todo", {f"{PIPE}/pipeline/extract.py", f"{PIPE}/pipeline/load.py"}),
        (r"file:\.py$ TODO", {f"{PIPE}/pipeline/extract.py", f"{PIPE}/pipeline/load.py"}),
        ("repo:storefront calculateTotal", {f"{STORE}/src/cart.ts", f"{STORE}/src/index.ts"}),
        (
            "case:yes CalculateTotal",
            {f"{BILLING}/invoices/invoice.go", f"{BILLING}/invoices/invoice_test.go"},
        ),
        (
            '"connection refused"',
            {f"{BILLING}/README.md", f"{BILLING}/payments/gateway.go", f"{PIPE}/pipeline/load.py"},
        ),
        (
            "connection refused",
            {
                f"{BILLING}/README.md",
                f"{BILLING}/payments/gateway.go",
                f"{PIPE}/pipeline/load.py",
                f"{STORE}/src/api/client.ts",
            },
        ),
        (
            "patterntype:literal connection refused",
            {f"{BILLING}/README.md", f"{BILLING}/payments/gateway.go", f"{PIPE}/pipeline/load.py"},
        ),
        (
            "file:^k8s/ :latest",
            {f"{DEPLOY}/k8s/storefront/deployment.yaml", f"{DEPLOY}/k8s/pipeline/cronjob.yaml"},
        ),
        ("-repo:acme TODO", {f"{DEPLOY}/scripts/deploy.sh"}),
        (
            "lang:yaml -file:^k8s/ latest",
            {
                f"{DEPLOY}/compose/docker-compose.yaml",
                f"{INVENTORY}/deploy/helm/inventory-service/values.yaml",
            },
        ),
        (
            "patterntype:regexp TODO.*(config|discount)",
            {f"{BILLING}/main.go", f"{STORE}/src/cart.ts"},
        ),
        ("/RETRY_\\w+/ case:yes", {f"{PIPE}/pipeline/load.py"}),
        ("lang:dockerfile FROM", {f"{r}/Dockerfile" for r in (BILLING, STORE, INVENTORY, UIKIT)}),
        (
            "lang:dockerfile FROM archived:yes",
            {f"{r}/Dockerfile" for r in (BILLING, STORE, INVENTORY, LEGACY, UIKIT)},
        ),
        ("nosuchwordanywhere", set()),
    ],
)
def test_query_returns_exactly_these_files(
    practice: PracticeBackend, query: str, expected: set[str]
) -> None:
    assert files(practice, query) == expected


def test_keyword_terms_may_match_the_path(practice: PracticeBackend) -> None:
    (match,) = [m for m in practice.search("deployment billing") if isinstance(m, FileMatch)]
    assert match.path == "k8s/billing/deployment.yaml"
    assert match.path_matches == ((4, 7), (12, 10))


def test_only_repo_filters_list_repositories(practice: PracticeBackend) -> None:
    results = practice.search("repo:acme")
    assert all(isinstance(m, RepositoryMatch) for m in results)
    assert [m.repository for m in results] == [BILLING, PIPE, INVENTORY, UIKIT, STORE]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("repo:acme fork:yes", [BILLING, PIPE, INVENTORY, MLUTILS, UIKIT, STORE]),
        ("repo:acme fork:only", [MLUTILS]),
        (
            "repo:acme archived:yes fork:yes",
            [BILLING, PIPE, INVENTORY, LEGACY, MLUTILS, UIKIT, STORE],
        ),
        ("archived:only", [LEGACY]),
        ("visibility:private", [DEPLOY, "gitlab.example.com/platform/internal-tools"]),
        ("repo:acme visibility:private", []),
        ("repo:^github\\.com/acme/mlutils$", [MLUTILS]),
    ],
)
def test_forks_and_archived_repositories_are_left_out_unless_asked_for(
    practice: PracticeBackend, query: str, expected: list[str]
) -> None:
    assert [m.repository for m in practice.search(query)] == expected


def test_repository_results_carry_the_code_hosts_metadata(practice: PracticeBackend) -> None:
    (match,) = practice.search("repo:mlutils fork:yes").matches
    event = match.to_json()
    assert event["fork"] is True and event["archived"] is False and event["private"] is False
    assert event["repoStars"] > 0 and "fork" in event["description"]


def test_a_file_filter_alone_lists_paths(practice: PracticeBackend) -> None:
    results = practice.search("file:Dockerfile")
    assert {m.type for m in results} == {"path"}
    assert results.match_count == 4  # the archived legacy-reports Dockerfile is left out by default


def test_line_matches_are_zero_based_with_character_ranges(practice: PracticeBackend) -> None:
    (match,) = practice.search("case:yes DefaultTimeout lang:go").matches
    assert isinstance(match, FileMatch)
    first = match.line_matches[0]
    assert first.line_number == 10  # line 11 in an editor
    assert first.line[slice(*_span(first.offset_and_lengths[0]))] == "DefaultTimeout"
    assert match.match_count == 3


def _span(offset_and_length: tuple[int, int]) -> tuple[int, int]:
    return offset_and_length[0], offset_and_length[0] + offset_and_length[1]


def test_count_stops_the_search_and_reports_the_limit(practice: PracticeBackend) -> None:
    results = practice.search("TODO count:2")
    assert results.limit_hit and results.match_count == 2
    (skipped,) = results.progress.skipped
    assert skipped.reason == "shard-match-limit"


def test_json_lines_follow_the_streaming_api(practice: PracticeBackend) -> None:
    lines = [json.loads(line) for line in practice.search("lang:python TODO").json_lines()]
    *matches, progress = lines
    assert {m["type"] for m in matches} == {"content"}
    assert set(matches[0]) >= {
        "type",
        "path",
        "repository",
        "repositoryID",
        "commit",
        "lineMatches",
        "pathMatches",
        "branches",
    }
    assert set(matches[0]["lineMatches"][0]) == {"line", "lineNumber", "offsetAndLengths"}
    assert progress["done"] is True and progress["matchCount"] == 2 and progress["skipped"] == []


def test_results_render_as_html_in_a_notebook(practice: PracticeBackend) -> None:
    html = practice.search('"connection refused"')._repr_html_()
    assert "github.com/acme/billing-service" in html
    assert "<mark>connection refused</mark>" in html


def test_the_corpus_builds_with_the_same_commit_hashes_every_time(
    practice: PracticeBackend, tmp_path: Path
) -> None:
    again = open_corpus(build_corpus(tmp_path / "again"))
    assert again.corpus.signature == practice.corpus.signature


def test_any_folder_following_the_layout_is_a_corpus(tmp_path: Path) -> None:
    repo = tmp_path / "git.example.org" / "team" / "tool"
    repo.mkdir(parents=True)
    (repo / "main.rb").write_text("puts 'hello TODO'\n")
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    import subprocess

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), *env, "add", "."], check=True)
    subprocess.run(["git", "-C", str(repo), *env, "commit", "-qm", "x"], check=True)
    (match,) = open_corpus(tmp_path).search("lang:ruby todo").matches
    assert match.repository == "git.example.org/team/tool"


def test_a_folder_without_repositories_is_not_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no git repositories"):
        open_corpus(tmp_path)
