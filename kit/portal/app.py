"""The portal application: its public routes at the paths of the issuer's URLs (a certificate's
QR code opens `<verify_url>?id=<uuid>`), the learner's pages when an identity is given, the
security headers, and pages for errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from kit.certify.trust import configured_trust
from kit.courses import load_catalog
from kit.errors import ConfigError
from kit.portal import learner, pages
from kit.portal.headers import SecurityHeaders
from kit.portal.identity import Identity
from kit.portal.published import read_published
from kit.portal.settings import PortalSettings
from kit.portal.store import CredentialStore

STYLESHEET_PATH = "/static/portal.css"
LEARNER_PATHS = {
    "learning": "/my/learning",
    "credentials": "/my/credentials",
    "api_learning": "/api/my/learning",
    "api_credentials": "/api/my/credentials",
    "logout": "/logout",
}


def url_path(url: str) -> str:
    """The path part of one of the issuer's URLs, where the portal serves it."""
    return urlsplit(url).path.rstrip("/") or "/"


def create_app(settings: PortalSettings, identity: Identity | None = None) -> Starlette:
    """The portal for `settings`, with the learner's pages when `identity` says who learners
    are (public pages only without); opens the records database (closed at shutdown)."""
    issuer = settings.issuer
    public = {
        "verify": url_path(issuer.verify_url),
        "jwks": url_path(issuer.jwks_url),
        "status_list": url_path(issuer.status_list_url),
        "issuer": url_path(issuer.id),
        "home": url_path(issuer.url),
        "stylesheet": STYLESHEET_PATH,
    }
    own = LEARNER_PATHS if identity is not None else {}
    _check_distinct({**public, **own})
    prefix = identity.prefix if identity is not None else ""
    paths = {name: _under(prefix, path) for name, path in {**public, **own}.items()}
    trust = configured_trust(settings.project, issuer, records=settings.records_url)
    store = CredentialStore(settings)
    # The portal reads the issuer's own publication mirror, not a copy someone handed it: no
    # replayed status list to guard against, and no verifier state to write on every request
    # (the key folder may be read-only to it).
    portal = pages.Portal(
        settings=settings,
        store=store,
        trust=replace(trust, fetch=partial(read_published, settings), seen=None),
        catalog=load_catalog(settings.project.courses_dir),
        paths=paths,
        identity=identity,
    )
    routes = _public_routes(paths)
    if prefix:  # on the hub: the issuer's addresses answer at the root too (a front end's)
        routes += _public_routes(public)
    if identity is not None:
        routes += [
            Route(paths["learning"], learner.my_learning, methods=["GET"]),
            Route(paths["credentials"], learner.my_credentials, methods=["GET"]),
            Route(
                paths["credentials"] + "/{id}.{kind}",
                learner.credential_download,
                methods=["GET"],
            ),
            Route(paths["api_learning"], learner.learning_api, methods=["GET"]),
            Route(paths["api_credentials"], learner.credentials_api, methods=["GET"]),
            *identity.routes(paths),
        ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()
        if identity is not None:
            await identity.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={
            400: pages.refused,
            403: pages.refused,
            404: pages.not_found,
            500: pages.server_error,
        },
        lifespan=lifespan,
    )
    app.state.portal = portal
    return app


def _public_routes(paths: dict[str, str]) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route(paths["verify"], pages.verify_page, methods=["GET"]),
        Route(paths["verify"], pages.verify_pasted, methods=["POST"]),
        Route(paths["jwks"], pages.jwks, methods=["GET"]),
        Route(paths["status_list"], pages.status_list, methods=["GET"]),
        Route(paths["issuer"], pages.issuer_profile, methods=["GET"]),
        Route(paths["stylesheet"], pages.stylesheet, methods=["GET"]),
    ]
    if paths["home"] != paths["issuer"]:
        routes.append(Route(paths["home"], pages.issuer_profile, methods=["GET"]))
    return routes


def _under(prefix: str, path: str) -> str:
    """`path` under the prefix the portal is served at ('/' under it is the prefix + '/')."""
    return f"{prefix}{path}" if prefix else path


def _check_distinct(paths: dict[str, str]) -> None:
    """The issuer's documents and the portal's pages need paths of their own (the home page may
    be the issuer's id)."""
    seen: dict[str, str] = {}
    for name, path in paths.items():
        if name == "home":
            continue
        if path in seen:
            raise ConfigError(
                f"the issuer's {name} and {seen[path]} addresses share the path {path!r}; "
                "give each its own in courses/certifications.yaml (issuer; the portal's own pages "
                f"are at {', '.join(LEARNER_PATHS.values())})"
            )
        seen[path] = name
