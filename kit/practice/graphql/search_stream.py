"""The practice instance's streaming search API, `GET /.api/search/stream?q=…`, as Sourcegraph
serves it to the src CLI and to the kit's live backend: server-sent events `matches`,
`progress`, `alert` (a query the engine cannot parse) and `done`.

With it, `SRC_ENDPOINT` can point at a practice instance served on 127.0.0.1 (`sgkit graphql
serve`), so live mode (a customer variant's exercises computed on "their" Sourcegraph) can be
rehearsed and tested without a customer's instance. Parameters read: `q` (required), `t` (the
default pattern type, used when the query names none) and `display` (matches sent at most; the
progress event still counts them all, and says the display limit was hit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from kit.errors import KitError
from kit.search import PracticeBackend
from kit.search.results import SearchResults

SEARCH_STREAM_PATH = "/.api/search/stream"
EVENT_STREAM = "text/event-stream"
DEFAULT_DISPLAY = 1500
_PATTERN_TYPE = re.compile(r"(?:^|\s)-?patterntype:", re.IGNORECASE)


class StreamRequestError(ValueError):
    """A search request the API refuses (400), with the message it answers."""


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def stream_query(params: Mapping[str, Sequence[str]]) -> tuple[str, int]:
    """The query to run and the display limit, from the request's query parameters."""
    query = (params.get("q") or [""])[0]
    if not query.strip():
        raise StreamRequestError('missing query parameter "q"')
    pattern_type = (params.get("t") or [""])[0]
    if pattern_type and not _PATTERN_TYPE.search(query):
        query = f"patterntype:{pattern_type} {query}"
    display_text = (params.get("display") or [str(DEFAULT_DISPLAY)])[0]
    try:
        display = int(display_text)
    except ValueError:
        raise StreamRequestError(f'"display" must be an integer, not "{display_text}"') from None
    return query, display if display >= 0 else DEFAULT_DISPLAY


def _progress(results: SearchResults, shown: int) -> dict[str, Any]:
    progress = results.progress.to_json()
    if shown < len(results.matches):
        progress["skipped"] = [
            *progress["skipped"],
            {
                "reason": "display",
                "title": "Display limit hit",
                "message": f"Only the first {shown} results are shown.",
                "severity": "info",
            },
        ]
    return progress


def search_events(backend: PracticeBackend, query: str, display: int) -> bytes:
    """The event stream answering `query`: its matches (at most `display`), progress, done;
    an `alert` instead of results for a query the engine rejects."""
    try:
        results = backend.search(query)
    except KitError as error:
        alert = {
            "title": "Unable To Process Query",
            "description": str(error),
            "proposedQueries": None,
        }
        return (_event("alert", alert) + _event("done", {})).encode()  # no progress, as Sourcegraph
    shown = results.matches[:display]
    body = _event("matches", [match.to_json() for match in shown]) if shown else ""
    body += _event("progress", _progress(results, len(shown)))
    return (body + _event("done", {})).encode()
