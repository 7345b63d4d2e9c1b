"""The planted security findings of a corpus (`findings.yaml`), to measure recall and precision.

A finding is one matched text on one line of one file: at the tip of `main`, or, marked
`in_history_only`, in the commit whose subject is `commit` (a secret committed, then removed).
Decoys look like findings but are not (a documented example key, a placeholder, a patched
version); advisories say which dependency versions count as vulnerable.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from kit.errors import CorpusError
from kit.practice.git import run_git
from kit.yaml_io import read_yaml, validated

FINDINGS_FILE = "findings.yaml"

FindingKind = Literal[
    "aws-access-key",
    "aws-secret-key",
    "private-key",
    "github-token",
    "slack-token",
    "password",
    "hard-coded-ip",
    "email-address",
    "sql-string-building",
    "unpinned-latest-image",
    "vulnerable-dependency",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Model):
    """One planted finding, or one decoy (then `kind` is the kind it resembles)."""

    id: str = Field(pattern=r"^[A-Z]+[0-9]+$")
    kind: FindingKind
    repository: str
    path: str
    line: PositiveInt
    text: str = Field(min_length=1)
    in_history_only: bool = False
    commit: str | None = None
    """Subject of the commit that shows it, for a finding only in history."""
    note: str = ""

    @model_validator(mode="after")
    def _commit_with_history(self) -> Finding:
        if self.in_history_only != (self.commit is not None):
            raise ValueError("a finding in_history_only names its commit, and only then")
        return self


class Advisory(_Model):
    """A known vulnerability: which versions of which package are affected."""

    ecosystem: Literal["maven", "npm", "pypi"]
    package: str
    vulnerable: str
    cve: str = Field(pattern=r"^CVE-\d{4}-\d{4,}$")
    summary: str


class FindingsManifest(_Model):
    """The whole `findings.yaml`."""

    advisories: tuple[Advisory, ...] = ()
    findings: tuple[Finding, ...]
    decoys: tuple[Finding, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> FindingsManifest:
        repeated = [i for i, n in Counter(f.id for f in self.entries).items() if n > 1]
        if repeated:
            raise ValueError(f"ids must be unique: {', '.join(sorted(repeated))}")
        if any(d.in_history_only for d in self.decoys):
            raise ValueError("decoys are at the tip of main, not in_history_only")
        return self

    @property
    def entries(self) -> tuple[Finding, ...]:
        """Findings and decoys together."""
        return self.findings + self.decoys


def load_findings(corpus_root: Path) -> FindingsManifest:
    """Read and validate the corpus's `findings.yaml`."""
    return read_findings_file(corpus_root / FINDINGS_FILE)


def read_findings_file(path: Path) -> FindingsManifest:
    """Read and validate a findings manifest."""
    return validated(FindingsManifest, read_yaml(path), path)


def manifest_problems(corpus_root: Path, manifest: FindingsManifest) -> list[str]:
    """Every entry whose text is not where the manifest says; empty when all check out."""
    problems: list[str] = []
    for entry in manifest.entries:
        where = f"{entry.id}: {entry.repository}/{entry.path}:{entry.line}"
        repo = corpus_root / entry.repository
        try:
            revision = _commit(repo, entry.commit) if entry.commit else "HEAD"
            lines = _show(repo, revision, entry.path).splitlines()
        except CorpusError as exc:
            problems.append(f"{where}: {exc.message}")
            continue
        if entry.line > len(lines) or entry.text not in lines[entry.line - 1]:
            problems.append(f"{where}: {entry.text!r} is not on that line")
        elif entry.in_history_only and _at_head(repo, entry):
            problems.append(f"{where}: marked in_history_only, but still at HEAD")
    return problems


def _commit(repo: Path, subject: str) -> str:
    log = run_git(repo, "log", "--all", "--format=%H %s").decode()
    found = [line.split(" ", 1)[0] for line in log.splitlines() if line.split(" ", 1)[1] == subject]
    if len(found) != 1:
        raise CorpusError(f"{len(found)} commits have the subject {subject!r}; need exactly 1")
    return found[0]


def _show(repo: Path, revision: str, path: str) -> str:
    return run_git(repo, "show", f"{revision}:{path}").decode("utf-8", "replace")


def _at_head(repo: Path, entry: Finding) -> bool:
    try:
        return entry.text in _show(repo, "HEAD", entry.path)
    except CorpusError:
        return False
