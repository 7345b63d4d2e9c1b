"""Explanations: one line per problem for terminals and feedback, an HTML table for notebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.practice.site_config import Problem, explain, validate_site_config

SITE = """{
  "externalURL": "https://sourcegraph.acme.io",
  "auth.providers": [
    {"type": "builtin"},
    // SSO
    {"type": "oauth"},
  ],
  "auth.minPasswordLength": 8,
}
"""


def test_explain_gives_file_line_path_message_and_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site.json").write_text(SITE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = validate_site_config(Path("site.json"))
    assert report.explain().splitlines() == [
        "site.json:6: auth.providers[1].type: 'oauth' is not one of builtin, saml, openidconnect, "
        "http-header, github, gitlab — pick one of those",
        "site.json:8: auth.minPasswordLength: warning: passwords of 8 characters are below "
        "Sourcegraph's default of 12 — keep 12 or more unless a policy requires otherwise",
    ]
    assert report.summary() == "site.json: not valid (1 error, 1 warning)"


def test_explain_without_a_line_or_hint() -> None:
    problems = [
        Problem("url", None, "error", "broken"),
        Problem("(top level)", 1, "info", "fyi", "do x"),
    ]
    assert (
        explain(problems, source="gh.json")
        == "gh.json: url: broken\ngh.json:1: (top level): note: fyi — do x"
    )


def test_text_input_is_named_input() -> None:
    report = validate_site_config(
        '{"externalURL": "ftp://x.io", "auth.providers": [{"type": "builtin"}]}'
    )
    assert report.explain().startswith(
        "<input>:1: externalURL: 'ftp://x.io' is not an http:// or https:// URL"
    )


def test_html_rendering_escapes_and_lists_each_problem() -> None:
    report = validate_site_config(
        '{"externalURL": "https://a.io/<b>", "auth.providers": [{"type": "builtin"}]}'
    )
    html = report._repr_html_()
    assert "<table>" in html and html.count("<tr>") == 1 + len(report.problems)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "not valid (1 error, 0 warnings)" in html


def test_html_rendering_of_a_clean_report() -> None:
    report = validate_site_config(
        '{"externalURL": "https://a.io", "auth.providers": [{"type": "builtin"}]}'
    )
    assert report.ok and report.problems == ()
    assert "No problems found." in report._repr_html_()
    assert str(report) == "<input>: OK (0 errors, 0 warnings)"
