"""The practice corpus: repositories with a history, metadata and planted security findings.

It is built from `kit/practice/corpus_src/` the same way every time, keeps the four original
repositories' files exactly as course exercises expect them, and lists every planted finding
where it really is.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from kit.errors import ConfigError
from kit.exercises import reference_fingerprint
from kit.practice import build_corpus
from kit.practice.corpus_builder import SOURCES, source_repositories
from kit.practice.findings import FindingKind, load_findings, manifest_problems
from kit.practice.history import HistoryFile, Person, plan_history
from kit.search import PracticeBackend
from kit.search.corpus import find_repositories, read_corpus
from kit.search.languages import detect_language
from kit.search.repo_metadata import (
    METADATA_FILE,
    RepoMetadata,
    load_corpus_metadata,
    read_metadata_file,
)

ORIGINAL_TREES = {
    "github.com/acme/billing-service": "69523550f4c8deec0a388edf5179837f71069b8c",
    "github.com/acme/data-pipeline": "b21bc504195b24ccf49bc08d160b9629b9895203",
    "github.com/acme/web-storefront": "c412ea770b9de148d46776623ac231d10f3df4a5",
    "gitlab.example.com/platform/deploy-configs": "1be422e3dbf7aace8712fd7f2d14e30af1986b7c",
}
"""Tree ids of the original repositories' files, which released exercises are fingerprinted on."""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def repositories(corpus: Path) -> dict[str, Path]:
    return {p.relative_to(corpus).as_posix(): p for p in find_repositories(corpus)}


def refs(repo: Path) -> dict[str, str]:
    listing = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    return dict(line.split(" ") for line in listing.splitlines())


# --- Built deterministically -------------------------------------------------------------------


def test_two_builds_give_the_same_hash_for_every_branch_and_tag(
    corpus_dir: Path, tmp_path: Path
) -> None:
    again = build_corpus(tmp_path / "again")
    first, second = repositories(corpus_dir), repositories(again)
    assert first.keys() == second.keys()
    for name, repo in first.items():
        assert refs(repo) == refs(second[name]), name


def test_every_repository_is_checked_out_on_main(corpus_dir: Path) -> None:
    for name, repo in repositories(corpus_dir).items():
        assert git(repo, "symbolic-ref", "HEAD").strip() == "refs/heads/main", name
        assert git(repo, "status", "--porcelain") == "", name


def test_no_source_file_sits_in_a_hidden_folder() -> None:
    """The package data globs (`corpus_src/**/*`, `**/.*`) skip hidden folders: an installed kit
    would miss such files and its corpus would not build."""
    hidden = [
        p.relative_to(SOURCES).as_posix()
        for p in SOURCES.rglob("*")
        if p.is_file() and any(part.startswith(".") for part in p.relative_to(SOURCES).parts[:-1])
    ]
    assert hidden == []


# --- Size and shape ------------------------------------------------------------------------------


def test_the_corpus_has_at_least_eight_repositories(corpus_dir: Path) -> None:
    assert len(repositories(corpus_dir)) >= 8


def test_the_code_is_in_at_least_five_programming_languages(corpus_dir: Path) -> None:
    found = {
        language.name
        for repository in read_corpus(corpus_dir).repositories
        for document in repository.documents
        if (language := detect_language(document.path)) is not None
    }
    assert {"Go", "Python", "TypeScript", "Java", "Ruby", "Rust"} <= found


def test_the_history_has_150_commits_over_a_year_by_several_authors(corpus_dir: Path) -> None:
    commits = [
        line.split(" ", 1)
        for repo in repositories(corpus_dir).values()
        for line in git(repo, "log", "--all", "--format=%at %ae").splitlines()
    ]
    assert len(commits) >= 150
    times = [datetime.fromtimestamp(int(stamp), UTC) for stamp, _ in commits]
    assert max(times) - min(times) >= timedelta(days=365)
    assert len({email for _, email in commits}) >= 3


