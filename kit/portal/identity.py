"""Who is asking: the learner a request comes from, in one of two modes behind one interface.

- `HubIdentity` (`sgkit portal --hub`): the portal runs as a JupyterHub service. Browsers log in
  through the hub's OAuth as `jupyterhub.services.auth.HubOAuth` does it: an OAuth state kept
  by HubOAuth and named in a short-lived signed cookie, PKCE, the code exchanged for a hub token
  kept in a signed cookie named after the OAuth client; the hub user name is the learner id.
- `DevIdentity` (`sgkit portal --dev-learner NAME`): one machine, development and small classes.
  Every request is the learner named at start, and every page says identity is not checked.

Nothing else chooses a learner: no page or API takes a learner id from the URL or a form.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import string
from abc import ABC, abstractmethod
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from tornado.httputil import url_concat
from tornado.web import create_signed_value, decode_signed_value

from kit.errors import ConfigError

HUB_ENVIRONMENT = ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_CLIENT_ID", "JUPYTERHUB_SERVICE_PREFIX")
"""What the hub sets for each of its services; `--hub` needs all three."""
LEARNER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
STATE_MAX_AGE_SECONDS = 600
TOKEN_COOKIE_MAX_AGE_DAYS = 14
"""A token cookie older than this is not read (the hub's token may expire sooner)."""
DEV_BANNER = (
    "Development mode: identity is not checked. Every visitor is treated as the learner {name}; "
    "do not serve this to more than one person."
)


class Identity(ABC):
    """The learner behind a request, and how an anonymous browser logs in."""

    prefix: str = ""
    """The path the portal is served under ('' at the root; the service prefix on the hub)."""
    banner: str = ""
    """A warning every page shows (empty when identity is checked)."""
    can_log_out: bool = False

    @abstractmethod
    async def learner(self, request: Request) -> str | None:
        """The authenticated learner id, or None for an anonymous visitor."""

    @abstractmethod
    def login(self, request: Request) -> Response:
        """Where an anonymous visitor to a learner page is sent to log in."""

    def routes(self, paths: dict[str, str]) -> list[BaseRoute]:
        """The routes login and logout need (none by default)."""
        return []

    async def close(self) -> None:  # noqa: B027 - most identities hold nothing open
        """Release what the identity holds open (nothing by default)."""


class DevIdentity(Identity):
    """Every request is one fixed learner: identity is not checked."""

    def __init__(self, name: str) -> None:
        if not LEARNER_NAME.match(name):
            raise ConfigError(
                f"--dev-learner {name!r} is not a learner id (letters, digits, . _ @ + -; "
                "as in the gradebooks)"
            )
        self.name = name
        self.banner = DEV_BANNER.format(name=name)

    async def learner(self, request: Request) -> str | None:
        """The fixed learner."""
        return self.name

    def login(self, request: Request) -> Response:
        """Never needed: every visitor is the fixed learner."""
        return RedirectResponse(request.url.path, status_code=302)  # pragma: no cover


class HubIdentity(Identity):
    """Learners log in with the hub's OAuth; the hub user name is the learner id.

    `auth` is a `jupyterhub.services.auth.HubOAuth`: it keeps the OAuth states and PKCE
    verifiers, builds the hub's authorize URL, exchanges the code and asks the hub who a token
    belongs to (cached). The cookies are signed with `secret` in tornado's format, as HubOAuth's
    `set_secure_cookie` signs them; a new secret (a restart) only means logging in again, which
    the hub does without asking.
    """

    can_log_out = True

    def __init__(self, auth: Any, secret: bytes) -> None:
        self.auth = auth
        self.secret = secret
        self.prefix = str(auth.base_url).rstrip("/")

    @classmethod
    def from_environment(cls) -> HubIdentity:
        """The identity of a portal the hub started as its service (the hub sets
        `JUPYTERHUB_*`); a ConfigError naming what is missing otherwise."""
        missing = [name for name in HUB_ENVIRONMENT if not os.environ.get(name)]
        if missing:
            raise ConfigError(
                f"--hub: {', '.join(missing)} not set; run the portal as a JupyterHub service "
                "(the hub sets these for its services; see the README's portal paragraph)"
            )
        from jupyterhub.services.auth import HubOAuth  # type: ignore[import-untyped]

        return cls(HubOAuth(), secrets.token_bytes(32))

    # Who is asking

    async def learner(self, request: Request) -> str | None:
        """The hub user whose token the request carries (its signed cookie, or an
        `Authorization: token ...` header for API clients), if the hub still knows the token,
        it is a user's and it may access this service."""
        token = self._token(request)
        if token is None:
            return None
        model = await self.auth.user_for_token(
            token, session_id=request.cookies.get("jupyterhub-session-id", ""), sync=False
        )
        if not model or model.get("kind", "user") != "user":
            return None
        scopes = self.auth.access_scopes
        if scopes and not self.auth.check_scopes(scopes, model):
            return None
        return str(model["name"])

    def _token(self, request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        found = re.match(r"(?:token|bearer)\s+(\S+)$", header, re.IGNORECASE)
        if found:
            return found.group(1)
        return self._signed(request, self.auth.cookie_name, TOKEN_COOKIE_MAX_AGE_DAYS)

    def _signed(self, request: Request, name: str, max_age_days: float) -> str | None:
        value = request.cookies.get(name)
        if not value:
            return None
        decoded = decode_signed_value(self.secret, name, value, max_age_days=max_age_days)
        return decoded.decode("ascii", "replace") if decoded else None

    # Logging in and out

    def login(self, request: Request) -> Response:
        """Redirect to the hub's authorize URL with a fresh state and PKCE challenge; the state
        id goes into a signed cookie that lives ten minutes (HubOAuth.set_state_cookie)."""
        verifier, challenge, method = self.auth.generate_pkce_code_challenge()
        cookie_name = self.auth.state_cookie_name
        extra: dict[str, str] = {"code_verifier": verifier}
        if request.cookies.get(cookie_name):  # another login under way in this browser
            suffix = "".join(random.choice(string.ascii_letters) for _ in range(8))
            cookie_name = f"{cookie_name}-{suffix}"
            extra["cookie_name"] = cookie_name
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        state = self.auth.generate_state(here, **extra)
        url = url_concat(
            self.auth.login_url,
            {"state": state, "code_challenge": challenge, "code_challenge_method": method},
        )
        response = RedirectResponse(url, status_code=302)
        self._set_signed(
            request, response, cookie_name, state, max_age=STATE_MAX_AGE_SECONDS, fixed=True
        )
        return response

    def routes(self, paths: dict[str, str]) -> list[BaseRoute]:
        """The OAuth callback (at the path of the hub's redirect URI) and logging out."""
        callback = urlsplit(str(self.auth.oauth_redirect_uri)).path
        return [
            Route(callback, self.callback, methods=["GET"]),
            Route(paths["logout"], self.logout, methods=["POST"]),
        ]

    async def callback(self, request: Request) -> Response:
        """Finish the OAuth login (HubOAuthCallbackHandler's steps): the state must match the
        browser's state cookie; the code is exchanged (with the PKCE verifier) for a token."""
        query = request.query_params
        if query.get("error"):
            detail = query.get("error_description") or query["error"]
            raise HTTPException(400, f"The hub did not log you in: {detail}.")
        code, state = query.get("code"), query.get("state")
        if not code or not state:
            raise HTTPException(400, "The login came back without its code or state. Log in again.")
        cookie_state = self._signed(
            request, self.auth.get_state_cookie_name(state), STATE_MAX_AGE_SECONDS / 86400
        )
        if cookie_state is None and await self.learner(request) is not None:
            # a stale callback (back button) after logging in: go on, without a new token
            return self._clear_states(request, self._redirect(self.auth.get_next_url(state)))
        if cookie_state != state:
            raise HTTPException(
                403, "This login does not match the one this browser started. Log in again."
            )
        next_url = self.auth.get_next_url(state)
        verifier = self.auth.get_code_verifier(state)
        self.auth.clear_oauth_state(state)
        token = await self.auth.token_for_code(code, code_verifier=verifier, sync=False)
        response = self._clear_states(request, self._redirect(next_url))
        self._set_signed(request, response, self.auth.cookie_name, token)
        return response

    async def logout(self, request: Request) -> Response:
        """Forget the portal's token and log out of the hub too (otherwise the hub would log
        the browser straight back in)."""
        response = RedirectResponse(f"{self.auth.hub_prefix}logout", status_code=303)
        self._clear(request, response, self.auth.cookie_name)
        return response

    async def close(self) -> None:
        """Close the hub's HTTP client session of this event loop."""
        from jupyterhub.httpclient import JupyterHubHTTPClient  # type: ignore[import-untyped]

        await JupyterHubHTTPClient.loop_instance().close()

    # Cookies

    def _secure(self, request: Request) -> bool:
        public = os.environ.get("JUPYTERHUB_PUBLIC_URL", "")
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        return (
            request.url.scheme == "https"
            or forwarded == "https"
            or urlsplit(public).scheme == "https"
            or bool(self.auth.cookie_host_prefix_enabled)
        )

    def _set_signed(
        self,
        request: Request,
        response: Response,
        name: str,
        value: str,
        *,
        max_age: int | None = None,
        fixed: bool = False,
    ) -> None:
        options: dict[str, Any] = {"path": self.auth.cookie_path, "httponly": True}
        if max_age is not None:
            options["max_age"] = max_age
        if self._secure(request):
            options["secure"] = True
        for key, option in dict(self.auth.cookie_options).items():
            if fixed and key.lower() in {"path", "httponly", "max_age", "expires", "expires_days"}:
                continue  # the state cookie's lifetime and scope are not configurable
            if key.lower() in {"path", "domain", "secure", "httponly", "max_age", "samesite"}:
                options[key.lower()] = option
        signed = create_signed_value(self.secret, name, value).decode("ascii")
        response.set_cookie(name, signed, **options)

    def _clear(self, request: Request, response: Response, name: str) -> None:
        response.delete_cookie(
            name, path=self.auth.cookie_path, secure=self._secure(request), httponly=True
        )

    def _clear_states(self, request: Request, response: Response) -> Response:
        for name in request.cookies:
            if name.startswith(self.auth.state_cookie_name):
                self._clear(request, response, name)
        return response

    def _redirect(self, next_url: str) -> Response:
        """A redirect to a path of this portal only (never to another site)."""
        base = f"{self.prefix}/"
        safe = next_url if next_url.startswith("/") and not next_url.startswith("//") else base
        return RedirectResponse(safe, status_code=302)


def identity_for(*, hub: bool, dev_learner: str | None) -> Identity | None:
    """The identity `sgkit portal` was started with: the hub's (`--hub`), a fixed learner
    (`--dev-learner`), or None (public pages only). Both at once is a ConfigError: on the hub,
    nobody may choose who they are."""
    if hub and dev_learner is not None:
        raise ConfigError(
            "--dev-learner and --hub exclude each other: on the hub the learner is whoever "
            "logged in to the hub; drop --dev-learner"
        )
    if hub:
        return HubIdentity.from_environment()
    if dev_learner is not None:
        return DevIdentity(dev_learner)
    return None
