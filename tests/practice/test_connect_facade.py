"""`connect()` gives one handle for everything a notebook does to a Sourcegraph: search, GraphQL,
batch previews and configuration checks; the same calls reach a live instance's API."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import PracticeError
from kit.practice import connect
from kit.practice.graphql import create_token, open_api, serve_api
from kit.practice.instances import LiveSourcegraph, PracticeSourcegraph

SPEC = """\
version: 2
name: pin-images
on:
  - repositoriesMatchingQuery: file:^Dockerfile$ ":latest"
steps:
  - run: sed -i 's/:latest/:1.0/' Dockerfile
    container: alpine:3
changesetTemplate:
  title: Pin base images
  branch: pin-images
  commit:
    message: Pin base images
"""


def test_the_practice_instance_searches_and_answers_graphql(corpus_dir: Path) -> None:
    sg = connect(corpus_dir)
    assert isinstance(sg, PracticeSourcegraph)
    assert sg.search("lang:python TODO").match_count == 2
    reply = sg.graphql("{ currentUser { username siteAdmin } }")
    assert reply["data"]["currentUser"] == {"username": "admin", "siteAdmin": True}
    names = sg.graphql("{ repositories(first: 50) { nodes { name } } }")["data"]["repositories"]
    assert "github.com/acme/billing-service" in {n["name"] for n in names["nodes"]}


def test_a_bad_token_is_refused_by_the_practice_instance(corpus_dir: Path) -> None:
    with pytest.raises(PracticeError, match="401"):
        connect(corpus_dir).graphql("{ currentUser { username } }", token="sgp_not-a-token")


def test_batch_previews_and_configuration_checks_run_on_the_corpus(corpus_dir: Path) -> None:
    sg = connect(corpus_dir)
    preview = sg.batch_preview(SPEC)
    changed = {c.repository for c in preview.changesets}
    assert changed == {r.repository for r in sg.search('file:^Dockerfile$ ":latest"').matches}
    assert all("+FROM" in c.diff and ":1.0" in c.diff for c in preview.changesets)
    report = sg.validate_site_config('{"externalURL": "ftp://sourcegraph.internal/x",}')
    assert not report.ok and "externalURL" in report.explain()
    github = sg.validate_code_host_connection(
        "github", '{"url": "https://github.com", "token": "t0k3n-for-practice", "orgs": ["acme"]}'
    )
    assert "github.com/acme/billing-service" in github.selected_repositories


def test_with_src_endpoint_set_graphql_goes_over_http_to_that_instance(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = open_api(corpus_dir)
    with serve_api(api) as url:
        monkeypatch.setenv("SRC_ENDPOINT", url)
        monkeypatch.setenv("SRC_ACCESS_TOKEN", create_token(api.store, "admin"))
        sg = connect()
        assert isinstance(sg, LiveSourcegraph)
        reply = sg.graphql(
            "query($u: String!) { user(username: $u) { siteAdmin } }", {"u": "admin"}
        )
        assert reply["data"]["user"] == {"siteAdmin": True}
        with pytest.raises(PracticeError, match=r"401.*SRC_ACCESS_TOKEN"):
            sg.graphql("{ currentUser { username } }", token="sgp_wrong")


def test_an_endpoint_argument_names_the_live_instance_and_the_token_stays_in_the_environment(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = open_api(corpus_dir)
    with serve_api(api) as url:
        monkeypatch.setenv("SRC_ACCESS_TOKEN", create_token(api.store, "alex"))
        sg = connect(endpoint=url)  # as a customer variant's parameters cell would
        assert isinstance(sg, LiveSourcegraph)
        assert sg.graphql("{ currentUser { username } }")["data"]["currentUser"] == {
            "username": "alex"
        }
