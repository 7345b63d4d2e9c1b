"""Previewing batch specs on the practice corpus: on: resolution, steps, changeset specs."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from kit.errors import BatchSpecError, BatchStepError
from kit.practice.batch import load_spec, preview_batch_change, resolve_workspaces
from kit.practice.batch.preview import BatchPreview
from tests.practice.batch.conftest import WriteSpec

DOCKERFILE_REPOS = [
    "github.com/acme/inventory-service",
    "github.com/acme/ui-kit",
    "github.com/acme/web-storefront",
]

PIN_IMAGES = """\
    name: pin-latest-images
    version: 2
    description: Pin base images instead of using :latest
    on:
      - repositoriesMatchingQuery: file:Dockerfile latest
    steps:
      - run: sed -i 's/^FROM \\(.*\\):latest/FROM \\1:stable/' ${{ join repository.search_result_paths " " }}
        container: alpine:3
    changesetTemplate:
      title: Pin base images in ${{ replace repository.name "github.com/acme/" "" }}
      body: Changed ${{ join steps.modified_files ", " }}. ${{ batch_change_link }}
      branch: batch/${{ batch_change.name }}
      commit:
        message: Pin base images
        author: {name: Practice Bot, email: bot@practice.test}
      published:
        - "*": false
        - "github.com/acme/ui-*": draft
        - "github.com/acme/web-*": true
