"""A live Sourcegraph, searched over its streaming API, answering with the practice backend's results.

    backend = LiveBackend.from_environment()      # SRC_ENDPOINT, SRC_ACCESS_TOKEN, as the src CLI
    results = backend.search("lang:python TODO")  # SearchResults, as PracticeBackend.search

The request is `GET {endpoint}/.api/search/stream?q=…&v=V3&t=keyword&display=1500` with
`Accept: text/event-stream` and `Authorization: token …`. The answer is server-sent events read as
they arrive: `matches`, `progress`, `filters`, `alert`, `error`, and finally `done`.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Self

from kit.errors import ConfigError, QuerySyntaxError, SearchError
from kit.search.results import Match, Progress, SearchResults
from kit.search.stream_matches import match_from_json, progress_from_json

__all__ = [
    "DEFAULT_DISPLAY",
    "DEFAULT_PATTERN_TYPE",
    "ENDPOINT_ENV",
    "LIMIT_REASONS",
    "QUERY_ALERT_TITLES",
    "SEARCH_VERSION",
    "STREAM_PATH",
    "TOKEN_ENV",
    "USER_AGENT",
    "LiveBackend",
    "ServerSentEvent",
    "collect_results",
    "match_from_json",
    "parse_events",
    "progress_from_json",
]

ENDPOINT_ENV = "SRC_ENDPOINT"
TOKEN_ENV = "SRC_ACCESS_TOKEN"
STREAM_PATH = "/.api/search/stream"
SEARCH_VERSION = "V3"
DEFAULT_PATTERN_TYPE = "keyword"
"""The practice engine's default (Sourcegraph 5.4+); a `patterntype:` in the query still wins."""
DEFAULT_DISPLAY = 1500
"""Matches sent at most, as the Sourcegraph UI shows; `progress.matchCount` still counts them all."""
LIMIT_REASONS = frozenset(
    {"document-match-limit", "shard-match-limit", "repository-limit", "display"}
)
"""`progress.skipped` reasons that mean matches exist beyond those returned."""
QUERY_ALERT_TITLES = frozenset({"Unable To Process Query", "Invalid Query"})
"""Alert titles Sourcegraph gives a query it cannot parse or validate (5.x, and 3.x)."""
USER_AGENT = "sgkit-live-search"
_TOKEN_CHARACTERS = re.compile(r"[!-~]+")  # printable ASCII, no spaces

log = logging.getLogger(__name__)


