"""Batch specs are checked against the batch spec schema, with messages that point at the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from kit.errors import BatchSpecError
from kit.practice.batch import batch_spec_schema, load_spec, read_spec_yaml, validate
from tests.practice.batch.conftest import WriteSpec

TEMPLATE = "changesetTemplate: {title: T, branch: b, commit: {message: m}}"

VALID = [
    "name: only-a-name",
    "name: a.b_c-1\nversion: 2",
    "name: x\nversion: 1\ndescription: '**Markdown**'",
    "name: x\non:\n  - repositoriesMatchingQuery: file:Dockerfile latest",
    "name: x\non:\n  - repository: github.com/acme/ui-kit\n    branch: main",
    "name: x\non:\n  - repository: github.com/acme/ui-kit\n    branches: [main, dev]",
    "name: x\nsteps:\n  - run: echo hi\n    container: alpine:3",
    "name: x\nsteps:\n  - {run: a, container: c, env: {A: b}}",
    "name: x\nsteps:\n  - {run: a, container: c, env: [A, {B: c}]}",
    "name: x\nsteps:\n  - {run: a, container: c, files: {/tmp/f: text}}",
    "name: x\nsteps:\n  - {run: a, container: c, outputs: {o: {value: v, format: json}}}",
    "name: x\nsteps:\n  - {run: a, container: c, if: false}",
    "name: x\nsteps:\n  - {run: a, container: c, if: '${{ eq repository.name \"x\" }}'}",
    "name: x\nsteps:\n  - {run: a, container: c, mount: [{path: ./f, mountpoint: /f}]}",
    f"name: x\n{TEMPLATE}",
    "name: x\nchangesetTemplate: {title: T, body: B, branch: b, fork: true, commit: {message: m, author: {name: n, email: e@x.test}}}",
    "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m}, published: draft}",
    "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m}, published: true}",
    "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m}, published: [{'github.com/*': draft}, {'*': false}]}",
    "name: x\nworkspaces: [{rootAtLocationOf: package.json, in: github.com/acme/*, onlyFetchWorkspace: true}]",
    "name: x\ntransformChanges: {group: [{directory: src, branch: b, repository: r}]}",
    "name: x\nimportChangesets: [{repository: r, externalIDs: [12, '13']}]",
    "name: x\nversion: 3",  # the schema allows 3; `validate` then explains it is not simulated
]

INVALID = [
    ("version: 2", "(root): name is required"),
    ("name: has space", "name: Does not match pattern"),
    ("name: x\nnmae: y", "(root): Additional property nmae is not allowed"),
    ("name: x\nversion: 4", "version: must be one of the following: 1, 2, 3"),
    ("name: x\nversion: '2'", "version: Invalid type. Expected: integer, given: string"),
    ("name: x\nsteps:\n  - container: alpine:3", "steps.0: run is required"),
    ("name: x\nsteps:\n  - run: echo", "steps.0: container is required"),
    (
        "name: x\nsteps:\n  - {run: a, container: c, image: i}",
        "steps.0: Additional property image is not allowed",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, env: {A: 1}}",
        "steps.0.env.A: Invalid type. Expected: string, given: integer",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, env: [{A: b, C: d}]}",
        "steps.0.env.0: must have at most 1 entries",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, env: 5}",
        "steps.0.env: must be a map of NAME: value",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, outputs: {o: {format: text}}}",
        "steps.0.outputs.o: value is required",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, outputs: {o: {value: v, format: xml}}}",
        "steps.0.outputs.o.format: must be one of the following",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, if: 1}",
        "steps.0.if: Invalid type. Expected: boolean or string",
    ),
    (
        "name: x\nsteps:\n  - {run: a, container: c, mount: [{path: p}]}",
        "steps.0.mount.0: mountpoint is required",
    ),
    (
        "name: x\non:\n  - repository: r\n    branch: a\n    branches: [b]",
        "on.0: branch and branches cannot both be given",
    ),
    (
        "name: x\non:\n  - repositoriesMatchingQuery: q\n    repository: r",
        "on.0: must be {repositoriesMatchingQuery: ...} or {repository",
    ),
    (
        "name: x\non:\n  - repository: r\n    brnch: a",
        "on.0: Additional property brnch is not allowed",
    ),
    ("name: x\non: file:README", "on: Invalid type. Expected: array or null, given: string"),
    (
        "name: x\nchangesetTemplate: {titel: T, branch: b, commit: {message: m}}",
        "changesetTemplate: Additional property titel is not allowed",
    ),
    (
        "name: x\nchangesetTemplate: {branch: b, commit: {message: m}}",
        "changesetTemplate: title is required",
    ),
    (
        "name: x\nchangesetTemplate: {title: T, commit: {message: m}}",
        "changesetTemplate: branch is required",
    ),
    ("name: x\nchangesetTemplate: {title: T, branch: b}", "changesetTemplate: commit is required"),
    (
        "name: x\nchangesetTemplate: {title: T, branch: b, commit: {}}",
        "changesetTemplate.commit: message is required",
    ),
    (
        "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m, author: {name: n}}}",
        "changesetTemplate.commit.author: email is required",
    ),
    (
        "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m}, published: yes}",
        'changesetTemplate.published: must be true, false, "draft" or a list',
    ),
    (
        "name: x\nchangesetTemplate: {title: T, branch: b, commit: {message: m}, published: [{'*': maybe}]}",
        'changesetTemplate.published.0.*: must be true, false or "draft"',
    ),
    ("name: x\nworkspaces: [{in: '*'}]", "workspaces.0: rootAtLocationOf is required"),
    (
        "name: x\ntransformChanges: {group: [{directory: d}]}",
        "transformChanges.group.0: branch is required",
    ),
    ("name: x\nimportChangesets: [{repository: r}]", "importChangesets.0: externalIDs is required"),
    (
        "name: x\nimportChangesets: [{repository: r, externalIDs: [1.5]}]",
        "importChangesets.0.externalIDs.0: Invalid type. Expected: string or integer, given: number",
    ),
    ("- name: x", "(root): Invalid type. Expected: object, given: array"),
    ("name: 2024-01-01", "name: Invalid type. Expected: string, given: date"),
    ("name: x\nversion: 3", "version: version 3 specs"),
]


def test_the_shipped_schema_is_a_valid_draft_07_schema() -> None:
    Draft7Validator.check_schema(batch_spec_schema())
    assert batch_spec_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("text", VALID)
def test_valid_specs_pass_the_raw_schema(text: str) -> None:
    assert list(Draft7Validator(batch_spec_schema()).iter_errors(read_spec_yaml(text))) == []


@pytest.mark.parametrize("text", VALID[:-1])
def test_valid_specs_load(text: str, write_spec: WriteSpec) -> None:
    path = write_spec(text)
    assert load_spec(path).name == read_spec_yaml(text)["name"]


@pytest.mark.parametrize(("text", "fragment"), INVALID)
def test_invalid_specs_name_the_field(text: str, fragment: str, write_spec: WriteSpec) -> None:
    path = write_spec(text)
    with pytest.raises(BatchSpecError) as caught:
        load_spec(path)
    assert caught.value.where == str(path)
    assert fragment in caught.value.message
    assert "\n" not in str(caught.value)


def test_validate_reports_every_problem_at_once() -> None:
    data = read_spec_yaml(
        "name: bad name\nsteps:\n  - run: echo\nchangesetTemplate: {titel: T, branch: b, commit: {}}"
    )
    assert validate(data) == [
        "changesetTemplate: Additional property titel is not allowed",
        "changesetTemplate: title is required",
        "changesetTemplate.commit: message is required",
        "name: Does not match pattern '^[\\w.-]+$'",
        "steps.0: container is required",
    ]


def test_the_loader_lists_all_problems_in_one_line(write_spec: WriteSpec) -> None:
    path = write_spec("name: x\nsteps:\n  - run: a\n  - container: c\n")
    with pytest.raises(
        BatchSpecError,
        match=r"2 problems: steps.0: container is required; steps.1: run is required$",
    ):
        load_spec(path)


def test_on_and_yes_are_yaml_1_2_strings_not_booleans() -> None:
    data = read_spec_yaml("name: x\non: []\ndescription: yes\n")
    assert set(data) == {"name", "on", "description"}
    assert data["description"] == "yes"


def test_version_3_steps_are_accepted_by_the_schema_then_refused_with_a_reason() -> None:
    problems = validate(read_spec_yaml("name: x\nversion: 3\nsteps:\n  - run: echo"))
    assert problems == [
        "version: version 3 specs (image and codingAgent steps, changesetHooks) run only on a "
        "real Sourcegraph; use version: 2 for the practice Sourcegraph"
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "name: x\n  on: [",
            "not valid YAML at line 2, column 5: mapping values are not allowed here",
        ),
        ("name: x\nsteps: [{run: a", "not valid YAML at line 2, column 16"),
        ("name: 'x\n", "not valid YAML at line 2, column 1"),
        ("name: x\n\tversion: 2", "not valid YAML at line 2, column 1"),
    ],
)
def test_invalid_yaml_names_line_and_column(
    text: str, fragment: str, write_spec: WriteSpec
) -> None:
    path = write_spec(text)
    with pytest.raises(BatchSpecError, match="not valid YAML") as caught:
        load_spec(path)
    assert str(caught.value).startswith(f"{path}: {fragment}")


def test_a_missing_spec_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(BatchSpecError, match="cannot read the batch spec"):
        load_spec(f"{tmp_path}/nope.yaml")
