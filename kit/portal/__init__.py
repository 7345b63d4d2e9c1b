"""The learning portal (`sgkit portal`): a Starlette application with server-rendered pages.

The public part needs no login: the verification page a certificate's QR code opens, a form
where anyone pastes a credential to check it, the issuer's published key set and status list,
and the issuer's profile. Modules: `settings` (what the portal serves, checked once at start),
`store` (issued credentials by id, revocations read per request), `published` (the issuer's
published documents), `verdict` (a credential judged valid, expired, revoked or invalid),
`headers` (security and cache headers), `pages` (the request handlers), `app` (the routes, at
the paths of the issuer's URLs) and `serve` (uvicorn).
"""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.portal.app import create_app
    from kit.portal.serve import serve
    from kit.portal.settings import PortalSettings, load_settings

__all__ = ["PortalSettings", "create_app", "load_settings", "serve"]

__getattr__ = lazy_exports(
    __name__,
    {
        "PortalSettings": ".settings",
        "create_app": ".app",
        "load_settings": ".settings",
        "serve": ".serve",
    },
)