class _Secret:
    """A string that never shows itself in reprs, tracebacks' locals or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


class LiveBackend:
    """Answers Sourcegraph queries by asking a live instance's streaming search API.

    `timeout` is the longest wait, in seconds, to connect or for the next bytes of the stream
    (Sourcegraph sends progress every few seconds while it searches).
    """

    def __init__(
        self,
        endpoint: str,
        token: str | None,
        *,
        timeout: float = 30.0,
        pattern_type: str | None = DEFAULT_PATTERN_TYPE,
        display: int = DEFAULT_DISPLAY,
    ) -> None:
        self.endpoint = _checked_endpoint(endpoint)
        self._token = _checked_token(token)
        self.timeout = timeout
        self.pattern_type = pattern_type
        self.display = display

    @classmethod
    def from_environment(cls, *, timeout: float = 30.0) -> Self | None:
        """The instance `SRC_ENDPOINT` names, with `SRC_ACCESS_TOKEN`; None when no endpoint is set."""
        endpoint = os.environ.get(ENDPOINT_ENV, "").strip()
        if not endpoint:
            return None
        return cls(endpoint, os.environ.get(TOKEN_ENV), timeout=timeout)

    def __repr__(self) -> str:
        token = "<set>" if self._token else None
        return f"LiveBackend({self.endpoint!r}, token={token}, timeout={self.timeout:g})"

    def stream_url(self, query: str) -> str:
        """The streaming search URL for `query` (it carries no credentials)."""
        params = {"q": query, "v": SEARCH_VERSION}
        if self.pattern_type:
            params["t"] = self.pattern_type
        params["display"] = str(self.display)
        return f"{self.endpoint}{STREAM_PATH}?{urllib.parse.urlencode(params)}"

    def search(self, query: str) -> SearchResults:
        """Run `query` on the instance and return its results, read from the event stream."""
        with self._open(query) as response:
            try:
                return collect_results(query, parse_events(response), source=self._source)
            except TimeoutError as exc:
                raise SearchError(self._timeout_message()) from exc
            except (OSError, http.client.HTTPException) as exc:
                raise SearchError(
                    f"the connection to {self.endpoint} broke during the search ({exc}): try again"
                ) from exc

    @property
    def _source(self) -> str:
        return f"Sourcegraph at {self.endpoint}"

    def _timeout_message(self) -> str:
        return (
            f"no answer from {self.endpoint} within {self.timeout:g} s: "
            "the instance may be busy or unreachable; try again or raise the timeout"
        )

    def _open(self, query: str) -> http.client.HTTPResponse:
        url = self.stream_url(query)
        request = urllib.request.Request(
            url, headers={"Accept": "text/event-stream", "User-Agent": USER_AGENT}
        )
        if self._token is not None:
            # Unredirected: a redirect (to a sign-in page, another host) must not carry the token.
            request.add_unredirected_header("Authorization", f"token {self._token.reveal()}")
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(
                request, timeout=self.timeout
            )
        except urllib.error.HTTPError as exc:
            with exc:
                raise SearchError(self._status_message(exc)) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SearchError(self._timeout_message()) from exc
            raise SearchError(
                f"cannot reach Sourcegraph at {self.endpoint}: {exc.reason} (check {ENDPOINT_ENV})"
            ) from exc
        except TimeoutError as exc:
            raise SearchError(self._timeout_message()) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise SearchError(
                f"cannot reach Sourcegraph at {self.endpoint}: {exc} (check {ENDPOINT_ENV})"
            ) from exc
        content_type = response.headers.get_content_type()
        if content_type != "text/event-stream":
            final_url = response.geturl()
            response.close()
            raise SearchError(self._not_a_stream_message(content_type, url, final_url))
        return response

    def _status_message(self, error: urllib.error.HTTPError) -> str:
        status = error.code
        if status in (401, 403):
            if self._token is None:
                return f"{self._source} requires an access token (HTTP {status}): set {TOKEN_ENV}"
            return f"{self._source} refused the access token (HTTP {status}): check {TOKEN_ENV}"
        detail = _first_line(error.read(500))
        said = f": {detail}" if detail else ""
        if status == 404:
            hint = f"check that {ENDPOINT_ENV} is the instance's URL"
        elif status >= 500:
            hint = "the instance failed; try again later"
        else:
            hint = f"check {ENDPOINT_ENV} and the query"
        return f"{self._source} answered HTTP {status}{said} ({hint})"

    def _not_a_stream_message(self, content_type: str, url: str, final_url: str) -> str:
        where = ""
        if final_url != url:
            parts = urllib.parse.urlsplit(final_url)
            where = f" (redirected to {parts.scheme}://{parts.netloc}{parts.path})"
        if content_type == "text/html":
            return (
                f"{self._source} answered with an HTML page{where}, not a search event stream: "
                f"check that {ENDPOINT_ENV} is the instance's URL and no sign-in page or proxy "
                "is in the way"
            )
        return (
            f"{self._source} answered with {content_type}{where}, not a search event stream "
            f"(text/event-stream): check {ENDPOINT_ENV}"
        )


def _checked_endpoint(endpoint: str) -> str:
    endpoint = endpoint.strip().rstrip("/")
    parts = urllib.parse.urlsplit(endpoint)
    if "@" in parts.netloc:
        raise ConfigError(
            f"{ENDPOINT_ENV} must not contain credentials: put the access token in {TOKEN_ENV}"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{ENDPOINT_ENV} must be an http(s) URL such as https://sourcegraph.example.com, "
            f"not {endpoint!r}"
        )
    return endpoint


def _checked_token(token: str | None) -> _Secret | None:
    token = (token or "").strip()
    if not token:
        return None
    if not _TOKEN_CHARACTERS.fullmatch(token):
        # Not echoed: it is (nearly) a secret, and an HTTP header could not carry it anyway.
        raise ConfigError(
            f"{TOKEN_ENV} has spaces or characters an access token cannot have: copy it again"
        )
    return _Secret(token)


def _first_line(body: bytes) -> str:
    lines = body.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0][:200] if lines else ""


# --- Server-sent events -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of the stream: its name (`message` when unnamed) and its data lines joined."""

    name: str
    data: str


