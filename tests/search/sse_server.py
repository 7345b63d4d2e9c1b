"""A stand-in Sourcegraph for tests: `/.api/search/stream` over real HTTP, as server-sent events.

    with sourcegraph_stub(token=TOKEN) as stub:
        LiveBackend(stub.url, TOKEN).search(RESULTS_QUERY)
        stub.requests[-1].params     # {"q": ["TODO"], "v": ["V3"], ...}

Like Sourcegraph, the stub answers 401 unless the request carries `Authorization: token <token>`
(any request passes with `token=None`), and 400 for a missing `q` or a `display` that is not an
integer. What it streams depends on the query text: `stub.responses` maps queries to responses
(`RESPONSES` by default, one per situation a client must handle); other queries get a search
with no results. Every request, good or bad, is recorded in `stub.requests`.

Streams are sent with chunked transfer encoding, in small chunks, so events arrive split across
reads as they do from a real instance. Slow and stalled responses wait on the stub's stop event,
so leaving the `with` block ends them at once; the server joins its threads before it returns.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "RESPONSES",
    "Page",
    "RecordedRequest",
    "Stream",
    "StubSourcegraph",
    "encode_events",
    "sourcegraph_stub",
]

STREAM_PATH = "/.api/search/stream"
SIGN_IN_PATH = "/sign-in"
CHUNK_SIZE = 61  # odd-sized chunks split lines and events across reads
STALL_LIMIT = 30.0  # a stalled response gives up even if the stub is never stopped


@dataclass(frozen=True)
class Stream:
    """An event stream: `body` sent after `delay` seconds; with `stall_at`, only that many
    bytes of it, then nothing until the stub stops."""

    body: bytes
    delay: float = 0.0
    stall_at: int | None = None


@dataclass(frozen=True)
class Page:
    """A plain HTTP answer (an error status, a sign-in page, a redirect)."""

    status: int
    body: str = ""
    content_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)


Response = Stream | Page


@dataclass(frozen=True)
class RecordedRequest:
    """What the stub received: path, decoded query parameters, headers (names lower-cased)."""

    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]


def encode_events(
    events: Sequence[tuple[str, Any]],
    *,
    newline: str = "\n",
    comments: bool = False,
    multiline_data: bool = False,
) -> bytes:
    """`events` (name, JSON-able data) as `text/event-stream` bytes, as Sourcegraph writes them;
    optionally with keep-alive comments and data spread over several `data:` lines."""
    out: list[str] = []
    for name, data in events:
        if comments:
            out.append(f": keep-alive{newline}")
        out.append(f"event: {name}{newline}")
        text = json.dumps(data, indent=1 if multiline_data else None, ensure_ascii=False)
        out.extend(f"data: {line}{newline}" for line in text.split("\n"))
        out.append(newline)
    return "".join(out).encode()


# --- The canned answers ---------------------------------------------------------------------------

PIPELINE = "github.com/acme/data-pipeline"
BILLING = "github.com/acme/billing-service"
COMMIT = "8f3c2a1e9d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a"

CONTENT_WITH_LINE_MATCHES = {
    "type": "content",
    "path": "pipeline/extract.py",
    "repositoryID": 3,
    "repository": PIPELINE,
    "repoStars": 12,
    "branches": [""],
    "commit": COMMIT,
    "language": "Python",
    "hunks": None,
    "lineMatches": [
        {
            "line": "    # TODO: retry when the API times out",
            "lineNumber": 11,
            "offsetAndLengths": [[6, 4]],
        },
        {
            "line": "def extract(todo_list):  # TODO remove",
            "lineNumber": 40,
            "offsetAndLengths": [[12, 4], [27, 4]],
        },
    ],
}

# Three lines from line 6 (0-based): a context line, then "TODO" and "translate\nTOTAL" (one
# range over two lines) on line 7, and "TODO" on line 8. Columns count characters, offsets
# count UTF-8 bytes ("é" is two), as Sourcegraph sends them.
CONTENT_WITH_CHUNK_MATCHES = {
    "type": "content",
    "path": "billing/labels.py",
    "repositoryID": 1,
    "repository": BILLING,
    "commit": COMMIT,
    "hunks": None,
    "chunkMatches": [
        {
            "content": 'def label():\nlabel = "café"  # TODO: translate\nTOTAL = 1  # TODO',
            "contentStart": {"offset": 120, "line": 6, "column": 0},
            "ranges": [
                {
                    "start": {"offset": 152, "line": 7, "column": 18},
                    "end": {"offset": 156, "line": 7, "column": 22},
                },
                {
                    "start": {"offset": 158, "line": 7, "column": 24},
                    "end": {"offset": 173, "line": 8, "column": 5},
                },
                {
                    "start": {"offset": 181, "line": 8, "column": 13},
                    "end": {"offset": 185, "line": 8, "column": 17},
                },
            ],
        }
    ],
}

PATH_MATCH = {
    "type": "path",
    "path": "docs/TODO.md",
    "pathMatches": [
        {
            "start": {"offset": 5, "line": 0, "column": 5},
            "end": {"offset": 9, "line": 0, "column": 9},
        }
    ],
    "repositoryID": 3,
    "repository": PIPELINE,
    "commit": COMMIT,
}

REPO_MATCH = {
    "type": "repo",
    "repositoryID": 1,
    "repository": BILLING,
    "branches": [""],
    "description": "Invoices and payments (TODO: split)",
    "fork": False,
    "archived": False,
    "private": True,
}

SYMBOL_MATCH = {
    "type": "symbol",
    "path": "pipeline/todo.py",
    "repositoryID": 3,
    "repository": PIPELINE,
    "commit": COMMIT,
    "symbols": [
        {
            "url": f"/{PIPELINE}/-/blob/pipeline/todo.py#L4",
            "name": "TodoList",
            "containerName": "",
            "kind": "CLASS",
            "line": 4,
        }
    ],
}


def progress(
    match_count: int, *, done: bool = True, skipped: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """A `progress` event's data."""
    return {
        "done": done,
        "repositoriesCount": 2,
        "matchCount": match_count,
        "durationMs": 42 if done else 7,
        "skipped": list(skipped),
    }