"""


def _preview(path: Path, corpus: Path, **options: object) -> BatchPreview:
    return preview_batch_change(load_spec(path), corpus, **options)  # type: ignore[arg-type]


def _git_head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _assert_corpus_clean(corpus: Path) -> None:
    for repo in sorted(p.parent for p in corpus.glob("*/*/*/.git")):
        status = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--ignored"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert status == "", f"{repo} was modified"


@pytest.fixture
def scratch_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the kit's temporary folders land in one empty folder, to see what is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_pinning_latest_images_changes_each_dockerfile(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    preview = _preview(write_spec(PIN_IMAGES), corpus_dir)

    assert [c.repository for c in preview.changesets] == DOCKERFILE_REPOS
    storefront = preview.changesets[2]
    assert "-FROM node:latest\n+FROM node:stable\n" in storefront.diff
    assert storefront.diff.startswith("diff --git a/Dockerfile b/Dockerfile\n")
    assert storefront.files["Dockerfile"].startswith("FROM node:stable\n")  # type: ignore[union-attr]
    assert storefront.diff_stat() == (1, 1)
    assert storefront.title == "Pin base images in web-storefront"
    assert storefront.body == "Changed Dockerfile. ${{ batch_change_link }}"
    assert storefront.head_ref == "refs/heads/batch/pin-latest-images"
    assert storefront.base_ref == "refs/heads/main"
    assert storefront.base_rev == _git_head(corpus_dir / "github.com/acme/web-storefront")
    assert (storefront.author_name, storefront.author_email) == (
        "Practice Bot",
        "bot@practice.test",
    )
    assert [c.action for c in preview.changesets] == ["Unpublished", "Publish draft", "Publish"]
    assert "FROM nginx:stable" in preview.changesets[1].files["Dockerfile"]  # type: ignore[operator]
    assert (
        "container alpine:3 not available offline; ran with the local shell in a bubblewrap sandbox"
        in preview.notes
    )
    _assert_corpus_clean(corpus_dir)


def test_json_form_has_sourcegraph_changeset_spec_fields(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    spec = _preview(write_spec(PIN_IMAGES), corpus_dir).to_json()["changesetSpecs"][0]
    assert spec["baseRepository"] == "github.com/acme/inventory-service"
    assert spec["headRef"] == "refs/heads/batch/pin-latest-images"
    assert spec["commits"][0]["message"] == "Pin base images"
    assert "+FROM eclipse-temurin:stable" in spec["commits"][0]["diff"]
    assert spec["published"] is False


def test_a_notebook_shows_the_preview_table_and_diffs(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    page = _preview(write_spec(PIN_IMAGES), corpus_dir)._repr_html_()
    assert page.startswith("<pre") and "<html" not in page  # a fragment for the output area
    for repository in DOCKERFILE_REPOS:
        assert repository in page
    assert "Publish draft" in page
    assert "FROM node:stable" in page  # the diff, not only the table


def test_version_1_reads_the_query_as_standard_version_2_as_keyword(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    query = "on:\n  - repositoriesMatchingQuery: file:Dockerfile FROM latest\n"
    standard = load_spec(write_spec(f"name: v1\nversion: 1\n{query}"))
    keyword = load_spec(write_spec(f"name: v2\nversion: 2\n{query}"))
    explicit = load_spec(
        write_spec(f"name: v1\n{query.replace('FROM', 'patterntype:keyword FROM')}")
    )
    assert resolve_workspaces(standard, corpus_dir) == []  # the phrase "FROM latest" is nowhere
    names = [w.repository for w in resolve_workspaces(keyword, corpus_dir)]
    assert names == DOCKERFILE_REPOS
    assert [w.repository for w in resolve_workspaces(explicit, corpus_dir)] == names


def test_repository_entries_use_the_named_branch_or_the_default(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    spec = load_spec(
        write_spec(
            """\
            name: branches
            on:
              - repository: github.com/acme/web-storefront
                branch: feature/discount-codes
              - repository: github.com/acme/ui-kit
            """
        )
    )
    workspaces = resolve_workspaces(spec, corpus_dir)
    assert [(w.repository, w.branch) for w in workspaces] == [
        ("github.com/acme/web-storefront", "feature/discount-codes"),
        ("github.com/acme/ui-kit", "main"),
    ]
    assert workspaces[1].rev == _git_head(corpus_dir / "github.com/acme/ui-kit")


def test_unknown_repository_and_branch_are_clear_errors(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec("name: x\non:\n  - repository: github.com/acme/nope\n")
    with pytest.raises(
        BatchSpecError,
        match=r"on\.0: repository github.com/acme/nope is not on the practice Sourcegraph \(known: github.com/acme/billing-service",
    ):
        resolve_workspaces(load_spec(path), corpus_dir)
    path = write_spec("name: x\non:\n  - repository: github.com/acme/ui-kit\n    branch: nope\n")
    with pytest.raises(
        BatchSpecError, match=r"repository github\.com/acme/ui-kit has no branch nope"
    ):
        resolve_workspaces(load_spec(path), corpus_dir)


def test_a_bad_query_is_reported_at_its_on_item(write_spec: WriteSpec, corpus_dir: Path) -> None:
    path = write_spec("name: x\non:\n  - repositoriesMatchingQuery: 'patterntype:nope x'\n")
    with pytest.raises(
        BatchSpecError, match=r"on\.0: repositoriesMatchingQuery: invalid patterntype"
    ):
        resolve_workspaces(load_spec(path), corpus_dir)


def test_if_false_skips_the_step(write_spec: WriteSpec, corpus_dir: Path) -> None:
    path = write_spec(
        """\
        name: only-ui-kit
        version: 2
        on:
          - repositoriesMatchingQuery: file:Dockerfile latest
        steps:
          - run: echo never > NEVER.md
            container: alpine:3
            if: false
          - run: echo "# UI kit" > NOTES.md
            container: alpine:3
            if: ${{ matches repository.name "*/ui-*" }}
        changesetTemplate: {title: Notes, branch: notes, commit: {message: notes}}
        """
    )
    preview = _preview(path, corpus_dir)
    assert [c.repository for c in preview.changesets] == ["github.com/acme/ui-kit"]
    assert preview.changesets[0].files == {"NOTES.md": "# UI kit\n"}
    assert preview.unchanged == (
        "github.com/acme/inventory-service@main",
        "github.com/acme/web-storefront@main",
    )


def test_outputs_env_and_files_flow_into_the_changeset(
    write_spec: WriteSpec, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FROM_CALLER", "caller-value")
    monkeypatch.setenv("NOT_ASKED_FOR", "secret")
    path = write_spec(
        """\
        name: outputs
        on:
          - repository: github.com/acme/ui-kit
        steps:
          - run: |
              cat /tmp/header.txt > REPORT.md
              echo "$GREETING $FROM_CALLER ${NOT_ASKED_FOR:-unset}" >> REPORT.md
              echo '{"count": 2, "owner": "team-ui"}'
            container: alpine:3
            env:
              - GREETING: hello from ${{ repository.name }}
              - FROM_CALLER
            files:
              /tmp/header.txt: "# Report for ${{ batch_change.name }}\\n"
            outputs:
              summary:
                value: ${{ step.stdout }}
                format: json
              added:
                value: ${{ join step.added_files "," }}
          - run: echo "${{ outputs.summary.owner }} ${{ previous_step.added_files }}" >> REPORT.md
            container: alpine:3
            env: {UNUSED: "x"}
        changesetTemplate:
          title: ${{ outputs.summary.count }} findings for ${{ outputs.summary.owner }}
          body: added ${{ outputs.added }}
          branch: report-${{ outputs.summary.owner }}
          commit: {message: "Report"}
        """
    )
    [changeset] = _preview(path, corpus_dir).changesets
    assert changeset.files["REPORT.md"] == (
        "# Report for outputs\n"
        "hello from github.com/acme/ui-kit caller-value unset\n"
        "team-ui [REPORT.md]\n"
    )
    assert changeset.title == "2 findings for team-ui"
    assert changeset.body == "added REPORT.md"
    assert changeset.branch == "report-team-ui"
    assert changeset.action == "Unpublished"


def test_deleted_and_added_files_are_in_the_diff(write_spec: WriteSpec, corpus_dir: Path) -> None:
    path = write_spec(
        """\
        name: move-readme
        on:
          - repository: github.com/acme/ui-kit
        steps:
          - run: mkdir -p docs && git mv README.md docs/README.md 2>/dev/null || mv README.md docs/README.md
            container: alpine/git:latest
        changesetTemplate: {title: Move, branch: move, commit: {message: "${{ steps.deleted_files }} ${{ steps.added_files }}"}}
        """
    )
    [changeset] = _preview(path, corpus_dir).changesets
    assert changeset.files["README.md"] is None
    assert changeset.files["docs/README.md"]
    assert "deleted file mode" in changeset.diff and "new file mode" in changeset.diff
    assert changeset.commit_message == "[README.md] [docs/README.md]"


def test_a_failing_step_names_repo_and_step_and_leaves_nothing_behind(
    write_spec: WriteSpec, corpus_dir: Path, scratch_tmp: Path
) -> None:
    path = write_spec(
        """\
        name: fails
        on:
          - repository: github.com/acme/ui-kit
        steps:
          - run: echo half-written > Dockerfile && echo NEW > NEW.md
            container: alpine:3
          - run: echo "cannot find the config" >&2; exit 3
            container: alpine:3
        changesetTemplate: {title: T, branch: b, commit: {message: m}}
        """
    )
    with pytest.raises(BatchStepError) as caught:
        _preview(path, corpus_dir)
    assert str(caught.value) == (
        "github.com/acme/ui-kit: steps.1 failed with exit status 3: cannot find the config"
    )
    assert list(scratch_tmp.iterdir()) == []
    _assert_corpus_clean(corpus_dir)


def test_skip_errors_records_the_failure_and_goes_on(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(
        """\
        name: partly
        version: 2
        on:
          - repositoriesMatchingQuery: file:Dockerfile latest
        steps:
          - run: test "${{ repository.name }}" != github.com/acme/ui-kit && echo x >> Dockerfile
            container: alpine:3
        changesetTemplate: {title: T, branch: b, commit: {message: m}}
        """
    )
    preview = _preview(path, corpus_dir, skip_errors=True)
    assert [c.repository for c in preview.changesets] == [
        "github.com/acme/inventory-service",
        "github.com/acme/web-storefront",
    ]
    assert preview.failures == (
        "github.com/acme/ui-kit: steps.0 failed with exit status 1: (no output)",
    )


def test_a_step_that_runs_too_long_is_stopped(write_spec: WriteSpec, corpus_dir: Path) -> None:
    path = write_spec(
        "name: slow\non: [{repository: github.com/acme/ui-kit}]\n"
        "steps: [{run: sleep 30, container: alpine:3}]\n"
    )
    with pytest.raises(
        BatchStepError, match=r"steps\.0 failed with exit status 124: timed out after 1 s"
    ):
        _preview(path, corpus_dir, timeout=1)


def test_steps_see_neither_the_corpus_nor_the_callers_home(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(
        f"""\
        name: sandboxed
        on: [{{repository: github.com/acme/ui-kit}}]
        steps:
          - run: |
              ls {corpus_dir} > SEEN.txt 2>&1 || echo "no corpus" > SEEN.txt
              echo "$HOME" >> SEEN.txt
            container: alpine:3
        changesetTemplate: {{title: T, branch: b, commit: {{message: m}}}}
        """
    )
    [changeset] = _preview(path, corpus_dir).changesets
    assert changeset.files["SEEN.txt"] == "no corpus\n/tmp\n"


@pytest.mark.parametrize(
    ("step", "error", "fragment"),
    [
        (
            "{run: 'echo ${{ repository.nmae }}', container: c}",
            BatchSpecError,
            "steps.0.run: repository has no field nmae",
        ),
        (
            "{run: echo, container: c, files: {notes.txt: x}}",
            BatchStepError,
            "files: notes.txt must be an absolute path",
        ),
        (
            "{run: echo, container: c, mount: [{path: ./x, mountpoint: /x}]}",
            BatchSpecError,
            "steps.0.mount: mounting local paths is not simulated",
        ),
        (
            "{run: echo nope, container: c, outputs: {o: {value: '${{ step.stdout }}', format: json}}}",
            BatchStepError,
            "steps.0.outputs.o: value is not valid json",
        ),
    ],
)
def test_step_problems_are_explained(
    step: str, error: type[Exception], fragment: str, write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(f"name: x\non: [{{repository: github.com/acme/ui-kit}}]\nsteps: [{step}]\n")
    with pytest.raises(error) as caught:
        _preview(path, corpus_dir)
    assert fragment in str(caught.value)


def test_without_a_changeset_template_no_changesets_are_made(
    write_spec: WriteSpec, corpus_dir: Path
) -> None:
    path = write_spec(
        "name: x\non: [{repository: github.com/acme/ui-kit}]\n"
        "steps: [{run: echo x > X, container: alpine:3}]\nworkspaces: [{rootAtLocationOf: package.json}]\n"
    )
    preview = _preview(path, corpus_dir)
    assert preview.changesets == ()
    assert "no changesetTemplate: the steps ran but no changesets are produced" in preview.notes
    assert (
        "workspaces: not simulated; each repository is one workspace at its root" in preview.notes
    )
