"""Read a batch spec (YAML) into typed, immutable models, checked against the schema once.

YAML is read with YAML 1.2 booleans (only `true`/`false`), so the key `on:` stays the string
"on" and `published: yes` is refused rather than read as true.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from kit.errors import BatchSpecError
from kit.practice.batch.schema import validate

Published = bool | Literal["draft"] | None
OutputFormat = Literal["text", "json", "yaml"]

DEFAULT_AUTHOR_NAME = "Sourcegraph"
DEFAULT_AUTHOR_EMAIL = "batch-changes@sourcegraph.com"


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are YAML 1.2's: `on`, `yes`, `no`, `off` stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class OnQuery:
    """`on: - repositoriesMatchingQuery: ...`."""

    query: str


@dataclass(frozen=True)
class OnRepository:
    """`on: - repository: ...` with optional `branch` or `branches` (default: the default branch)."""

    repository: str
    branches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    """One `outputs.<name>` entry of a step."""

    value: str
    format: OutputFormat = "text"


@dataclass(frozen=True)
class Step:
    """One step: a shell script meant for `container`, with its environment, files and outputs."""

    run: str
    container: str
    env: tuple[tuple[str, str | None], ...] = ()
    """(name, value) pairs; value None means "take it from the caller's environment"."""
    files: Mapping[str, str] = field(default_factory=dict)
    outputs: Mapping[str, Output] = field(default_factory=dict)
    condition: bool | str = True
    mounts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ChangesetTemplate:
    """`changesetTemplate`: templates for each changeset, and who it is published as."""

    title: str
    branch: str
    commit_message: str
    body: str = ""
    author_name: str = DEFAULT_AUTHOR_NAME
    author_email: str = DEFAULT_AUTHOR_EMAIL
    published: Published | tuple[tuple[str, Published], ...] = None
    fork: bool = False


@dataclass(frozen=True)
class BatchSpec:
    """A validated batch spec; `where` names the file it came from."""

    name: str
    version: int = 1
    description: str = ""
    on: tuple[OnQuery | OnRepository, ...] = ()
    steps: tuple[Step, ...] = ()
    changeset_template: ChangesetTemplate | None = None
    workspaces: tuple[Mapping[str, Any], ...] = ()
    transform_changes: Mapping[str, Any] | None = None
    import_changesets: tuple[Mapping[str, Any], ...] = ()
    where: str = "batch spec"


def load_spec(path: str | Path) -> BatchSpec:
    """Read and validate the batch spec file at `path`; BatchSpecError says what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BatchSpecError(f"cannot read the batch spec ({exc.strerror})", where=path) from None
    return parse_spec(text, where=str(path))


def parse_spec(text: str, *, where: str = "batch spec") -> BatchSpec:
    """Validate the batch spec YAML `text`; BatchSpecError lists every schema problem."""
    data = read_spec_yaml(text, where=where)
    problems = validate(data)
    if problems:
        count = f"{len(problems)} problems: " if len(problems) > 1 else ""
        raise BatchSpecError(f"invalid batch spec: {count}{'; '.join(problems)}", where=where)
    return _spec(data, where)


def read_spec_yaml(text: str, *, where: str = "batch spec") -> Any:
    """Parse batch spec YAML (YAML 1.2 booleans); a syntax error names its line and column."""
    try:
        return yaml.load(text, Loader=_Yaml12Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "syntax error"
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise BatchSpecError(f"not valid YAML{at}: {problem}", where=where) from None


def _spec(data: Mapping[str, Any], where: str) -> BatchSpec:
    template = data.get("changesetTemplate")
    return BatchSpec(
        name=data["name"],
        version=data.get("version", 1),
        description=data.get("description", ""),
        on=tuple(_on(item) for item in data.get("on") or ()),
        steps=tuple(_step(step) for step in data.get("steps") or ()),
        changeset_template=_template(template) if template is not None else None,
        workspaces=tuple(data.get("workspaces") or ()),
        transform_changes=data.get("transformChanges"),
        import_changesets=tuple(data.get("importChangesets") or ()),
        where=where,
    )


def _on(item: Mapping[str, Any]) -> OnQuery | OnRepository:
    if "repositoriesMatchingQuery" in item:
        return OnQuery(item["repositoriesMatchingQuery"])
    branches = item.get("branches") or ([item["branch"]] if "branch" in item else [])
    return OnRepository(item["repository"], tuple(branches))


def _env(raw: Any) -> tuple[tuple[str, str | None], ...]:
    if isinstance(raw, dict):
        return tuple(raw.items())
    pairs: list[tuple[str, str | None]] = []
    for entry in raw or ():
        pairs.extend(entry.items() if isinstance(entry, dict) else [(entry, None)])
    return tuple(pairs)


def _step(raw: Mapping[str, Any]) -> Step:
    outputs = {
        name: Output(value=out["value"], format=out.get("format", "text"))
        for name, out in (raw.get("outputs") or {}).items()
    }
    return Step(
        run=raw.get("run", ""),
        container=raw.get("container", ""),
        env=_env(raw.get("env")),
        files=dict(raw.get("files") or {}),
        outputs=outputs,
        condition=raw.get("if", True),
        mounts=tuple((m["path"], m["mountpoint"]) for m in raw.get("mount") or ()),
    )


def _template(raw: Mapping[str, Any]) -> ChangesetTemplate:
    author = raw["commit"].get("author") or {}
    published = raw.get("published")
    if isinstance(published, list):
        published = tuple(pair for rule in published for pair in rule.items())
    return ChangesetTemplate(
        title=raw["title"],
        branch=raw["branch"],
        commit_message=raw["commit"]["message"],
        body=raw.get("body", ""),
        author_name=author.get("name", DEFAULT_AUTHOR_NAME),
        author_email=author.get("email", DEFAULT_AUTHOR_EMAIL),
        published=published,
        fork=raw.get("fork", False),
    )