def skipped(reason: str) -> dict[str, Any]:
    """A `progress.skipped` item for `reason`."""
    return {
        "reason": reason,
        "title": f"{reason} (1)",
        "message": f"Some results were skipped: {reason}.",
        "severity": "info",
        "suggested": {"title": "more results", "queryExpression": "count:all"},
    }


RESULTS_QUERY = "TODO"
RESULTS_EVENTS: list[tuple[str, Any]] = [
    ("progress", {"done": False, "matchCount": 0, "durationMs": 3, "skipped": []}),
    ("matches", [CONTENT_WITH_LINE_MATCHES, PATH_MATCH, REPO_MATCH]),
    ("progress", progress(5, done=False)),
    ("matches", [CONTENT_WITH_CHUNK_MATCHES, SYMBOL_MATCH]),
    (
        "filters",
        [
            {
                "value": "lang:python",
                "label": "Python",
                "count": 2,
                "exhaustive": True,
                "kind": "lang",
            }
        ],
    ),
    ("progress", progress(9)),
    ("done", {}),
]

INVALID_QUERY = "foo("
INVALID_QUERY_EVENTS: list[tuple[str, Any]] = [
    (
        "alert",
        {
            "title": "Unable To Process Query",
            "description": "Unbalanced expression: unmatched closing parenthesis )",
            "proposedQueries": [{"description": "quote it", "query": '"foo("'}],
        },
    ),
    ("done", {}),
]

NO_REPOSITORIES_QUERY = "repo:^nowhere$ TODO"
ERROR_QUERY = "TODO error"
SLOW_QUERY = "TODO slow"
STALLED_QUERY = "TODO stalled"
CUT_SHORT_QUERY = "TODO cut short"
HTML_QUERY = "TODO html"
REDIRECT_QUERY = "TODO redirect"
FORBIDDEN_QUERY = "TODO forbidden"
SERVER_ERROR_QUERY = "TODO 500"

SIGN_IN_PAGE = Page(
    200,
    "<!DOCTYPE html><html><head><title>Sign in - Sourcegraph</title></head><body></body></html>",
    content_type="text/html; charset=utf-8",
)

