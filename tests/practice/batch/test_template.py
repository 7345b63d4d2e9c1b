"""`${{ }}` templates evaluate like Go's text/template with Sourcegraph's helpers."""

from __future__ import annotations

from typing import Any

import pytest

from kit.practice.batch.template import Record, TemplateError, render

VARIABLES: dict[str, Any] = {
    "batch_change": Record(name="pin-images", description="Pin base images"),
    "repository": Record(
        name="github.com/acme/ui-kit",
        branch="main",
        search_result_paths=["Dockerfile", "docker/dev.Dockerfile"],
    ),
    "previous_step": Record(
        modified_files=["Dockerfile"], added_files=[], deleted_files=[], stdout="ok\n", stderr=""
    ),
    "outputs": {"tag": "1.25", "config": {"image": "nginx", "ports": [80, 443]}},
}

RENDERED = [
    ("no template here", "no template here"),
    ("${{ repository.name }}", "github.com/acme/ui-kit"),
    ("${{repository.branch}}", "main"),
    ("${{ batch_change.name }}-${{ repository.branch }}", "pin-images-main"),
    ('${{ "${{" }} matrix.os }}', "${{ matrix.os }}"),
    ("${{ `raw ${{` }}", "raw ${{"),
    ('${{ join repository.search_result_paths " " }}', "Dockerfile docker/dev.Dockerfile"),
    ("${{ repository.search_result_paths }}", "[Dockerfile docker/dev.Dockerfile]"),
    ('${{ join_if "-" "a" "" "b" }}', "a-b"),
    ('${{ replace repository.name "github.com/" "" }}', "acme/ui-kit"),
    ('${{ split "a,b,c" "," }}', "[a b c]"),
    ('${{ index (split repository.name "/") 2 }}', "ui-kit"),
    ('${{ matches repository.name "github.com/acme/*" }}', "true"),
    ('${{ matches repository.name "gitlab.*" }}', "false"),
    ("${{ outputs.tag }}", "1.25"),
    ("${{ outputs.config.image }}:${{ index outputs.config.ports 1 }}", "nginx:443"),
    ("${{ outputs.missing }}", "<no value>"),
    ("${{ previous_step.modified_files }}", "[Dockerfile]"),
    ("${{ previous_step.added_files }}", "[]"),
    ('${{ eq repository.name "github.com/acme/ui-kit" }}', "true"),
    ('${{ ne repository.branch "main" }}', "false"),
    ("${{ not previous_step.added_files }}", "true"),
    ("${{ len repository.search_result_paths }}", "2"),
    ('${{ and true "x" }}|${{ or "" "y" }}', "x|y"),
    ('${{ printf "%s@%s" repository.name repository.branch }}', "github.com/acme/ui-kit@main"),
    ('${{ repository.branch | printf "on %s" }}', "on main"),
    ('${{ if eq repository.branch "main" }}default${{ else }}other${{ end }}', "default"),
    (
        '${{ if eq repository.branch "dev" }}dev${{ else if outputs.tag }}tag ${{ outputs.tag }}${{ end }}',
        "tag 1.25",
    ),
    ("${{ if previous_step.added_files }}added${{ end }}", ""),
    (
        "${{ range repository.search_result_paths }}- ${{ . }}\n${{ end }}",
        "- Dockerfile\n- docker/dev.Dockerfile\n",
    ),
    ("${{ range previous_step.added_files }}x${{ else }}none${{ end }}", "none"),
    ("a  ${{- 1 -}}  b", "a1b"),
    ("${{ true }} ${{ 3 }} ${{ nil }}", "true 3 <no value>"),
]

ERRORS = [
    ("${{ repository.nmae }}", "repository has no field nmae"),
    ("${{ repo.name }}", '"repo" is not defined'),
    ("${{ repository.name", "is a }} missing?"),
    ("${{ if true }}x", "missing ${{ end }}"),
    ("x${{ end }}", "${{ end }} without a matching if or range"),
    ("${{ }}", "empty ${{ }} action"),
    ('${{ join "a" }}', "wrong arguments for join"),
    ("${{ with outputs }}x${{ end }}", "with is not supported"),
    ("${{ (split outputs.tag }}", "unclosed ("),
    ('${{ "a" "b" }}', '"a" is not a function'),
    ("${{ repository.name.first }}", "repository.name is not something with fields"),
]


@pytest.mark.parametrize(("template", "expected"), RENDERED)
def test_templates_render_like_go_text_template(template: str, expected: str) -> None:
    assert render(template, VARIABLES) == expected


@pytest.mark.parametrize(("template", "fragment"), ERRORS)
def test_bad_templates_say_what_is_wrong(template: str, fragment: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(template, VARIABLES)
    assert fragment in str(caught.value)
