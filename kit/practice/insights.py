"""Code Insights on the practice corpus: a search's match count over the repositories' history.

A "track changes" insight series has one query; each point is the number of matches that query
finds at one moment. As Sourcegraph backfills a new insight, each repository is searched at its
default branch's last commit at or before the point's time (`repo:^name$@<commit>`), forks and
archived repositories left out unless the query asks for them (`fork:yes`, `archived:yes`),
and the counts are added up.
A series has 12 points one step apart (a month by default), the last at the newest commit of
the corpus, as a series created today shows its last 12 steps.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args

from kit.errors import QuerySyntaxError
from kit.search import PracticeBackend
from kit.search.git_log import History, read_history
from kit.search.query import Query, parse_query

Step = Literal["day", "week", "month", "year"]
STEPS: tuple[str, ...] = get_args(Step)
DEFAULT_POINTS = 12
_NOT_IN_INSIGHTS = ("commit", "diff", "repo")


@dataclass(frozen=True)
class InsightPoint:
    """One point of a series: the day, and the matches found at the end of that day."""

    day: date
    value: int


@dataclass(frozen=True)
class InsightSeries:
    """A Code Insights series: its query and its points, oldest first."""

    query: str
    points: tuple[InsightPoint, ...]
    label: str = ""

    @property
    def values(self) -> tuple[int, ...]:
        """The point values, oldest first."""
        return tuple(p.value for p in self.points)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{p.day.isoformat()}</td><td style='text-align:right'>{p.value}</td>"
            f"<td><div style='background:#a305e1;height:0.7em;width:{_bar(p.value, self)}px'>"
            "</div></td></tr>"
            for p in self.points
        )
        title = html.escape(self.label or self.query)
        return (
            f"<div><strong>{title}</strong> <code>{html.escape(self.query)}</code>"
            f"<table><tr><th>Day</th><th>Matches</th><th></th></tr>{rows}</table></div>"
        )


def _bar(value: int, series: InsightSeries) -> int:
    top = max(series.values, default=0)
    return 0 if top == 0 else round(200 * value / top)


def point_days(
    last: date, *, step: Step = "month", count: int = DEFAULT_POINTS
) -> tuple[date, ...]:
    """`count` days one `step` apart, ending with `last`, oldest first."""
    if step not in STEPS:
        raise ValueError(f"unknown insight step {step!r}: use one of {', '.join(STEPS)}")
    if count < 1:
        raise ValueError("an insight series needs at least one point")
    return tuple(reversed([_step_back(last, step, n) for n in range(count)]))


def _step_back(last: date, step: Step, n: int) -> date:
    if step == "day":
        return last - timedelta(days=n)
    if step == "week":
        return last - timedelta(weeks=n)
    months = n if step == "month" else 12 * n
    year, month = divmod(last.year * 12 + last.month - 1 - months, 12)
    month += 1
    for day in range(last.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a first day")


def insight_series(
    backend: PracticeBackend,
    query: str,
    *,
    step: Step = "month",
    points: int = DEFAULT_POINTS,
    days: Sequence[date] | None = None,
    label: str = "",
) -> InsightSeries:
    """The series `query` draws on the practice corpus: its match count at each point day
    (`days`, or `points` days one `step` apart ending at the corpus's newest commit)."""
    parsed = _check_insight_query(query)
    every = {
        r.name: read_history(backend.corpus.root / r.name) for r in backend.corpus.repositories
    }
    histories = {
        r.name: every[r.name]
        for r in backend.corpus.repositories
        if _in_scope(r.meta.fork, parsed.fork) and _in_scope(r.meta.archived, parsed.archived)
    }
    wanted = (
        tuple(days)
        if days is not None
        else point_days(_newest(every.values()), step=step, count=points)
    )
    values = [
        sum(_count_at(backend, query, name, history, day) for name, history in histories.items())
        for day in wanted
    ]
    return InsightSeries(
        query=query,
        points=tuple(InsightPoint(d, v) for d, v in zip(wanted, values, strict=True)),
        label=label,
    )


def _in_scope(flag: bool, wanted: str) -> bool:
    """Whether a fork (or archived repository), `flag`, is searched under `fork:wanted`."""
    return {"yes": True, "no": not flag, "only": flag}.get(wanted, True)


def _check_insight_query(query: str) -> Query:
    parsed = parse_query(query)
    if parsed.revisions:
        raise QuerySyntaxError(
            "Code Insights search each repository's default branch over time: "
            "leave out repo:...@revision and rev:"
        )
    kind = parsed.result_type.value if parsed.result_type is not None else None
    if kind in _NOT_IN_INSIGHTS:
        raise QuerySyntaxError(
            f"a track-changes insight counts content matches: leave out type:{kind}"
        )
    return parsed


def _newest(histories: Iterable[History]) -> date:
    newest = max(c.committer.date for h in histories for c in h.commits.values())
    return newest.astimezone(UTC).date()


def commit_at(history: History, day: date) -> str | None:
    """The default branch's last commit at or before the end of `day` (UTC), if any."""
    end = datetime.combine(day, time.max, tzinfo=UTC)
    oid = history.head
    while oid is not None:
        commit = history.commits.get(oid)
        if commit is None:
            return None
        if commit.committer.date <= end:
            return oid
        oid = commit.parents[0] if commit.parents else None
    return None


def _count_at(backend: PracticeBackend, query: str, name: str, history: History, day: date) -> int:
    oid = commit_at(history, day)
    if oid is None:
        return 0
    scoped = f"repo:^{re.escape(name)}$@{oid} {query}"
    return backend.search(scoped).match_count
