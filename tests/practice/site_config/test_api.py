"""The Python API: text or file in, a ValidationReport out, SiteConfigError for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import CorpusError, SiteConfigError
from kit.practice.site_config import validate_code_host_connection, validate_site_config

SITE = '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin"}]}'


def test_a_path_string_reads_the_file_and_names_it(tmp_path: Path) -> None:
    (tmp_path / "site.json").write_text(SITE, encoding="utf-8")
    report = validate_site_config(str(tmp_path / "site.json"))
    assert report.source == str(tmp_path / "site.json")
    assert report.value == {
        "externalURL": "https://sg.acme.io",
        "auth.providers": [{"type": "builtin"}],
    }


def test_configuration_text_is_validated_as_input() -> None:
    assert validate_site_config(SITE).source == "<input>"
    assert validate_site_config("// comment first\n" + SITE).ok


def test_a_folder_or_missing_file_is_a_site_config_error(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="is a folder"):
        validate_site_config(tmp_path)
    with pytest.raises(SiteConfigError, match=r"site\.json: file not found"):
        validate_site_config(tmp_path / "site.json")


def test_a_file_that_is_not_utf8_is_a_site_config_error(tmp_path: Path) -> None:
    (tmp_path / "site.json").write_bytes(b'{"externalURL": "\xff"}')
    with pytest.raises(SiteConfigError, match="not UTF-8"):
        validate_site_config(tmp_path / "site.json")


def test_unknown_code_host_kinds_are_refused() -> None:
    with pytest.raises(SiteConfigError, match="unknown code host kind 'bitbucket'"):
        validate_code_host_connection("bitbucket", "{}")


def test_kind_is_case_insensitive_and_the_report_says_which(corpus_dir: Path) -> None:
    report = validate_code_host_connection(
        "GitHub",
        '{"url": "https://github.com", "token": "ghp_abc123def456", "orgs": ["acme"]}',
        corpus=corpus_dir,
    )
    assert report.kind == "github"
    assert report.ok
    assert report.selected_repositories is not None and len(report.selected_repositories) == 7


def test_site_reports_have_no_repository_selection() -> None:
    assert validate_site_config(SITE).selected_repositories is None


def test_the_default_corpus_is_the_practice_corpus(corpus_dir: Path) -> None:
    # The autouse fixture points $SGKIT_CORPUS at the fresh build.
    report = validate_code_host_connection(
        "gitlab",
        '{"url": "https://gitlab.example.com", "token": "glpat-abc123", "projectQuery": ["projects"]}',
    )
    assert report.selected_repositories == (
        "gitlab.example.com/platform/deploy-configs",
        "gitlab.example.com/platform/internal-tools",
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "site.json").write_text("\ufeff" + SITE, encoding="utf-8")
    assert validate_site_config(tmp_path / "site.json").ok


def test_a_corpus_folder_without_repositories_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no git repositories"):
        validate_code_host_connection("github", '{"url": "https://github.com"}', corpus=tmp_path)
