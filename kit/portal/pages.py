"""The portal's request handlers: each reads what it needs per request (credentials, revocations,
published documents), so what `sgkit certify` and `sgkit revoke` change shows at once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from kit.certify.certificates import verification_id
from kit.certify.trust import Trust
from kit.courses import Catalog
from kit.portal.headers import NO_STORE, PUBLIC_FOR_FIVE_MINUTES
from kit.portal.identity import Identity
from kit.portal.published import published_file
from kit.portal.settings import PortalSettings
from kit.portal.store import CredentialStore, credential_urn
from kit.portal.verdict import Status, Verdict, judge
from kit.templating import html_templates

MAX_PASTED_CHARACTERS = 64 * 1024
"""A credential is a few kilobytes; anything far larger is refused before it is parsed."""
TOO_LONG = "This is far longer than a credential; paste only the .jwt file's contents."
JWKS_MEDIA_TYPE = "application/jwk-set+json"
JWT_MEDIA_TYPE = "application/jwt"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


@dataclass(frozen=True)
class Portal:
    """What the handlers share: the settings, the credential store, the trust (its revocations
    replaced per request), the catalog the issuer certifies from, the routes' paths, and who
    learners are (None: public pages only)."""

    settings: PortalSettings
    store: CredentialStore
    trust: Trust
    catalog: Catalog
    paths: dict[str, str]
    identity: Identity | None = None

    def current_trust(self) -> Trust:
        """The trust with the revocations recorded now."""
        return replace(self.trust, revocations=self.store.revocations())

    def require_identity(self) -> Identity:
        """The identity (learner routes exist only when there is one)."""
        if self.identity is None:  # pragma: no cover - no learner route is registered then
            raise HTTPException(404)
        return self.identity


def portal_of(request: Request) -> Portal:
    """The portal the request's application serves."""
    found: Portal = request.app.state.portal
    return found


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from the portal's templates, with the issuer and the routes' paths."""
    portal = portal_of(request)
    identity = portal.identity
    context.setdefault("signed_in", "")
    page = (
        html_templates("kit.portal")
        .get_template(template)
        .render(
            issuer=portal.settings.issuer,
            paths=portal.paths,
            day=day,
            banner=identity.banner if identity else "",
            can_log_out=bool(identity and identity.can_log_out),
            **context,
        )
    )
    return HTMLResponse(page, status_code=status_code)


async def verify_page(request: Request) -> Response:
    """GET the verification page: a credential by the `id` a certificate's QR code carries, or
    the forms to check one."""
    portal = portal_of(request)
    if "id" not in request.query_params:
        return render(request, "verify.html.j2")
    given = request.query_params["id"]
    wanted = credential_urn(given)
    if wanted is None:
        error = "This is not a verification id: it is a UUID like 123e4567-e89b-12d3-a456-426614174000, printed under the QR code."
        return render(request, "verify.html.j2", 400, given_id=given, id_error=error)
    token = portal.store.token(wanted)
    if token is None:
        return render(request, "unknown.html.j2", 404, given_id=verification_id(wanted))
    verdict = judge(token, portal.current_trust())
    if verdict.credential is not None and verdict.credential.id != wanted:
        verdict = Verdict(Status.INVALID, "the stored credential does not carry this id")
    return render(request, "verdict.html.j2", verdict=verdict, given_id=verification_id(wanted))


async def verify_pasted(request: Request) -> Response:
    """POST a pasted credential (compact JWT) to the verification page: its verdict."""
    portal = portal_of(request)
    try:
        form = await request.form(max_fields=4, max_part_size=MAX_PASTED_CHARACTERS)
    except HTTPException:  # a field over the limit, or too many fields
        text, error = "", TOO_LONG
    else:
        pasted = form.get("credential")
        text = pasted.strip() if isinstance(pasted, str) else ""
        error = "" if text else "Paste the signed credential: the contents of its .jwt file."
    if error:
        return render(request, "verify.html.j2", 400, pasted=text[:200], paste_error=error)
    verdict = judge(text, portal.current_trust())
    return render(request, "verdict.html.j2", verdict=verdict, given_id=None)


async def jwks(request: Request) -> Response:
    """GET the issuer's public key set, byte for byte as published."""
    return _published(request, portal_of(request).settings.issuer.jwks_url, JWKS_MEDIA_TYPE)


async def status_list(request: Request) -> Response:
    """GET the issuer's current signed revocation status list, never cached."""
    return _published(request, portal_of(request).settings.issuer.status_list_url, JWT_MEDIA_TYPE)


def _published(request: Request, url: str, media_type: str) -> Response:
    portal = portal_of(request)
    found = published_file(portal.settings, url)
    if found is None:
        return render(request, "not_found.html.j2", 404, what="This document is not published yet.")
    cache = PUBLIC_FOR_FIVE_MINUTES if url == portal.settings.issuer.jwks_url else NO_STORE
    return Response(found.read_bytes(), media_type=media_type, headers={"Cache-Control": cache})


async def issuer_profile(request: Request) -> Response:
    """GET the issuer's profile: a page for people, an Open Badges `Profile` for verifiers that
    ask for JSON."""
    portal = portal_of(request)
    issuer = portal.settings.issuer
    headers = {"Cache-Control": PUBLIC_FOR_FIVE_MINUTES, "Vary": "Accept"}
    accept = request.headers.get("accept", "")
    if "json" in accept and "text/html" not in accept:
        profile = {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": issuer.id,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
        }
        return JSONResponse(profile, media_type="application/ld+json", headers=headers)
    certifications = sorted(portal.catalog.certifications.values(), key=lambda p: p.title)
    response = render(request, "issuer.html.j2", certifications=certifications)
    response.headers.update(headers)
    return response


async def stylesheet(request: Request) -> Response:
    """GET the portal's one stylesheet."""
    css = files("kit.portal").joinpath("static", "portal.css").read_bytes()
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


async def not_found(request: Request, exc: Exception) -> Response:
    """Any path the portal does not serve."""
    return render(request, "not_found.html.j2", 404, what="There is no page at this address.")


async def refused(request: Request, exc: Exception) -> Response:
    """A request the portal refuses (a login that went wrong): a page saying what to do."""
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    detail = exc.detail if isinstance(exc, HTTPException) else "This request cannot be answered."
    return render(request, "refused.html.j2", status, detail=detail)


async def server_error(request: Request, exc: Exception) -> Response:
    """A failure the portal did not expect: a plain page, never a traceback."""
    return render(request, "error.html.j2", 500)


def day(moment: datetime | None) -> str:
    """A date as people read it: 1 November 2026."""
    if moment is None:
        return "no expiry"
    return f"{moment.astimezone(UTC):%d %B %Y}".lstrip("0")
