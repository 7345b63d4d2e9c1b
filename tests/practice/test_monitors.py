"""Code monitors on the practice corpus: a commit or diff query run over the commits since a day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kit.errors import QuerySyntaxError
from kit.practice.monitors import run_monitor
from kit.search import PracticeBackend

ADDED_LATEST = "type:diff select:commit.diff.added :latest"


def test_a_monitor_fires_on_the_commits_made_since_its_last_run(practice: PracticeBackend) -> None:
    run = run_monitor(practice, ADDED_LATEST, since="2026-03-01")
    assert {c.subject for c in run.commits} == {
        "Storybook 8, and a Docker image serving it",
        "Build with the latest Node image",
        "Track the latest storefront build",
    }
    assert all(c.committer_date > datetime(2026, 3, 1, 23, 59, tzinfo=UTC) for c in run.commits)
    assert run.results.match_count == 3


def test_an_earlier_last_run_reports_more(practice: PracticeBackend) -> None:
    recent = {c.oid for c in run_monitor(practice, ADDED_LATEST, since="2026-03-01").commits}
    older = {c.oid for c in run_monitor(practice, ADDED_LATEST, since="2025-01-01").commits}
    assert recent < older


def test_a_monitor_needs_a_commit_or_diff_query(practice: PracticeBackend) -> None:
    with pytest.raises(QuerySyntaxError, match="add type:commit or type:diff"):
        run_monitor(practice, ":latest", since="2026-03-01")


def test_the_notebook_shows_what_fired(practice: PracticeBackend) -> None:
    html = run_monitor(practice, ADDED_LATEST, since="2026-03-01")._repr_html_()
    assert "fired for 3 commit(s) since 2026-03-01" in html
    assert "Track the latest storefront build" in html
    quiet = run_monitor(practice, ADDED_LATEST, since="2026-12-01")._repr_html_()
    assert "did not fire" in quiet
