"""A stand-in for JupyterHub's OAuth provider and user API, served over real HTTP (uvicorn in a
thread), so the portal's `HubIdentity` talks to it exactly as to a hub: HubOAuth exchanges the
code at `/hub/api/oauth2/token` (client secret and PKCE checked) and asks `/hub/api/user` whose
token it holds. What a hub does in the browser (its login form, the authorize page) is
`FakeHub.authorize`: the code the hub would send the browser back with."""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SERVICE = "portal"
PREFIX = f"/services/{SERVICE}/"
CLIENT_ID = f"service-{SERVICE}"
API_TOKEN = "portal-service-secret"
ACCESS = f"access:services!service={SERVICE}"


@dataclass
class FakeHub:
    """The hub's OAuth codes and tokens, and the users it knows (name -> their scopes)."""

    port: int
    users: dict[str, list[str]]
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hub/api"

    def authorize(self, user: str, login_redirect: str) -> str:
        """The code the hub gives `user` after they log in at the portal's redirect."""
        query = parse_qs(urlsplit(login_redirect).query)
        assert query["client_id"] == [CLIENT_ID] and query["code_challenge_method"] == ["S256"]
        code = secrets.token_urlsafe(8)
        self.codes[code] = (user, query["code_challenge"][0])
        return code

    def hub_oauth(self) -> Any:
        """A HubOAuth configured as the hub configures its service's environment."""
        from jupyterhub.services.auth import HubOAuth

        return HubOAuth(
            api_token=API_TOKEN,
            api_url=self.api_url,
            oauth_client_id=CLIENT_ID,
            base_url=PREFIX,
            hub_prefix="/hub/",
            oauth_redirect_uri=f"{PREFIX}oauth_callback",
            access_scopes={ACCESS},
        )

    async def token(self, request: Request) -> Response:
        form = await request.form()
        user, challenge = self.codes.pop(str(form.get("code")), ("", ""))
        verifier = str(form.get("code_verifier", ""))
        digest = hashlib.sha256(verifier.encode()).digest()
        pkce = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if not user or form.get("client_secret") != API_TOKEN or pkce != challenge:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        token = secrets.token_hex(16)
        self.tokens[token] = user
        return JSONResponse({"access_token": token, "token_type": "Bearer"})

    async def user(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("token ")
        name = self.tokens.get(token)
        if name is None:
            return JSONResponse({"status": 403}, status_code=403)
        return JSONResponse(
            {"kind": "user", "name": name, "admin": False, "scopes": self.users[name]}
        )


@contextmanager
def running_hub(users: dict[str, list[str]]) -> Iterator[FakeHub]:
    """The fake hub listening on a free port until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = FakeHub(port, users)
    app = Starlette(
        routes=[
            Route("/hub/api/oauth2/token", hub.token, methods=["POST"]),
            Route("/hub/api/user", hub.user, methods=["GET"]),
        ]
    )
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the fake hub did not start"
        time.sleep(0.02)
    try:
        yield hub
    finally:
        server.should_exit = True
        thread.join(timeout=5)
