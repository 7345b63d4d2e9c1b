"""Batch spec answers are graded by the changesets they produce, not by how they are written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kit.practice.batch import ChangesetSpec, compare_changesets, grade_batch_spec, load_spec
from tests.practice.batch.conftest import WriteSpec

EXPECTED = """\
    name: pin-images
    version: 2
    on:
      - repositoriesMatchingQuery: file:Dockerfile latest
    steps:
      - run: sed -i 's/:latest/:stable/' Dockerfile
        container: alpine:3
    changesetTemplate:
      title: Pin base images
      branch: pin-images
      commit: {message: Pin base images}
"""


def _changeset(repository: str, files: dict[str, str | None], **fields: str) -> ChangesetSpec:
    spec = ChangesetSpec(
        repository=repository,
        base_ref="refs/heads/main",
        base_rev="0" * 40,
        head_ref="refs/heads/pin",
        title="Pin",
        body="",
        commit_message="Pin",
        author_name="A",
        author_email="a@example.test",
        published=None,
        diff="(diff)",
        files=files,
    )
    return replace(spec, **fields)


def test_a_differently_written_spec_with_the_same_effect_passes(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    answer = EXPECTED.replace(
        "on:\n      - repositoriesMatchingQuery: file:Dockerfile latest",
        "on:\n      - repositoriesMatchingQuery: 'FROM :latest$ patterntype:regexp'",
    ).replace(
        "sed -i 's/:latest/:stable/' Dockerfile",
        "python3 -c \"import pathlib; p = pathlib.Path('Dockerfile'); "
        "p.write_text(p.read_text().replace(':latest', ':stable'))\"",
    )
    expected = load_spec(write_spec(EXPECTED))
    assert grade_batch_spec(load_spec(write_spec(answer)), expected, corpus_dir) == []


def test_a_spec_that_misses_repositories_and_names_another_branch_fails(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    answer = EXPECTED.replace("file:Dockerfile latest", "file:Dockerfile nginx").replace(
        "branch: pin-images", "branch: pin"
    )
    problems = grade_batch_spec(
        load_spec(write_spec(answer)), load_spec(write_spec(EXPECTED)), corpus_dir
    )
    assert problems == [
        "github.com/acme/inventory-service: your spec makes no changeset here, the expected one "
        "changes 1 file: Dockerfile",
        "github.com/acme/ui-kit: branch is 'pin', expected 'pin-images'",
        "github.com/acme/web-storefront: your spec makes no changeset here, the expected one "
        "changes 1 file: Dockerfile",
    ]


def test_missing_and_extra_files_are_named() -> None:
    mine = [_changeset("github.com/acme/billing", {"a/Dockerfile": "x", "README.md": "y"})]
    theirs = [
        _changeset(
            "github.com/acme/billing",
            {"a/Dockerfile": "x", "services/api/Dockerfile": "z", "b/Dockerfile": "w"},
        )
    ]
    assert compare_changesets(mine, theirs) == [
        "github.com/acme/billing: your spec changes 2 files, the expected 3: missing "
        "services/api/Dockerfile, b/Dockerfile; extra README.md"
    ]


def test_different_content_points_at_the_first_different_line() -> None:
    mine = [_changeset("r", {"Dockerfile": "FROM node:20\nRUN x\n", "gone.txt": "kept"})]
    theirs = [_changeset("r", {"Dockerfile": "FROM node:22\nRUN x\n", "gone.txt": None})]
    assert compare_changesets(mine, theirs) == [
        "r: Dockerfile differs from the expected result at line 1: 'FROM node:20', expected "
        "'FROM node:22'",
        "r: gone.txt is kept, the expected result deletes it",
    ]


def test_an_extra_changeset_and_a_different_title_are_reported() -> None:
    mine = [_changeset("a", {"f": "1"}, title="Pin images"), _changeset("b", {"f": "1"})]
    theirs = [_changeset("a", {"f": "1"})]
    assert compare_changesets(mine, theirs) == [
        "a: title is 'Pin images', expected 'Pin'",
        "b: your spec changes 1 file (f), the expected spec leaves this repository alone",
    ]


def test_more_fields_can_be_compared_when_an_exercise_asks() -> None:
    mine = [_changeset("a", {"f": "1"}, commit_message="wip")]
    theirs = [_changeset("a", {"f": "1"})]
    assert compare_changesets(mine, theirs) == []
    assert compare_changesets(mine, theirs, fields=("commit_message",)) == [
        "a: commit_message is 'wip', expected 'Pin'"
    ]