def test_there_are_branches_besides_main_and_annotated_tags(corpus_dir: Path) -> None:
    names = [ref for repo in repositories(corpus_dir).values() for ref in refs(repo)]
    assert any(r.startswith("refs/heads/") and r != "refs/heads/main" for r in names)
    assert any(r.startswith("refs/tags/") for r in names)
    for repo in repositories(corpus_dir).values():
        kinds = git(repo, "for-each-ref", "refs/tags", "--format=%(objecttype)").split()
        assert set(kinds) <= {"tag"}


def test_a_feature_branch_was_merged_with_a_merge_commit(corpus_dir: Path) -> None:
    ui_kit = corpus_dir / "github.com/acme/ui-kit"
    merges = git(ui_kit, "log", "--merges", "--format=%s", "main").splitlines()
    assert merges == ["Merge branch 'feature/usage-reports'"]


# --- The original repositories keep their files -------------------------------------------------


@pytest.mark.parametrize("name", sorted(ORIGINAL_TREES))
def test_an_original_repository_ends_at_exactly_its_original_files(
    corpus_dir: Path, name: str
) -> None:
    repo = corpus_dir / name
    assert git(repo, "rev-parse", "HEAD^{tree}").strip() == ORIGINAL_TREES[name]
    assert int(git(repo, "rev-list", "--count", "HEAD")) > 1  # it has a history now
    listing = git(repo, "ls-tree", "-r", "HEAD").splitlines()
    in_git = {line.split("\t", 1)[1]: line.split()[2] for line in listing}
    source = SOURCES / name
    files = {p.relative_to(source).as_posix(): p for p in source.rglob("*") if p.is_file()}
    assert in_git.keys() == files.keys()
    for path, blob in in_git.items():
        content = subprocess.run(
            ["git", "-C", str(repo), "cat-file", "blob", blob], check=True, capture_output=True
        ).stdout
        assert content == files[path].read_bytes(), path


@pytest.mark.parametrize(
    ("reference", "compare", "fingerprint"),
    [
        ("TODO", "files", "files:6:10d6b5665b8d3324"),
        ("lang:python TODO", "files", "files:2:05c4eee57acdf1da"),
        ("repo:web-storefront calculateTotal", "lines", "lines:4:7fe42493f47060c3"),
        ('"connection refused"', "lines", "lines:3:f0601243e09ede61"),
        ("case:yes TIMEOUT", "lines", "lines:4:041fa5807906e38f"),
        ("file:^k8s/ :latest", "files", "files:2:5b29526bbb26ee89"),
    ],
)
def test_the_released_search_exercises_keep_their_fingerprints(
    practice: PracticeBackend, reference: str, compare: Any, fingerprint: str
) -> None:
    """The fingerprints in release/sourcegraph-101/search-basics: new repositories avoid them."""
    assert reference_fingerprint(reference, compare, practice) == fingerprint


# --- Replaying a history -------------------------------------------------------------------------

PEOPLE = {"ann": Person("Ann Example", "ann@acme.example")}


def plan(commits: list[dict[str, Any]], final: dict[str, bytes]) -> list[str]:
    """Replay a small history; return each commit's subject, branch and changed paths."""
    history = HistoryFile.model_validate({"repository": "h.example/o/r", "commits": commits})
    planned = plan_history(history, final, PEOPLE, Path("history.yaml"))
    return [
        f"{c.branch}: {c.message.strip()} {sorted(p for p, _ in c.changes)}"
        for c in planned.commits
    ]


def commit(day: int, message: str, **changes: Any) -> dict[str, Any]:
    return {
        "date": f"2026-01-{day:02d}T10:00:00+00:00",
        "author": "ann",
        "message": message,
        **changes,
    }