def parse_events(lines: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """Events from the raw lines of a `text/event-stream`, as the HTML standard reads them.

    `field: value` lines build an event and a blank line ends it; several `data` lines join with
    newlines; lines starting with `:` are comments; `id`, `retry` and unknown fields are ignored;
    an event the stream does not end with a blank line is dropped.
    """
    name = ""
    data: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8", errors="replace").removesuffix("\n").removesuffix("\r")
        if not line:
            if data:
                yield ServerSentEvent(name or "message", "\n".join(data))
            name, data = "", []
        elif not line.startswith(":"):
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)


# --- From events to results ----------------------------------------------------------------------


def collect_results(
    query: str, events: Iterable[ServerSentEvent], *, source: str = "Sourcegraph"
) -> SearchResults:
    """The results a search's events describe, up to its `done` event.

    Raises QuerySyntaxError for the alert Sourcegraph sends instead of results when it rejects the
    query, and SearchError for an `error` event, a malformed event or a stream cut short.
    """
    matches: list[Match] = []
    progress: Progress | None = None
    alerts: list[dict[str, Any]] = []
    left_out: dict[str, int] = {}
    for event in events:
        if event.name == "done":
            break
        if event.name not in ("matches", "progress", "alert", "error"):
            continue  # `filters` and future events
        try:
            payload = json.loads(event.data)
            if event.name == "matches":
                for item in payload:
                    match = match_from_json(item)
                    if match is None:
                        kind = str(item.get("type"))
                        left_out[kind] = left_out.get(kind, 0) + 1
                    else:
                        matches.append(match)
            elif event.name == "progress":
                progress = progress_from_json(payload)
            elif event.name == "alert":
                alerts.append(payload)
            else:
                raise SearchError(f"{source} could not run the search: {payload['message']}")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SearchError(
                f"{source} sent a `{event.name}` event this kit cannot read ({exc!r})"
            ) from exc
    else:
        raise SearchError(
            f"the search stream from {source} ended before the search finished: try again"
        )

    for alert in alerts:
        message = _alert_text(alert)
        # A rejected query gets an alert and no progress at all; other alerts follow a search.
        if alert.get("title") in QUERY_ALERT_TITLES or (progress is None and not matches):
            raise QuerySyntaxError(f"{source} rejected the query: {message}")
        log.warning("%s: %s", source, message)
    for kind, count in left_out.items():
        log.warning(
            "%s: left out %d %s match(es), which the kit's results cannot hold", source, count, kind
        )

    if progress is None:
        progress = Progress(
            match_count=sum(m.match_count for m in matches),
            duration_ms=0,
            repositories_count=len({m.repository for m in matches}),
        )
    limit_hit = any(s.reason in LIMIT_REASONS for s in progress.skipped)
    return SearchResults(
        query=query, matches=tuple(matches), progress=progress, limit_hit=limit_hit
    )


def _alert_text(alert: dict[str, Any]) -> str:
    title = " ".join(str(alert.get("title") or "alert").split())
    description = " ".join(str(alert.get("description") or "").split())
    text = f"{title}: {description}" if description else title
    proposed = [q["query"] for q in alert.get("proposedQueries") or () if q.get("query")]
    return f"{text} (try `{proposed[0]}`)" if proposed else text
