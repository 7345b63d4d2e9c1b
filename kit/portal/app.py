"""The portal application: its routes at the paths of the issuer's URLs (a certificate's QR code
opens `<verify_url>?id=<uuid>`), the security headers, and pages for errors."""

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
from kit.portal import pages
from kit.portal.headers import SecurityHeaders
from kit.portal.published import read_published
from kit.portal.settings import PortalSettings
from kit.portal.store import CredentialStore

STYLESHEET_PATH = "/static/portal.css"


def url_path(url: str) -> str:
    """The path part of one of the issuer's URLs, where the portal serves it."""
    return urlsplit(url).path.rstrip("/") or "/"


def create_app(settings: PortalSettings) -> Starlette:
    """The portal for `settings`: opens the records database (closed when the app shuts down)."""
    issuer = settings.issuer
    paths = {
        "verify": url_path(issuer.verify_url),
        "jwks": url_path(issuer.jwks_url),
        "status_list": url_path(issuer.status_list_url),
        "issuer": url_path(issuer.id),
        "home": url_path(issuer.url),
        "stylesheet": STYLESHEET_PATH,
    }
    _check_distinct(paths)
    trust = configured_trust(settings.project, issuer, records=settings.records_url)
    store = CredentialStore(settings)
    # The portal reads the issuer's own publication mirror, not a copy someone handed it: no
    # replayed status list to guard against, and no verifier state to write on every request
    # (the key folder may be read-only to the portal).
    portal = pages.Portal(
        settings=settings,
        store=store,
        trust=replace(trust, fetch=partial(read_published, settings), seen=None),
        catalog=load_catalog(settings.project.courses_dir),
        paths=paths,
    )
    routes: list[BaseRoute] = [
        Route(paths["verify"], pages.verify_page, methods=["GET"]),
        Route(paths["verify"], pages.verify_pasted, methods=["POST"]),
        Route(paths["jwks"], pages.jwks, methods=["GET"]),
        Route(paths["status_list"], pages.status_list, methods=["GET"]),
        Route(paths["issuer"], pages.issuer_profile, methods=["GET"]),
        Route(STYLESHEET_PATH, pages.stylesheet, methods=["GET"]),
    ]
    if paths["home"] != paths["issuer"]:
        routes.append(Route(paths["home"], pages.issuer_profile, methods=["GET"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={404: pages.not_found, 500: pages.server_error},
        lifespan=lifespan,
    )
    app.state.portal = portal
    return app


def _check_distinct(paths: dict[str, str]) -> None:
    """The issuer's documents and pages need paths of their own (the home page may be its id)."""
    seen: dict[str, str] = {}
    for name, path in paths.items():
        if name == "home":
            continue
        if path in seen:
            raise ConfigError(
                f"the issuer's {name} and {seen[path]} addresses share the path {path!r}; "
                "give each its own in courses/certifications.yaml (issuer)"
            )
        seen[path] = name