def test_commits_replay_in_date_order_and_end_at_the_source_tree() -> None:
    final = {"a.txt": b"two\n", "b.txt": b"b\n"}
    assert plan(
        [
            commit(3, "Finish", final="all"),
            commit(1, "Start", write={"a.txt": "one\n"}),
            commit(2, "Edit", edit={"a.txt": [["one", "two"]]}),
        ],
        final,
    ) == ["main: Start ['a.txt']", "main: Edit ['a.txt']", "main: Finish ['b.txt']"]


def test_a_bump_run_is_one_commit_per_version() -> None:
    bump = {
        "path": "v.txt",
        "text": "v{}",
        "versions": ["1", "2", "3"],
        "start": "2026-01-02T00:00:00+00:00",
        "every_days": 7,
        "authors": ["ann"],
        "message": "Bump to {}",
    }
    assert plan(
        [commit(1, "Start", write={"v.txt": "v1\n"}), {"bump": bump}], {"v.txt": b"v3\n"}
    ) == [
        "main: Start ['v.txt']",
        "main: Bump to 2 ['v.txt']",
        "main: Bump to 3 ['v.txt']",
    ]


def test_a_branch_starts_from_main_and_a_merge_brings_its_changes() -> None:
    final = {"a.txt": b"a\n", "f.txt": b"f\n"}
    assert plan(
        [
            commit(1, "Start", write={"a.txt": "a\n"}),
            commit(2, "Feature", branch="feature/x", write={"f.txt": "f\n"}),
            commit(3, "Merge feature/x", merge="feature/x"),
        ],
        final,
    ) == [
        "main: Start ['a.txt']",
        "feature/x: Feature ['f.txt']",
        "main: Merge feature/x ['f.txt']",
    ]


@pytest.mark.parametrize(
    ("commits", "final", "message"),
    [
        (
            [commit(1, "Start", write={"a.txt": "a\n"})],
            {"a.txt": b"b\n"},
            "does not end at its source tree: a.txt",
        ),
        (
            [
                commit(1, "Start", write={"a.txt": "a\n"}),
                commit(2, "Fix", edit={"a.txt": [["zzz", "b"]]}),
            ],
            {"a.txt": b"b\n"},
            "commit 'Fix' of h.example/o/r: edit of a.txt: 'zzz' not found",
        ),
        ([{**commit(1, "Start", final="all"), "author": "bob"}], {}, "unknown author 'bob'"),
        ([commit(1, "Start", final=["gone.txt"])], {}, "final: gone.txt is not in the source tree"),
        (
            [commit(1, "Start", write={"a.txt": "a\n"}), commit(2, "Same", write={"a.txt": "a\n"})],
            {"a.txt": b"a\n"},
            "commit 'Same' of h.example/o/r: changes no file",
        ),
    ],
)
def test_a_history_that_does_not_add_up_is_rejected_naming_the_commit(
    commits: list[dict[str, Any]], final: dict[str, bytes], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        plan(commits, final)


# --- Repository metadata -------------------------------------------------------------------------


def test_metadata_describes_every_repository_in_the_sources(corpus_dir: Path) -> None:
    raw = yaml.safe_load((corpus_dir / METADATA_FILE).read_text(encoding="utf-8"))
    names = {p.relative_to(SOURCES).as_posix() for p in source_repositories()}
    assert set(raw["repositories"]) == names


def test_metadata_loads_with_forks_archived_and_private_repositories(corpus_dir: Path) -> None:
    metadata = load_corpus_metadata(corpus_dir)
    assert metadata.keys() == repositories(corpus_dir).keys()
    assert metadata["github.com/acme/mlutils"].fork
    assert metadata["github.com/acme/legacy-reports"].archived
    assert metadata["gitlab.example.com/platform/internal-tools"].private
    assert metadata["github.com/acme/billing-service"].metadata["owner"] == "payments-team"
    assert metadata["github.com/acme/billing-service"].metadata["pci"] is None
    assert all(m.description and m.topics for m in metadata.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("repositories: {a/b/c: {stars: many}}", "field 'repositories.a/b/c.stars'"),
        ("repositories: {a/b/c: {topics: [Not A Topic]}}", "field 'repositories.a/b/c.topics.0'"),
        ("repositories: {a/b/c: {colour: red}}", "field 'repositories.a/b/c.colour'"),
        ("repositories: {x/y/z: {}}", "field 'repositories.x/y/z': no such repository"),
    ],
)
def test_bad_metadata_is_reported_with_its_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / METADATA_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as error:
        read_metadata_file(path, ["a/b/c"])
    assert str(error.value).startswith(str(path))


