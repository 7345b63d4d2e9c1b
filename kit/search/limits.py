"""`count:` and `timeout:`: trimming the result that crosses the match limit, and the notices
a search that stopped early reports (the streaming API's `progress.skipped` items).

As Sourcegraph's limit job does, the result that crosses `count:N` keeps only the matches that
fit, and the limit counts as hit as soon as N matches have been sent.
"""

from __future__ import annotations

from dataclasses import replace

from kit.search.query import Query
from kit.search.results import FileMatch, LineMatch, Match, Skipped, SymbolMatch


def trimmed(match: Match, room: int) -> Match:
    """`match` with at most `room` matches left (file highlights or symbols, in order)."""
    if isinstance(match, SymbolMatch):
        return replace(match, symbols=match.symbols[:room])
    if not isinstance(match, FileMatch) or not match.line_matches:
        return match
    kept: list[LineMatch] = []
    for line in match.line_matches:
        if room <= 0:
            break
        ranges = line.offset_and_lengths[:room]
        kept.append(replace(line, offset_and_lengths=ranges))
        room -= len(ranges)
    return replace(match, line_matches=tuple(kept))


def timeout_skipped(query: Query) -> Skipped:
    """The notice for a search stopped by its `timeout:`."""
    return Skipped(
        reason="shard-timeout",
        title="timeout",
        message=f"The search stopped after the {query.timeout_seconds:g} s timeout.",
        severity="warn",
        suggested={"title": "give it more time", "queryExpression": "timeout:60s"},
    )


def limit_skipped(query: Query) -> Skipped:
    """The notice for a search that sent `count:` matches and stopped."""
    return Skipped(
        reason="shard-match-limit",
        title="result limit hit",
        message=f"Not all results were returned: the search stopped after {query.count} matches.",
        suggested={"title": "show every result", "queryExpression": "count:all"},
    )
