"""A real HTTP server for the practice API on 127.0.0.1 (stdlib `ThreadingHTTPServer`), so that
learner code written with `requests` or `httpx` for Sourcegraph's `/.api/graphql` runs unchanged.

    with serve(corpus=path) as url:      # url = "http://127.0.0.1:<port>"
        httpx.post(f"{url}/.api/graphql", headers={"Authorization": f"token {tok}"}, json={...})
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kit.errors import GraphQLServerError
from kit.practice.graphql.api import PracticeAPI, Reply, open_api
from kit.practice.graphql.store import Store
from kit.search import PracticeBackend

__all__ = ["PracticeServer", "serve", "serve_api"]

HOST = "127.0.0.1"


class PracticeServer(ThreadingHTTPServer):
    """An HTTP server whose every request is answered by one `PracticeAPI`."""

    daemon_threads = True

    def __init__(self, api: PracticeAPI, port: int = 0) -> None:
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            raise GraphQLServerError(
                f"cannot listen on {HOST}:{port} ({exc.strerror}); pick another --port",
                where="port",
            ) from None
        self.api = api
        self.lock = threading.Lock()
        api.base_url = self.url

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{HOST}:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: PracticeServer
    protocol_version = "HTTP/1.1"
    server_version = "sgkit-practice-sourcegraph"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        try:
            with self.server.lock:  # one request at a time: the store is one in-memory database
                reply = self.server.api.handle(
                    self.command, self.path, self.headers.get("Authorization"), body
                )
        except Exception as exc:  # never drop the connection without an answer
            reply = Reply(
                500,
                f"internal error: {type(exc).__name__}: {exc}\n".encode(),
                "text/plain; charset=utf-8",
            )
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _answer  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a notebook or test run should not print one line per request."""


@contextmanager
def serve_api(api: PracticeAPI, port: int = 0) -> Iterator[str]:
    """Serve `api` on 127.0.0.1:`port` (0 = a free port) while the block runs; yield its URL."""
    server = PracticeServer(api, port)
    thread = threading.Thread(target=server.serve_forever, name="practice-graphql", daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve(
    port: int = 0,
    corpus: str | Path | PracticeBackend | None = None,
    store: Store | str | Path | None = None,
) -> Iterator[str]:
    """Serve the practice API over `corpus` and `store` (see `open_api`); yield the base URL."""
    with serve_api(open_api(corpus, store), port) as url:
        yield url