def test_repositories_without_metadata_get_the_defaults(tmp_path: Path) -> None:
    assert read_metadata_file(tmp_path / METADATA_FILE, ["a/b/c"]) == {"a/b/c": RepoMetadata()}


# --- Planted findings ----------------------------------------------------------------------------

SHAPES = {
    "aws-access-key": r"AKIA[0-9A-Z]{16}",
    "aws-secret-key": r"[A-Za-z0-9/+]{40}",
    "github-token": r"ghp_[A-Za-z0-9]{36}",
    "slack-token": r"xox[baprs]-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24,34}",
    "private-key": r"-----BEGIN (RSA )?PRIVATE KEY-----",
    "hard-coded-ip": r"(10|172|192)\.\d{1,3}\.\d{1,3}\.\d{1,3}",
    "email-address": r"[\w.]+@acme\.example",
}
"""What each kind of secret looks like: planted findings are shaped like the real thing."""

SCANS = {
    "aws-access-key": r"AKIA[0-9A-Z]{16}",
    "github-token": r"ghp_\S+",
    "slack-token": r"xox[baprs]-\S+",
    "private-key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "hard-coded-ip": r"\b\d{1,3}(?:\.\d{1,3}){3}\b",
    "email-address": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "unpinned-latest-image": r":latest\b|tag:\s*\"?latest|`latest`",
    "password": r"(?i)password\s*[:=]",
}
"""Naive searches a learner might run: every hit at HEAD is a listed finding or decoy."""


def test_every_finding_and_decoy_is_where_the_manifest_says(corpus_dir: Path) -> None:
    assert manifest_problems(corpus_dir, load_findings(corpus_dir)) == []


def test_every_kind_has_findings_and_there_are_decoys(corpus_dir: Path) -> None:
    manifest = load_findings(corpus_dir)
    assert {f.kind for f in manifest.findings} == set(get_args(FindingKind))
    assert len(manifest.decoys) >= 10
    assert any(f.in_history_only for f in manifest.findings)


@pytest.mark.parametrize("kind", sorted(SHAPES))
def test_planted_secrets_are_shaped_like_real_ones(corpus_dir: Path, kind: str) -> None:
    for finding in load_findings(corpus_dir).findings:
        if finding.kind == kind:
            assert re.fullmatch(SHAPES[kind], finding.text), finding.id


def test_vulnerable_dependencies_have_an_advisory(corpus_dir: Path) -> None:
    manifest = load_findings(corpus_dir)
    cves = {a.cve for a in manifest.advisories}
    notes = [f.note for f in manifest.findings if f.kind == "vulnerable-dependency"]
    assert notes and all(any(cve in note for cve in cves) for note in notes)


@pytest.mark.parametrize("kind", sorted(SCANS))
def test_naive_searches_find_only_listed_findings_and_decoys(corpus_dir: Path, kind: str) -> None:
    manifest = load_findings(corpus_dir)
    listed = {(e.repository, e.path, e.line) for e in manifest.entries if not e.in_history_only}
    pattern = re.compile(SCANS[kind])
    unlisted = [
        f"{repository.name}/{document.path}:{number}: {line.strip()}"
        for repository in read_corpus(corpus_dir).repositories
        for document in repository.documents
        for number, line in enumerate(document.text.splitlines(), start=1)
        if pattern.search(line) and (repository.name, document.path, number) not in listed
    ]
    assert unlisted == []
