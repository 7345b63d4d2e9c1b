"""Changeset specs: what each workspace's changes would become on the code host.

The specs are what `src batch preview` uploads. Publishing is simulated: the practice Sourcegraph
reports what would be published (`action`), never pushes a branch or opens a pull request, and
`fork: true` is recorded but no fork is made. `${{ batch_change_link }}` stays in the body as
written, because Sourcegraph fills it in only when the changeset is published.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kit.errors import BatchSpecError
from kit.practice.batch.spec import BatchSpec, ChangesetTemplate, Published
from kit.practice.batch.steps import (
    WorkspaceRun,
    batch_change_variables,
    repository_variables,
)
from kit.practice.batch.template import Record, TemplateError, render


@dataclass(frozen=True)
class ChangesetSpec:
    """One changeset: a branch with one commit on a repository, and how it is published."""

    repository: str
    base_ref: str
    base_rev: str
    head_ref: str
    title: str
    body: str
    commit_message: str
    author_name: str
    author_email: str
    published: Published
    diff: str
    files: Mapping[str, str | None] = field(default_factory=dict)
    """Each changed file's content after the change (None: deleted), for grading by effect."""
    fork: bool = False

    @property
    def branch(self) -> str:
        """The head branch's short name."""
        return self.head_ref.removeprefix("refs/heads/")

    @property
    def action(self) -> str:
        """What applying the batch change would do, in the preview's words."""
        if self.published is True:
            return "Publish"
        if self.published == "draft":
            return "Publish draft"
        return "Unpublished"

    def diff_stat(self) -> tuple[int, int]:
        """(lines added, lines removed) in the diff."""
        lines = self.diff.splitlines()
        added = sum(1 for ln in lines if ln.startswith("+") and not ln.startswith("+++"))
        removed = sum(1 for ln in lines if ln.startswith("-") and not ln.startswith("---"))
        return added, removed

    def to_json(self) -> dict[str, Any]:
        """The changeset spec in Sourcegraph's JSON shape, plus `files` for graders."""
        return {
            "baseRepository": self.repository,
            "baseRef": self.base_ref,
            "baseRev": self.base_rev,
            "headRepository": self.repository,
            "headRef": self.head_ref,
            "title": self.title,
            "body": self.body,
            "commits": [
                {
                    "message": self.commit_message,
                    "diff": self.diff,
                    "authorName": self.author_name,
                    "authorEmail": self.author_email,
                }
            ],
            "published": self.published,
            "fork": self.fork,
            "files": dict(self.files),
        }


def changeset_spec(spec: BatchSpec, run: WorkspaceRun) -> ChangesetSpec | None:
    """The changeset `spec.changesetTemplate` makes of `run`, or None when nothing changed."""
    template = spec.changeset_template
    if template is None or not run.diff:
        return None
    variables: dict[str, Any] = {
        "batch_change": batch_change_variables(spec),
        "repository": repository_variables(run.workspace),
        "steps": Record(**run.changes.variables(), path=""),
        "outputs": dict(run.outputs),
    }

    def fill(name: str, text: str, **extra: Any) -> str:
        try:
            return render(text, {**variables, **extra})
        except TemplateError as exc:
            raise BatchSpecError(
                f"changesetTemplate.{name}: {exc} (for {run.workspace.repository})",
                where=spec.where,
            ) from None

    return ChangesetSpec(
        repository=run.workspace.repository,
        base_ref=f"refs/heads/{run.workspace.branch}",
        base_rev=run.workspace.rev,
        head_ref=f"refs/heads/{fill('branch', template.branch)}",
        title=fill("title", template.title),
        body=fill("body", template.body, batch_change_link="${{ batch_change_link }}"),
        commit_message=fill("commit.message", template.commit_message),
        author_name=fill("commit.author.name", template.author_name),
        author_email=fill("commit.author.email", template.author_email),
        published=published_for(template, run.workspace.repository),
        diff=run.diff,
        files=run.files,
        fork=template.fork,
    )


def published_for(template: ChangesetTemplate, repository: str) -> Published:
    """The `published` value for `repository`: a list's last matching glob wins."""
    if not isinstance(template.published, tuple):
        return template.published
    chosen: Published = None
    for glob, value in template.published:
        if fnmatch.fnmatchcase(repository, glob):
            chosen = value
    return chosen