RESPONSES: dict[str, Response] = {
    RESULTS_QUERY: Stream(encode_events(RESULTS_EVENTS, comments=True, multiline_data=True)),
    INVALID_QUERY: Stream(encode_events(INVALID_QUERY_EVENTS)),
    NO_REPOSITORIES_QUERY: Stream(
        encode_events(
            [
                ("progress", progress(0)),
                (
                    "alert",
                    {"title": "No repositories found", "description": "Check your repo: filter."},
                ),
                ("done", {}),
            ]
        )
    ),
    ERROR_QUERY: Stream(
        encode_events(
            [
                ("progress", progress(0, done=False)),
                ("error", {"message": "context deadline exceeded"}),
                ("done", {}),
            ]
        )
    ),
    SLOW_QUERY: Stream(encode_events([("progress", progress(0)), ("done", {})]), delay=STALL_LIMIT),
    STALLED_QUERY: Stream(  # one event, then silence
        encode_events(
            [("progress", progress(0, done=False)), ("progress", progress(0)), ("done", {})]
        ),
        stall_at=len(encode_events([("progress", progress(0, done=False))])),
    ),
    CUT_SHORT_QUERY: Stream(encode_events(RESULTS_EVENTS[:3])),
    HTML_QUERY: SIGN_IN_PAGE,
    REDIRECT_QUERY: Page(302, headers={"Location": f"{SIGN_IN_PATH}?returnTo=%2Fsearch"}),
    FORBIDDEN_QUERY: Page(403, "Forbidden"),
    SERVER_ERROR_QUERY: Page(500, "internal error: zoekt unavailable\nmore detail"),
}
NO_RESULTS = Stream(encode_events([("progress", progress(0)), ("done", {})]))


# --- The server -------------------------------------------------------------------------------------


@dataclass
class StubSourcegraph:
    """A running stub: its base URL, the token it accepts, its answers and what it received."""

    url: str
    token: str | None
    responses: dict[str, Response]
    requests: list[RecordedRequest] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)

    def answer(
        self, path: str, params: Mapping[str, list[str]], headers: Mapping[str, str]
    ) -> Response:
        """What Sourcegraph would answer this request."""
        if path == SIGN_IN_PATH:
            return SIGN_IN_PAGE
        if path != STREAM_PATH:
            return Page(404, "404 page not found")
        if self.token is not None and headers.get("authorization") != f"token {self.token}":
            return Page(401, "Invalid access token.")
        query = params.get("q", [""])[0]
        if not query:
            return Page(400, "no query found")
        display = params.get("display", ["-1"])[0]
        try:
            int(display)
        except ValueError:
            return Page(400, f'display must be an integer, got "{display}"')
        return self.responses.get(query, NO_RESULTS)


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handlers
    stub: StubSourcegraph


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        stub = self.server.stub
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        stub.record(RecordedRequest(parts.path, params, headers))
        answer = stub.answer(parts.path, params, headers)
        try:
            if isinstance(answer, Page):
                self._send_page(answer)
            else:
                self._send_stream(answer, stub.stop)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
        self.close_connection = True

    def _send_page(self, page: Page) -> None:
        body = page.body.encode()
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _send_stream(self, stream: Stream, stop: threading.Event) -> None:
        if stream.delay and stop.wait(stream.delay):
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Accel-Buffering", "no")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        body = stream.body if stream.stall_at is None else stream.body[: stream.stall_at]
        for start in range(0, len(body), CHUNK_SIZE):
            chunk = body[start : start + CHUNK_SIZE]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
        if stream.stall_at is not None:
            stop.wait(STALL_LIMIT)
            return
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet


@contextmanager
def sourcegraph_stub(
    *, token: str | None = None, responses: Mapping[str, Response] | None = None
) -> Iterator[StubSourcegraph]:
    """Run a stub Sourcegraph on a free port of 127.0.0.1; stop it and join its threads on exit."""
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    stub = StubSourcegraph(
        url=f"http://{host!s}:{port}",
        token=token,
        responses=dict(RESPONSES if responses is None else responses),
    )
    server.stub = stub
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield stub
    finally:
        stub.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
