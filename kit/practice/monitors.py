"""Code Monitors on the practice corpus: a monitor's query run over the commits made since it
last ran.

A Sourcegraph code monitor has one trigger, "new search results": its query (which must be a
`type:commit` or `type:diff` search) runs periodically, and every commit it matches that was made
since the previous run fires the monitor's actions. Here a run is reproduced on the practice
corpus's history: `run_monitor(backend, query, since=day)` returns the matches the monitor would
have reported for the commits made after `since`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from kit.errors import QuerySyntaxError
from kit.search import Searcher, SearchResults
from kit.search.query import parse_query
from kit.search.results import CommitMatch

MONITOR_TYPES = ("commit", "diff")


@dataclass(frozen=True)
class MonitorRun:
    """What a monitor reported for the commits made after `since`: one match per commit."""

    query: str
    since: datetime
    results: SearchResults

    @property
    def commits(self) -> tuple[CommitMatch, ...]:
        """The commits that fired the monitor, newest first."""
        return tuple(m for m in self.results.matches if isinstance(m, CommitMatch))

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li><code>{html.escape(c.repository)}</code> {c.oid[:7]} "
            f"{c.committer_date.date().isoformat()}: {html.escape(c.subject)}</li>"
            for c in self.commits
        )
        fired = f"fired for {len(self.commits)} commit(s)" if self.commits else "did not fire"
        return (
            f"<div>Monitor <code>{html.escape(self.query)}</code> {fired} since "
            f"{self.since.date().isoformat()}<ul>{rows}</ul></div>"
        )


def check_monitor_query(query: str) -> None:
    """Raise QuerySyntaxError unless `query` is one a code monitor accepts."""
    parsed = parse_query(query)
    kind = parsed.result_type.value if parsed.result_type is not None else None
    if kind not in MONITOR_TYPES:
        raise QuerySyntaxError(
            "a code monitor's query must search commits or diffs: add type:commit or type:diff"
        )


def as_moment(since: date | datetime | str) -> datetime:
    """`since` as an aware datetime: a day means the end of that day (UTC)."""
    if isinstance(since, str):
        since = date.fromisoformat(since)
    if isinstance(since, datetime):
        return since if since.tzinfo is not None else since.replace(tzinfo=UTC)
    return datetime.combine(since, time.max, tzinfo=UTC)


def run_monitor(sourcegraph: Searcher, query: str, *, since: date | datetime | str) -> MonitorRun:
    """Run the monitor `query` over the commits committed after `since`."""
    check_monitor_query(query)
    moment = as_moment(since)
    found = sourcegraph.search(query)
    fired = tuple(
        m for m in found.matches if isinstance(m, CommitMatch) and m.committer_date > moment
    )
    progress = replace(found.progress, match_count=len(fired))
    return MonitorRun(query, moment, replace(found, matches=fired, progress=progress))


@dataclass(frozen=True)
class MonitorSearcher:
    """A searcher whose results are what a monitor on each query reports since `since`:
    lets the query exercises' judges grade monitors by the commits they fire on."""

    sourcegraph: Searcher
    since: date | datetime | str

    def search(self, query: str) -> SearchResults:
        """The matches a monitor with this query reports (see `run_monitor`)."""
        return run_monitor(self.sourcegraph, query, since=self.since).results
